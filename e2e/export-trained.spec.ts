/**
 * Exports carry what was trained: XOR trained in the Train view, exported as
 * ONNX from the Code view, answers XOR in onnxruntime. The Code view says
 * which weights an export carries, offers fresh ones instead, and falls back
 * to fresh ones (saying why) once the graph no longer fits the trained run.
 * A later session (a reloaded page) finds the run again in the runs folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSafetensors } from '../shared/formats/safetensors';
import { downloadFrom, expect, openCodeView, openFromWorkspace, reloadApp, saveIntoWorkspace, select, setField, snap, test } from './fixtures';
import { specFolder } from './workspace';
import { runOnXorInputs } from './onnx-run';
import { openTrainView, TRAINING_TIMEOUT, trainToEnd } from './training-flow';

/** The model's answers for the four XOR inputs, rounded to 0 or 1. */
async function xorAnswers(model: Uint8Array): Promise<number[]> {
  const { session, output } = await runOnXorInputs(model);
  await session.release();
  return [...(output.data as Float32Array)].map((p) => (p > 0.5 ? 1 : 0));
}

test('XOR trained in the app exports as ONNX that answers XOR', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await trainToEnd(page);

  await openCodeView(page);
  const status = page.getByTestId('code-status');
  const trained = /the weights trained in run \d\d:\d\d \(epoch 200, accuracy 100%\)/;
  await expect(status).toContainText(/Exports carry the weights trained in run/);
  await expect(status).toContainText(trained);
  await expect(page.getByTestId('code-weights-choice')).toHaveValue('known');
  await snap(page, 'code-view-trained-weights', testInfo);

  const download = await downloadFrom(page, page.getByTestId('code-export-onnx'));
  expect(download.suggestedFilename()).toBe('xor-why-we-need-hidden-layers.onnx');
  await expect(status).toContainText(/^Exported xor-why-we-need-hidden-layers\.onnx \([\d.]+ KB\) with the weights trained in run \d\d:\d\d \(epoch 200, accuracy 100%\)\.$/);
  expect(await xorAnswers(new Uint8Array(await readFile((await download.path())!)))).toEqual([0, 1, 1, 0]);

  // Fresh weights, by choice.
  await page.getByTestId('code-weights-choice').selectOption('fresh');
  await expect(status).toContainText('Exports carry freshly initialised weights (seed 1), as chosen, rather than the weights trained in run');
  await page.getByTestId('code-weights-choice').selectOption('known');
  await expect(status).toContainText(trained);

  // A wider hidden layer: the trained weights no longer fit, and the note says so.
  await page.getByTestId('view-design').click();
  await select(page, 'hidden');
  await setField(page, 'units', '16');
  await openCodeView(page);
  await expect(status).toContainText(/Exports carry freshly initialised weights \(seed 1\): no trained run matches this graph \(it changed since run \d\d:\d\d: "hidden\/kernel" has 16 values, the model now needs 32 \(\[2, 16\]\)\)/);
  await expect(page.getByTestId('code-weights-choice')).toHaveCount(0);

  // Another session: the page starts on XOR again, knowing nothing, and finds a trained run of it in the runs folder
  // (this one, or another test's XOR run with the same weights: the runs folder is shared).
  // The wider layer was never saved, so the page offers it back; declining starts from the template.
  await reloadApp(page);
  await page.getByTestId('recovery-discard').click();
  await openCodeView(page);
  await expect(status).toContainText(/Exports carry the weights trained in run \d\d:\d\d \(epoch \d+/);
  const later = await downloadFrom(page, page.getByTestId('code-export-onnx'));
  await expect(status).toContainText(/^Exported xor-why-we-need-hidden-layers\.onnx \([\d.]+ KB\) with the weights trained in run/);
  const laterAnswers = await xorAnswers(new Uint8Array(await readFile((await later.path())!)));
  expect(laterAnswers).toHaveLength(4);

  // Saving keeps the weights exports carry beside the project; opening it again brings them back, whatever else the page knows.
  const folder = await specFolder('export-trained');
  await saveIntoWorkspace(page, 'export-trained', { name: 'xor.nwproj' });
  const { tensors } = decodeSafetensors(new Uint8Array(await readFile(join(folder, 'xor.safetensors'))));
  expect(tensors.get('hidden/kernel')?.shape).toEqual([2, 8]);
  await reloadApp(page);
  await openFromWorkspace(page, 'export-trained/xor.nwproj');
  await openCodeView(page);
  await expect(status).toContainText('Exports carry the weights saved in xor.safetensors');
  const saved = await downloadFrom(page, page.getByTestId('code-export-onnx'));
  // The same weights as before saving.
  expect(await xorAnswers(new Uint8Array(await readFile((await saved.path())!)))).toEqual(laterAnswers);
});
