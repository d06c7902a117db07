/**
 * The app's ONNX export with trained weights, end to end in Node: XOR trained
 * by the TrainingService on the reference backend, its weights read back as
 * the app reads them (weights()), exported as the Code view exports
 * (buildExport), and run in onnxruntime, which must answer XOR. Fresh weights
 * must not: that is what the export used to carry.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, type Project } from '../../shared/graph';
import type { TrainingEvent } from '../../shared/ipc/services';
import { ReferenceTrainer } from '../../src-main/engine/reference/trainer';
import { createTrainingService } from '../../src-main/services/training';
import { buildExport } from '../../src-renderer/src/code/exports';

const XOR: Project = (() => {
  const loaded = loadProject(readFileSync(new URL('../../resources/templates/xor.nwproj', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error('xor.nwproj does not load');
  return loaded.project;
})();

const service = createTrainingService({ runsDir: mkdtempSync(join(tmpdir(), 'nw-trained-onnx-')), workspace: tmpdir(), openTrainer: async () => new ReferenceTrainer() });
afterAll(() => service.dispose());

/** Trains XOR to its end and answers the run's id and how it ended. */
async function trainXor(): Promise<{ runId: string; done: TrainingEvent }> {
  let runId = '';
  const ended = new Promise<TrainingEvent>((resolve) => {
    const off = service.onEvent((id, event) => {
      if (id !== runId || (event.event !== 'done' && event.event !== 'error')) return;
      off();
      resolve(event);
    });
  });
  runId = await service.start(XOR);
  return { runId, done: await ended };
}

/** The model's answers for the four XOR inputs, rounded to 0 or 1. */
async function xorAnswers(model: Uint8Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(model);
  try {
    const { out } = await session.run({ input: new ort.Tensor('float32', Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), [4, 2]) });
    return [...(out!.data as Float32Array)].map((p) => (p > 0.5 ? 1 : 0));
  } finally {
    await session.release();
  }
}

describe('an ONNX export of a trained run', () => {
  it('answers XOR in onnxruntime, where fresh weights do not', async () => {
    const { runId, done } = await trainXor();
    expect(done).toMatchObject({ event: 'done', reason: 'completed' });
    const trained = await service.weights(runId);
    expect(trained.epoch).toBe(200);
    const file = buildExport('onnx', XOR, { weights: trained.weights });
    expect(await xorAnswers(file.bytes)).toEqual([0, 1, 1, 0]);
    expect(await xorAnswers(buildExport('onnx', XOR).bytes)).not.toEqual([0, 1, 1, 0]);
  });
});
