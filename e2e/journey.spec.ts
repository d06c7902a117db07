/**
 * One person's whole trip, in one go, as someone who has never programmed
 * would make it: start a blank project, build XOR from the palette, make a
 * shape mistake and fix it as the canvas says, train to 100% on the page's
 * WebGPU, read the PyTorch code, export ONNX (which onnxruntime then runs,
 * here on the Node side), save it into the workspace folder, reload the page
 * and open the saved file from the workspace to find the same model. No step
 * may log a page error, and each one leaves a screenshot in the report.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { loadProject } from '../shared/graph';
import {
  choose,
  connect,
  downloadFrom,
  dragFromPalette,
  dragTo,
  editorText,
  expect,
  layerNode,
  moveNode,
  nodeIds,
  openApp,
  openCodeView,
  openFromWorkspace,
  reloadApp,
  saveIntoWorkspace,
  scrollEditor,
  select,
  setField,
  snap,
  test,
} from './fixtures';
import { runOnXorInputs } from './onnx-run';
import { setSetting, showTrainView, TRAINING_TIMEOUT, trainToEnd } from './training-flow';
import { specFolder } from './workspace';

/** The model the journey builds, layer by layer, as the canvas shows it once connected. */
const XOR_LAYERS = [
  { id: 'input', shape: '(None, 2)', params: '0' },
  { id: 'dense', shape: '(None, 8)', params: '24' },
  { id: 'dense_1', shape: '(None, 1)', params: '9' },
  { id: 'activation', shape: '(None, 1)', params: '0' },
];
const XOR_SUMMARY = '4 layers · 33 parameters · shapes check out';

async function expectXorOnCanvas(page: Page): Promise<void> {
  expect(await nodeIds(page)).toEqual(XOR_LAYERS.map((l) => l.id));
  for (const layer of XOR_LAYERS) {
    await expect(layerNode(page, layer.id).getByTestId('output-shape'), layer.id).toHaveText(layer.shape);
    await expect(layerNode(page, layer.id).getByTestId('param-count'), layer.id).toHaveText(layer.params);
  }
  await expect(layerNode(page, 'dense').getByTestId('layer-caption')).toHaveText('8 units · tanh');
  // In any order: a connection made again comes last.
  await expect.poll(async () => (await page.getByTestId('edge-shape').allTextContents()).sort()).toEqual(['(None, 1)', '(None, 2)', '(None, 8)']);
  await expect(page.getByTestId('node-error')).toHaveCount(0);
  await expect(page.getByTestId('model-summary')).toContainText(XOR_SUMMARY);
}

test('a blank project becomes a trained XOR, its code, an ONNX file and a saved project that reopens', async ({ page, errors }, testInfo: TestInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 120_000);
  /** Ends a step: nothing went wrong on the page so far, and the screen is photographed. */
  const checkpoint = async (name: string) => {
    expect(errors, `the page logged no errors up to "${name}"`).toEqual([]);
    await snap(page, `journey-${name}`, testInfo);
  };

  await test.step('build XOR from the palette', async () => {
    await openApp(page);
    await page.getByTestId('template').click();
    await page.getByTestId('new-project').click();
    await expect(page.getByTestId('template')).toContainText('Untitled');
    expect(await nodeIds(page)).toEqual(['input']);
    // The template that was open stays one Undo away.
    await expect(page.getByTestId('tool-undo')).toHaveAttribute('aria-label', 'Undo Open untitled.nwproj');

    // The Input to the top, then each new layer below the last, connected as it arrives.
    await moveNode(page, 'input', { x: 200, y: 30 });
    await dragFromPalette(page, 'Dense', { x: 300, y: 210 });
    await connect(page, 'input', 'dense');
    await dragFromPalette(page, 'Dense', { x: 300, y: 380 });
    await connect(page, 'dense', 'dense_1');
    await dragFromPalette(page, 'Activation', { x: 300, y: 550 });
    await connect(page, 'dense_1', 'activation');
    expect(await nodeIds(page)).toEqual(XOR_LAYERS.map((l) => l.id));

    // Settings go in through the inspector, as a person types them.
    await select(page, 'input');
    await setField(page, 'shape', '2');
    await select(page, 'dense');
    await setField(page, 'units', '8');
    await choose(page, 'activation', 'tanh');
    await select(page, 'dense_1');
    await setField(page, 'units', '1');
    await select(page, 'activation');
    await choose(page, 'activation', 'sigmoid');
    await expectXorOnCanvas(page);
    // With nothing selected, the inspector shows the Keras-style summary.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('total-params')).toContainText('33');
    await checkpoint('1-built');
  });

  await test.step('see a shape error on a layer, with its fix, and fix it', async () => {
    // A Conv2D dropped onto the connection that carries the 8 hidden values: convolutions need pictures.
    const label = page.locator('.edge-label[data-edge-id]').filter({ has: page.getByTestId('edge-shape').filter({ hasText: '(None, 8)' }) });
    const box = (await label.boundingBox())!;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await dragTo(page, page.locator('[data-testid="palette-item"][data-layer-type="Conv2D"]'), { x: box.x + box.width / 2 - pane.x, y: box.y + box.height / 2 - pane.y });
    const conv = layerNode(page, 'conv2d');
    const error = conv.locator('[data-testid="node-error"][data-code="NW020"]');
    await expect(error).toBeVisible();
    await expect(error.getByTestId('node-error-fix')).toContainText('Fix: Add a Flatten or Reshape layer before it');
    await expect(page.getByTestId('model-summary')).toContainText('problem');
    await select(page, 'conv2d');
    await expect(page.getByTestId('inspector-issue').filter({ hasText: 'NW020' })).toContainText('Fix:');
    await checkpoint('2-shape-error');

    // The fix: take the layer out again and reconnect the two Dense layers.
    await page.keyboard.press('Delete');
    await expect(conv).toHaveCount(0);
    await connect(page, 'dense', 'dense_1');
    await expectXorOnCanvas(page);
    await checkpoint('2-shape-error-fixed');
  });

  await test.step('train to 100% accuracy on the page\'s WebGPU', async () => {
    await showTrainView(page);
    await page.getByTestId('dataset-picker').selectOption('xor');
    await expect(page.getByTestId('dataset-facts')).toContainText('4 to train');
    await expect(page.getByTestId('dataset-fit')).toHaveCount(0);
    await page.getByTestId('hp-loss').selectOption('binary_crossentropy');
    await page.getByTestId('hp-optimizer').selectOption('adam');
    await setSetting(page, 'hp-learning-rate', '0.05');
    await setSetting(page, 'hp-epochs', '200');
    await setSetting(page, 'hp-batch-size', '4');
    await trainToEnd(page);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByTestId('backend-adapter')).toContainText(/swiftshader/i);
    await expect(page.getByTestId('run-epoch')).toHaveText('Epoch 200 of 200');
    await expect(page.getByTestId('final-accuracy')).toHaveText('100.0%');
    await checkpoint('3-trained');
  });

  await test.step('read the model as PyTorch code', async () => {
    await openCodeView(page);
    await expect(page.getByTestId('code-editor')).toHaveAttribute('data-file-id', 'pytorch/model.py');
    await expect.poll(() => editorText(page)).toContain('class Untitled(nn.Module):');
    const code = await editorText(page);
    expect(code).toContain('self.dense = nn.Linear(2, 8)');
    expect(code).toContain('self.dense_1 = nn.Linear(8, 1)');
    await checkpoint('4-pytorch');
    await scrollEditor(page, 400);
    await expect.poll(() => editorText(page)).toContain('torch.tanh(self.dense(x))');
    expect(await editorText(page)).toContain('torch.sigmoid(');
  });

  await test.step('export ONNX, which onnxruntime runs on the four XOR inputs', async () => {
    const download = await downloadFrom(page, page.getByTestId('code-export-onnx'));
    expect(download.suggestedFilename()).toBe('untitled.onnx');
    await expect(page.getByTestId('code-status')).toContainText('Exported untitled.onnx');
    const { output } = await runOnXorInputs(new Uint8Array(await readFile((await download.path())!)));
    expect(output.dims).toEqual([4, 1]);
    const answers = [...(output.data as Float32Array)];
    expect(answers.every(Number.isFinite), `finite answers: ${answers.join(', ')}`).toBe(true);
    // The file carries the trained weights, so it answers XOR as the trained model does.
    expect(answers.map((p) => (p > 0.5 ? 1 : 0)), `answers: ${answers.join(', ')}`).toEqual([0, 1, 1, 0]);
    await checkpoint('5-exported');
  });

  await test.step('save into the workspace, reload the page, and reopen the project from there', async () => {
    await page.getByTestId('view-design').click();
    const folder = await specFolder('journey');
    const save = page.getByTestId('file-save');
    // The first Save asks where, suggesting a name made from the project's.
    await save.click();
    await expect(page.getByTestId('save-dialog').getByTestId('save-name')).toHaveValue('untitled.nwproj');
    await page.getByTestId('save-cancel').click();
    await saveIntoWorkspace(page, 'journey');
    await expect(save).toHaveAttribute('data-unsaved', 'false');
    // On the Node side, the file is in the workspace folder and loads as the model built.
    const file = loadProject(await readFile(join(folder, 'untitled.nwproj'), 'utf8'));
    if (!file.ok) throw new Error(`the saved project does not load: ${file.errors.map((e) => e.message).join('; ')}`);
    expect(file.project.nodes.map((n) => [n.id, n.type])).toEqual([['input', 'Input'], ['dense', 'Dense'], ['dense_1', 'Dense'], ['activation', 'Activation']]);

    // A reload starts afresh from the start-up template, with nothing to recover: the work was saved.
    await reloadApp(page);
    await expect(page.getByTestId('template')).not.toContainText('Untitled');
    await expect(page.getByTestId('recovery-dialog')).toHaveCount(0);

    await openFromWorkspace(page, 'journey/untitled.nwproj');
    await expect(page.getByTestId('template')).toContainText('Untitled');
    await expect(save).toHaveAttribute('data-unsaved', 'false');
    await expectXorOnCanvas(page);
    await select(page, 'dense');
    await expect(page.getByTestId('param-units')).toHaveValue('8');
    await expect(page.getByTestId('param-activation')).toHaveValue('tanh');
    await select(page, 'activation');
    await expect(page.getByTestId('param-activation')).toHaveValue('sigmoid');
    await checkpoint('6-reopened');
    // The training settings came back with it.
    await showTrainView(page);
    await expect(page.getByTestId('dataset-picker')).toHaveValue('xor');
    await expect(page.getByTestId('hp-learning-rate')).toHaveValue('0.05');
    await expect(page.getByTestId('hp-epochs')).toHaveValue('200');
    await checkpoint('6-reopened-settings');
  });
});
