/**
 * Training in web mode, end to end, as design.md draws it: the page calls
 * the TrainingService over its WebSocket; the server compiles, loads the data
 * and runs the session; the engine runs in the page's compute worker on
 * navigator.gpu (in headless Chromium with --enable-unsafe-webgpu, Google's
 * SwiftShader). XOR must reach 100% on the WebGPU engine, not on the
 * reference fallback. Calls go through `window.netwrightServices`, the same
 * object the views use (src-renderer/src/compute/services.ts).
 */
import { readFileSync } from 'node:fs';
import type { Project } from '../shared/graph';
import type { RunSummary, Services, TrainingEvent } from '../shared/ipc/services';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    /** Set by src-renderer/src/compute/services.ts. */
    netwrightServices?: Services;
  }
}

const XOR = JSON.parse(readFileSync('resources/templates/xor.nwproj', 'utf8')) as Project;

type Outcome = { runId: string; start?: TrainingEvent; done?: TrainingEvent; epochs: number; progress: number; runs: RunSummary[]; predicted: number[] };

test('trains XOR to 100% on the page\'s WebGPU compute worker', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const outcome = await page.evaluate(async (project): Promise<Outcome> => {
    const services = window.netwrightServices!;
    let runId = '';
    const seen: [string, TrainingEvent][] = [];
    const ended = new Promise<void>((resolve) => {
      services.training.onEvent((id, e) => {
        seen.push([id, e]);
        if (id === runId && (e.event === 'done' || e.event === 'error')) resolve();
      });
    });
    runId = await services.training.start(project, { backend: 'webgpu', progressEvery: 1 });
    // Events of this run that came before start() resolved would be lost to the filter above: there must be none.
    if (seen.some(([, e]) => e.event === 'done' || e.event === 'error')) throw new Error('the run ended before start() answered');
    await ended;
    const mine = seen.filter(([id]) => id === runId).map(([, e]) => e);
    const predicted = await services.training.predict(runId, { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), shape: [4, 2] });
    return {
      runId,
      start: mine.find((e) => e.event === 'start'),
      done: mine.find((e) => e.event === 'done' || e.event === 'error'),
      epochs: mine.filter((e) => e.event === 'epoch').length,
      progress: mine.filter((e) => e.event === 'progress').length,
      runs: await services.training.runs(),
      predicted: [...predicted],
    };
  }, XOR);

  const { start, done } = outcome;
  test.info().annotations.push({ type: 'engine', description: start && start.event === 'start' ? `${start.backend} on ${start.adapter}` : 'no start event' });
  expect(done, JSON.stringify(done)).toMatchObject({ event: 'done', backend: 'webgpu', reason: 'completed', epochs: XOR.training!.epochs, train: { accuracy: 1 } });
  expect(start).toMatchObject({ event: 'start', backend: 'webgpu', adapter: expect.stringMatching(/swiftshader/i), epochs: XOR.training!.epochs });
  expect(start && 'note' in start ? start.note : undefined).toBeUndefined();
  expect(outcome.epochs).toBe(XOR.training!.epochs);
  expect(outcome.progress).toBe(XOR.training!.epochs);
  expect(outcome.predicted.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  expect(outcome.runs.find((r) => r.runId === outcome.runId)).toMatchObject({ status: 'completed', backend: 'webgpu', epochs: XOR.training!.epochs });
  console.log(`compute worker engine: ${start && start.event === 'start' ? `${start.backend} on ${start.adapter}` : '?'}`);
});

test('says so, and trains on the CPU, when the reference backend is asked for', async ({ page }) => {
  await page.goto('/');
  const done = await page.evaluate(async (project) => {
    const services = window.netwrightServices!;
    let runId = '';
    const end = new Promise<TrainingEvent>((resolve) => services.training.onEvent((id, e) => id === runId && (e.event === 'done' || e.event === 'error') && resolve(e)));
    runId = await services.training.start(project, { backend: 'reference', epochs: 5 });
    return end;
  }, XOR);
  expect(done).toMatchObject({ event: 'done', backend: 'reference', adapter: 'CPU (reference)', epochs: 5 });
});

test('rejects a broken project with a readable error, across the socket', async ({ page }) => {
  await page.goto('/');
  const error = await page.evaluate(async (project) => {
    try {
      await window.netwrightServices!.training.start({ ...project, training: undefined });
      return null;
    } catch (e) {
      return { name: (e as Error).name, message: (e as Error).message };
    }
  }, XOR);
  expect(error).toEqual({ name: 'TrainingServiceError', message: expect.stringContaining('no training settings') });
});
