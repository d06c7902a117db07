/**
 * How many training samples each class has, as bars. Lopsided data teaches a
 * model to favour the big classes, so this is worth a look before training.
 */
import { useCallback, useMemo } from 'react';
import uPlot from 'uplot';
import { axisStyle, type ChartTheme } from './chart-theme';
import { UPlotChart } from './UPlotChart';

/** Whether the class names would collide side by side on a column's width (about 220 px, 6.5 px a letter). */
const crowded = (classes: readonly string[]) => 6.5 * Math.max(...classes.map((c) => c.length)) > 220 / classes.length;

function options(classes: readonly string[], theme: ChartTheme): uPlot.Options {
  const axis = axisStyle(theme);
  const many = crowded(classes);
  return {
    width: 0,
    height: 0,
    padding: [10, 8, 0, 0],
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    legend: { show: false },
    scales: { x: { time: false, range: [-0.5, classes.length - 0.5] }, y: { range: (_u, _lo, hi) => [0, hi * 1.1 || 1] } },
    axes: [
      { ...axis, grid: { show: false }, splits: () => classes.map((_, i) => i), values: (_u, splits) => splits.map((i) => classes[i] ?? ''), ...(many ? { rotate: -40, size: 64 } : { size: 28 }) },
      { ...axis, size: 44 },
    ],
    series: [{}, { label: 'samples', fill: theme.training, stroke: theme.training, paths: uPlot.paths.bars!({ size: [0.65, 48], radius: 0.15 }), points: { show: false } }],
  };
}

export function ClassBalanceChart({ classes, counts }: { classes: readonly string[]; counts: readonly number[] }) {
  const data = useMemo<uPlot.AlignedData>(() => [classes.map((_, i) => i), [...counts]], [classes, counts]);
  const key = classes.join('\u0000');
  const build = useCallback((theme: ChartTheme) => options(classes, theme), [classes]);
  const total = counts.reduce((s, n) => s + n, 0);
  const smallest = Math.min(...counts);
  const largest = Math.max(...counts);
  return (
    <div className="class-balance" data-testid="class-balance">
      <UPlotChart options={build} optionsKey={key} data={data} height={crowded(classes) ? 170 : 140} label={`Training samples per class: ${classes.map((c, i) => `${c} ${counts[i]}`).join(', ')}`} />
      <p className="hint">
        {total.toLocaleString()} training samples.{' '}
        {largest > 2 * smallest ? 'Some classes have far more samples than others: the model may favour them.' : 'The classes are about equally common.'}
      </p>
    </div>
  );
}
