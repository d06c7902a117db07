/**
 * The Code view: the open model as PyTorch, Keras and an ONNX summary in a
 * read-only Monaco editor (bundled, running under the app's strict CSP: the
 * fixture fails a test on any console error, CSP violations included), kept
 * in step with the graph; Copy; and the ONNX export, which onnxruntime loads
 * and runs to the same numbers as the model's own arithmetic.
 */
import { readFile } from 'node:fs/promises';
import { onnx } from '../shared/export/onnx/proto';
import { downloadFrom, editorText, expect, layerNode, openApp, openCodeView, scrollEditor, select, setField, snap, test } from './fixtures';
import { runOnXorInputs, XOR_INPUTS } from './onnx-run';

test('shows the model as PyTorch code in Monaco, read-only, and follows edits to the graph', async ({ page }, testInfo) => {
  await openApp(page);
  await openCodeView(page);
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-file-id', 'pytorch/model.py');
  await expect.poll(() => editorText(page)).toContain('class XOR(nn.Module):');
  const code = await editorText(page);
  expect(code).toContain('self.hidden = nn.Linear(2, 8)');
  expect(code).toContain('self.out = nn.Linear(8, 1)');
  // Monaco coloured it as Python.
  await expect(page.getByTestId('code-editor').locator('.view-lines span[class*="mtk"]').first()).toBeVisible();
  await snap(page, 'code-view-pytorch', testInfo);
  // forward() is further down.
  await scrollEditor(page, 400);
  await expect.poll(() => editorText(page)).toContain('x = torch.tanh(self.hidden(x))');

  // Read-only: typing changes nothing.
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.type('oops');
  expect(await editorText(page)).not.toContain('oops');

  // Every file has its tab.
  await expect(page.getByTestId('code-tab')).toHaveText(['model.py', 'train.py', 'data.py', 'README.md']);
  await page.locator('[data-testid="code-tab"][data-file-id="pytorch/train.py"]').click();
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-file-id', 'pytorch/train.py');
  await expect.poll(() => editorText(page)).toContain('import torch');

  // Edit the graph: the code follows.
  await page.getByTestId('view-design').click();
  await select(page, 'hidden');
  await setField(page, 'units', '16');
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 16)');
  await openCodeView(page);
  await page.locator('[data-testid="code-tab"][data-file-id="pytorch/model.py"]').click();
  await expect.poll(() => editorText(page)).toContain('self.hidden = nn.Linear(2, 16)');
  expect(await editorText(page)).toContain('self.out = nn.Linear(16, 1)');
});

test('shows Keras code and an ONNX summary with inputs, outputs, shapes and opset', async ({ page }, testInfo) => {
  await openApp(page);
  await openCodeView(page);
  await page.getByTestId('code-group-keras').click();
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-file-id', 'keras/model.py');
  await expect.poll(() => editorText(page)).toContain('layers.Dense(8, activation="tanh", name="hidden")');

  await page.getByTestId('code-group-onnx').click();
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-file-id', 'onnx/summary');
  const summary = await expect.poll(() => editorText(page)).toContain('opset ai.onnx 17').then(() => editorText(page));
  expect(summary).toContain('IR version 8');
  expect(summary).toMatch(/Inputs \(1\)\s+input\s+float\s+\[batch, 2\]/);
  expect(summary).toMatch(/Outputs \(1\)\s+out\s+float\s+\[batch, 1\]/);
  expect(summary).toMatch(/hidden\/kernel\s+float\s+\[2, 8\]/);
  expect(summary).toContain('Gemm');
  await snap(page, 'code-view-onnx-summary', testInfo);
});

test('Copy puts the file on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await openCodeView(page);
  await page.getByTestId('code-copy').click();
  await expect(page.getByTestId('code-status')).toContainText('Copied model.py');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('class XOR(nn.Module):');
  expect(copied).toContain('def load_weights(model');
});

test('a model with a problem shows what to fix instead of code', async ({ page }) => {
  await openApp(page);
  await select(page, 'hidden');
  await page.keyboard.press('Delete');
  await page.getByTestId('view-code').click();
  await expect(page.getByTestId('code-problem')).toContainText('to fix before it becomes code');
  await expect(page.getByTestId('code-export-onnx')).toBeDisabled();
});

test('exports ONNX that onnxruntime loads and runs, matching the model worked by hand', async ({ page }) => {
  await openApp(page);
  await openCodeView(page);
  const download = await downloadFrom(page, page.getByTestId('code-export-onnx'));
  expect(download.suggestedFilename()).toBe('xor-why-we-need-hidden-layers.onnx');
  await expect(page.getByTestId('code-status')).toContainText('Exported xor-why-we-need-hidden-layers.onnx');
  const bytes = new Uint8Array(await readFile((await download.path())!));

  const { session, output } = await runOnXorInputs(bytes);
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual(['out']);
  expect(output.dims).toEqual([4, 1]);
  const x = XOR_INPUTS;
  const y = output.data as Float32Array;

  // The same forward pass by hand, from the weights inside the file: sigmoid(tanh(x·W1 + b1)·W2 + b2).
  const model = onnx.ModelProto.decode(bytes);
  const weight = (name: string) => {
    const t = model.graph!.initializer!.find((i) => i.name === name)!;
    const raw = t.rawData!;
    return { dims: t.dims!.map(Number), data: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) };
  };
  const w1 = weight('hidden/kernel');
  const b1 = weight('hidden/bias');
  const w2 = weight('out/kernel');
  const b2 = weight('out/bias');
  expect(w1.dims).toEqual([2, 8]);
  expect(w2.dims).toEqual([8, 1]);
  // Fresh Glorot weights, not zeros.
  expect(w1.data.some((v) => v !== 0)).toBe(true);
  for (let r = 0; r < 4; r++) {
    let sum = b2.data[0]!;
    for (let j = 0; j < 8; j++) {
      let h = b1.data[j]!;
      for (let i = 0; i < 2; i++) h += x[r * 2 + i]! * w1.data[i * 8 + j]!;
      sum += Math.tanh(h) * w2.data[j]!;
    }
    expect(y[r]).toBeCloseTo(1 / (1 + Math.exp(-sum)), 5);
  }
});
