/**
 * End-to-end tests: the web build (out/web, from `npm run build:web`) served by
 * `netwright serve`, driven in Debian's Chromium, headless. Playwright's own
 * browser download is not used: these machines cannot fetch it.
 */
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_PORT, E2E_WORKSPACE } from './e2e/workspace';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`The end-to-end tests need Debian's Chromium at ${CHROMIUM}, which is missing. Install it with: apt-get install -y chromium`);
}

/**
 * Fixed, so the tests know the URL; --strict-port makes a clash fail loudly
 * instead of moving. NETWRIGHT_E2E_PORT and NETWRIGHT_E2E_ROOT (a web build
 * made with `npx vite build --config vite.web.config.ts --outDir DIR`) let two
 * checkouts' runs share a machine.
 */
const PORT = E2E_PORT;
const ROOT = process.env['NETWRIGHT_E2E_ROOT'] ?? 'out/web';

export default defineConfig({
  testDir: 'e2e',
  // Empties the server's workspace folder and seeds it (e2e/workspace.ts).
  globalSetup: './e2e/global-setup.ts',
  // Each port's run its own, since Playwright empties it at the start.
  outputDir: process.env['NETWRIGHT_E2E_PORT'] ? `test-results/port-${PORT}` : 'test-results',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `node bin/netwright.mjs serve --port ${PORT} --strict-port --root ${ROOT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    // The workspace (files saved, data imported) and training runs go to scratch folders, never into the checkout.
    env: { NETWRIGHT_WORKSPACE: E2E_WORKSPACE, NETWRIGHT_RUNS_DIR: join(tmpdir(), `netwright-e2e-runs-${PORT}`) },
  },
});
