/**
 * Predicted against true values for a regression model: one dot per sample,
 * and the diagonal where a perfect model's dots would all lie.
 */
import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import type { EvaluationResult } from '../../../shared/ipc/services';
import { axisStyle, type ChartTheme } from '../training/chart-theme';
import { UPlotChart } from '../training/UPlotChart';
import { predictedVsTrue } from './regression';

const tick = (v: number) => String(Number(v.toPrecision(3)));

function options(range: [number, number], theme: ChartTheme): uPlot.Options {
  const axis = axisStyle(theme);
  const pad = (range[1] - range[0]) * 0.05 || 1;
  const scale = { time: false, range: [range[0] - pad, range[1] + pad] as [number, number] };
  return {
    width: 0,
    height: 0,
    padding: [10, 12, 0, 4],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: scale, y: scale },
    axes: [
      { ...axis, size: 34, label: 'true value', labelSize: 12, labelGap: 0, values: (_u, s) => s.map(tick) },
      { ...axis, size: 48, label: 'predicted', labelSize: 14, values: (_u, s) => s.map(tick) },
    ],
    series: [
      {},
      { label: 'perfect', stroke: theme.muted, width: 1, dash: [4, 4], points: { show: false }, spanGaps: true },
      { label: 'predicted', stroke: 'transparent', paths: () => null, points: { show: true, size: 4, fill: theme.training, stroke: theme.training } },
    ],
  };
}

export function RegressionChart({ result }: { result: EvaluationResult }) {
  const width = result.outputShape.reduce((a, d) => a * d, 1);
  const r = useMemo(() => predictedVsTrue(result.outputs, result.labels, width), [result, width]);
  // The diagonal is drawn through the first and last true values; points in between are gaps it spans.
  const data = useMemo<uPlot.AlignedData>(() => [r.truth, r.truth.map((t, i) => (i === 0 || i === r.truth.length - 1 ? t : null)), r.predicted], [r]);
  const build = useCallback((theme: ChartTheme) => options(r.range, theme), [r]);
  return (
    <figure className="chart-card" data-testid="regression-chart">
      <UPlotChart options={build} optionsKey={r.range.join(':')} data={data} height={260} label="Each sample's predicted value against its true value" />
      <figcaption className="hint">Each dot is a sample. On the dashed diagonal the prediction is exactly right; above it the model guessed too high, below too low.</figcaption>
    </figure>
  );
}
