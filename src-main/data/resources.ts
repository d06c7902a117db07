/**
 * Finding files shipped in resources/. The folder sits at a different depth
 * from the running module in the source tree (src-main/data/…) and in the
 * build (out/main/…), so look upwards from this module for it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from './errors';

export function resourcePath(relative: string, from = dirname(fileURLToPath(import.meta.url))): string {
  const tried: string[] = [];
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', relative);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
    if (dirname(dir) === dir || tried.length > 6) break;
  }
  throw new DataError(`the built-in file resources/${relative} is missing (looked in ${tried.join(', ')}). The installation is incomplete: reinstall Netwright.`);
}
