/**
 * The points of a sparkline: values spread evenly across the width, scaled so
 * the lowest touches the bottom and the highest the top (y grows downwards,
 * as in SVG). One value draws a flat line; no values, nothing.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 1): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const low = finite.reduce((a, v) => Math.min(a, v));
  const high = finite.reduce((a, v) => Math.max(a, v));
  const span = high - low;
  const x = (i: number) => (finite.length === 1 ? [pad, width - pad] : [pad + (i * (width - 2 * pad)) / (finite.length - 1)]);
  // A flat series sits in the middle rather than on an edge.
  const y = (v: number) => (span === 0 ? height / 2 : pad + ((high - v) * (height - 2 * pad)) / span);
  return finite.flatMap((v, i) => x(i).map((px) => `${round(px)},${round(y(v))}`)).join(' ');
}

const round = (v: number) => Math.round(v * 10) / 10;
