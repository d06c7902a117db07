/** Every built-in dataset, in the order the dataset picker lists them. */
import type { Builtin } from '../source';
import { blobs } from './blobs';
import { circles } from './circles';
import { fashionMnist } from './fashion-mnist';
import { gates } from './gates';
import { iris } from './iris';
import { mnist } from './mnist';
import { moons } from './moons';
import { reverseWords } from './reverse-words';
import { sine } from './sine';
import { spirals } from './spirals';

export const BUILTINS: readonly Builtin[] = [...gates, spirals, circles, moons, blobs, iris, sine, reverseWords, mnist, fashionMnist];

/** The built-in called `name`; case, spaces and underscores are forgiven ("Fashion_MNIST"). */
export function findBuiltin(name: string): Builtin | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return BUILTINS.find((b) => b.name === key);
}
