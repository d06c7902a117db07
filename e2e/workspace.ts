/**
 * The test server's workspace folder (NETWRIGHT_WORKSPACE): a scratch folder
 * per port, so runs never write into the checkout and two checkouts' runs
 * never share one. global-setup.ts empties it at the start of each run and
 * puts back what specs expect to find there; specs that save files use a
 * folder of their own inside it (specFolder).
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_PORT = Number(process.env['NETWRIGHT_E2E_PORT'] ?? 41739);
export const E2E_WORKSPACE = join(tmpdir(), `netwright-e2e-workspace-${E2E_PORT}`);

/** Checkout files copied into the workspace at the same path: the table "your own data" chooses in e2e/training-view.spec.ts. */
export const SEEDED_FILES = ['resources/datasets/iris.csv'];

/** An empty folder of the workspace for one test (emptied again on a retry); returns its path on disk. */
export async function specFolder(name: string): Promise<string> {
  const folder = join(E2E_WORKSPACE, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  return folder;
}
