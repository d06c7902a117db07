/** Before the run: a fresh workspace folder for the test server, with the files specs expect in it (workspace.ts). */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { E2E_WORKSPACE, SEEDED_FILES } from './workspace';

export default async function globalSetup(): Promise<void> {
  await rm(E2E_WORKSPACE, { recursive: true, force: true });
  for (const file of SEEDED_FILES) {
    await mkdir(dirname(join(E2E_WORKSPACE, file)), { recursive: true });
    await copyFile(file, join(E2E_WORKSPACE, file));
  }
}
