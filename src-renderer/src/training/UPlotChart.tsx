/**
 * One uPlot chart that fills its box: made when the box first has a size or
 * the theme changes, resized with the box, and fed new data without being
 * rebuilt, so a live chart costs one redraw per update.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { usePreferences } from '../editor/preferences';
import { chartTheme, type ChartTheme } from './chart-theme';

export interface UPlotChartProps {
  /** Builds the options for a box of this size; called again only when the theme or `optionsKey` changes. */
  readonly options: (theme: ChartTheme, size: { width: number; height: number }) => uPlot.Options;
  readonly optionsKey?: string;
  readonly data: uPlot.AlignedData;
  readonly height: number;
  readonly testId?: string;
  readonly label: string;
}

export function UPlotChart({ options, optionsKey = '', data, height, testId, label }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ data, options });
  latest.current = { data, options };
  const theme = usePreferences((s) => s.theme);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let made: uPlot | null = null;
    const make = (width: number) => {
      made?.destroy();
      const size = { width: Math.max(120, Math.floor(width)), height };
      made = new uPlot({ ...latest.current.options(chartTheme(), size), ...size }, latest.current.data, el);
      chart.current = made;
    };
    const observer = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      if (width <= 0) return;
      if (!made) make(width);
      else if (Math.floor(width) !== made.width) made.setSize({ width: Math.floor(width), height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      made?.destroy();
      chart.current = null;
    };
  }, [theme, optionsKey, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} style={{ minHeight: height }} />;
}
