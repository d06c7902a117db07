/**
 * Where datasets are looked for and cached:
 *   NETWRIGHT_DATA_DIR   a folder of IDX files you provide, searched first:
 *                        <dir>/<dataset>/ (e.g. <dir>/fashion-mnist/), then <dir> itself
 *   system folders       /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist)
 *   the cache            downloads go to <cache>/datasets/<dataset>/, where <cache> is
 *                        NETWRIGHT_CACHE_DIR, or the OS cache folder + "netwright"
 * The folders are found once per load and passed along, so tests can replace them.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DataPaths {
  readonly dataDir?: string;
  /** Netwright's cache root; datasets live in <cacheDir>/datasets/<name>. */
  readonly cacheDir: string;
  /** Folders other packages install datasets into, by dataset name. */
  readonly systemDirs: Readonly<Record<string, readonly string[]>>;
}

export const SYSTEM_DIRS: Readonly<Record<string, readonly string[]>> = {
  'fashion-mnist': ['/usr/share/datasets/fashion-mnist'],
};

/** The per-user cache folder: $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows. */
export function osCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env): DataPaths {
  const dataDir = env['NETWRIGHT_DATA_DIR'];
  return {
    ...(dataDir ? { dataDir } : {}),
    cacheDir: env['NETWRIGHT_CACHE_DIR'] || join(osCacheDir(env), 'netwright'),
    systemDirs: SYSTEM_DIRS,
  };
}

export const datasetCacheDir = (paths: DataPaths, name: string) => join(paths.cacheDir, 'datasets', name);

/** The folders searched for a dataset's IDX files, in order. */
export function searchDirs(paths: DataPaths, name: string): string[] {
  return [
    ...(paths.dataDir ? [join(paths.dataDir, name), paths.dataDir] : []),
    ...(paths.systemDirs[name] ?? []),
    datasetCacheDir(paths, name),
  ];
}
