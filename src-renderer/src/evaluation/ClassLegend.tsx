/** The class colours used by the plane plot and the playground. */
import { classColor } from './class-colors';

export function ClassLegend({ classes }: { classes: readonly string[] }) {
  return (
    <ul className="class-legend">
      {classes.map((c, i) => (
        <li key={`${i}:${c}`}>
          <span className="class-legend__dot" style={{ background: classColor(i) }} />
          {c}
        </li>
      ))}
    </ul>
  );
}
