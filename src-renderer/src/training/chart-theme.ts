/**
 * Chart colours and fonts, read from the app's CSS variables (tokens.css) so
 * the charts follow the light and dark themes. Training is always the accent
 * colour and validation always orange, in every chart.
 */
export interface ChartTheme {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly training: string;
  readonly validation: string;
  readonly font: string;
}

export const VALIDATION_COLOR = '#e8833a';

export function chartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1d2330'),
    muted: v('--muted', '#667085'),
    grid: v('--border', '#e3e6ec'),
    training: v('--accent', '#3b6ef5'),
    validation: VALIDATION_COLOR,
    font: `11px ${css.fontFamily || 'system-ui, sans-serif'}`,
  };
}

/** Axis settings every chart shares. */
export function axisStyle(theme: ChartTheme) {
  return {
    stroke: theme.muted,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
}
