/**
 * Training in web mode in a Chromium without WebGPU (the flags of
 * playwright.config.ts minus --enable-unsafe-webgpu: navigator.gpu exists but
 * offers no adapter). The compute worker falls back to the reference backend
 * and the start event says why; a run that requires WebGPU fails with a
 * sentence, not a hang.
 */
import { readFileSync } from 'node:fs';
import type { Project } from '../shared/graph';
import type { Services, TrainingEvent } from '../shared/ipc/services';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    /** Set by src-renderer/src/compute/services.ts. */
    netwrightServices?: Services;
  }
}

const XOR = JSON.parse(readFileSync('resources/templates/xor.nwproj', 'utf8')) as Project;

test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] } });

test('falls back to the reference backend and says why; refuses when WebGPU is required', async ({ page }) => {
  await page.goto('/');
  const [auto, required] = await page.evaluate(async (project) => {
    const services = window.netwrightServices!;
    const run = async (backend: 'auto' | 'webgpu') => {
      let runId = '';
      const events: TrainingEvent[] = [];
      const end = new Promise<void>((resolve) =>
        services.training.onEvent((id, e) => {
          if (id !== runId) return;
          events.push(e);
          if (e.event === 'done' || e.event === 'error') resolve();
        }),
      );
      runId = await services.training.start(project, { backend, epochs: 3 });
      await end;
      return events.filter((e) => e.event !== 'progress' && e.event !== 'epoch');
    };
    return [await run('auto'), await run('webgpu')];
  }, XOR);
  expect(auto[0]).toMatchObject({ event: 'start', backend: 'reference', note: expect.stringContaining('No WebGPU adapter is available') });
  expect(auto.at(-1)).toMatchObject({ event: 'done', backend: 'reference', epochs: 3 });
  expect(required).toEqual([{ event: 'error', name: 'RemoteTrainerError', message: expect.stringContaining('WebGPU was asked for') }]);
});
