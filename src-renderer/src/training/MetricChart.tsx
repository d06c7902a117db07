/**
 * A live learning curve: one metric for the training data (solid) and, when
 * the run has it, the validation data (dashed), over epochs. The legend above
 * the chart always shows the latest values.
 */
import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import { axisStyle, type ChartTheme } from './chart-theme';
import type { EpochRecord } from '../../../shared/ipc/services';
import { chartSeries, formatLoss, formatPercent, type ChartMetric } from './series';
import type { LivePoint } from './store';
import { UPlotChart } from './UPlotChart';

const TITLES: Record<ChartMetric, string> = { loss: 'Loss', accuracy: 'Accuracy', mae: 'Mean absolute error' };

const formatValue = (metric: ChartMetric) => (v: number | null | undefined) => (v === null || v === undefined ? '—' : metric === 'accuracy' ? formatPercent(v) : formatLoss(v));

function options(metric: ChartMetric, withValidation: boolean, theme: ChartTheme): uPlot.Options {
  const value = formatValue(metric);
  const axis = axisStyle(theme);
  return {
    width: 0,
    height: 0,
    padding: [12, 12, 0, 4],
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    legend: { show: false },
    scales: { x: { time: false }, y: metric === 'accuracy' ? { range: [0, 1] } : { range: (_u, lo, hi) => [Math.min(0, lo), hi > 0 ? hi * 1.05 : 1] } },
    axes: [
      // Whole epochs only, unless the run is short enough that fractions are all there is to see.
      { ...axis, size: 34, label: 'epoch', labelSize: 12, labelGap: 0, values: (u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : (u.scales['x']!.max ?? 0) - (u.scales['x']!.min ?? 0) <= 3 ? s.toFixed(1) : '')) },
      { ...axis, size: 52, values: (_u, splits) => splits.map((s) => (metric === 'accuracy' ? `${Math.round(s * 100)}%` : String(Number(s.toPrecision(4))))) },
    ],
    series: [
      { label: 'epoch', value: (_u, v) => (v === null ? '—' : v.toFixed(2)) },
      { label: 'training', stroke: theme.training, width: 2, value: (_u, v) => value(v), points: { show: (u) => u.data[0].length < 30, size: 5 } },
      ...(withValidation ? [{ label: 'validation', stroke: theme.validation, width: 2, dash: [6, 4], spanGaps: true, value: (_u: uPlot, v: number | null) => value(v), points: { show: true, size: 5, fill: theme.validation } }] : []),
    ],
  };
}

const latest = (values: readonly (number | null)[]) => {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
  return null;
};

function Legend({ metric, training, validation }: { metric: ChartMetric; training: number | null; validation: number | null | undefined }) {
  const value = formatValue(metric);
  return (
    <span className="chart-card__legend">
      <span className="chart-key chart-key--training">training</span> <strong data-testid={`latest-${metric}`}>{value(training)}</strong>
      {validation !== undefined && (
        <>
          <span className="chart-key chart-key--validation">validation</span> <strong data-testid={`latest-val-${metric}`}>{value(validation)}</strong>
        </>
      )}
    </span>
  );
}

export function MetricChart({ metric, live, epochs }: { metric: ChartMetric; live: readonly LivePoint[]; epochs: readonly EpochRecord[] }) {
  const series = useMemo(() => chartSeries(live, epochs, metric), [live, epochs, metric]);
  const withValidation = series.validation !== null;
  const data = useMemo<uPlot.AlignedData>(() => (withValidation ? [series.x, series.training, series.validation!] : [series.x, series.training]), [series, withValidation]);
  const build = useCallback((theme: ChartTheme) => options(metric, withValidation, theme), [metric, withValidation]);
  return (
    <figure className="chart-card" data-testid={`chart-${metric}`} data-points={series.x.length}>
      <figcaption className="chart-card__head">
        <span className="chart-card__title">{TITLES[metric]}</span>
        <Legend metric={metric} training={latest(series.training)} validation={series.validation ? latest(series.validation) : undefined} />
      </figcaption>
      <UPlotChart options={build} optionsKey={`${metric}:${withValidation}`} data={data} height={190} label={`${TITLES[metric]} by epoch`} />
    </figure>
  );
}
