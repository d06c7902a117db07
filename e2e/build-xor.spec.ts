/**
 * A person who has never programmed builds XOR: they clear the canvas, drag
 * an Input, two Dense layers from the palette, set units and activations in
 * the inspector and wire them, and the canvas shows the shapes and counts
 * Keras would (Input [2] → Dense 8 tanh → Dense 1 sigmoid: 24 + 9 = 33 parameters).
 */
import { choose, connect, dragFromPalette, expect, layerNode, nodeIds, openApp, select, setField, snap, test } from './fixtures';

test('builds XOR from the palette by drag and drop', async ({ page }, testInfo) => {
  await openApp(page);
  // Start from an empty canvas.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('layer-node')).toHaveCount(0);
  await expect(page.getByTestId('empty-hint')).toBeVisible();

  await dragFromPalette(page, 'Input', { x: 300, y: 80 });
  await expect(layerNode(page, 'input')).toBeVisible();
  await dragFromPalette(page, 'Dense', { x: 300, y: 260 });
  await dragFromPalette(page, 'Dense', { x: 300, y: 440 });
  expect(await nodeIds(page)).toEqual(['input', 'dense', 'dense_1']);

  // The Input's default shape is [2]; say so explicitly anyway, as a person would.
  await select(page, 'input');
  await setField(page, 'shape', '2');
  await expect(layerNode(page, 'input').getByTestId('output-shape')).toHaveText('(None, 2)');

  await select(page, 'dense');
  await setField(page, 'units', '8');
  await choose(page, 'activation', 'tanh');
  await select(page, 'dense_1');
  await setField(page, 'units', '1');
  await choose(page, 'activation', 'sigmoid');

  await connect(page, 'input', 'dense');
  await connect(page, 'dense', 'dense_1');
  await expect(page.getByTestId('edge-shape')).toHaveCount(2);

  await expect(layerNode(page, 'dense').getByTestId('output-shape')).toHaveText('(None, 8)');
  await expect(layerNode(page, 'dense').getByTestId('param-count')).toHaveText('24');
  await expect(layerNode(page, 'dense').getByTestId('layer-caption')).toHaveText('8 units · tanh');
  await expect(layerNode(page, 'dense_1').getByTestId('output-shape')).toHaveText('(None, 1)');
  await expect(layerNode(page, 'dense_1').getByTestId('param-count')).toHaveText('9');
  await expect(page.locator('[data-testid="edge-shape"]')).toHaveText(['(None, 2)', '(None, 8)']);
  await expect(page.getByTestId('node-error')).toHaveCount(0);
  await expect(page.getByTestId('model-summary')).toContainText('3 layers · 33 parameters · shapes check out');

  // With nothing selected, the inspector shows the Keras-style summary.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('total-params')).toContainText('33');
  await snap(page, 'xor-built', testInfo);
});
