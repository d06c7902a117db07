/**
 * Shape errors appear on the layer that must change, with the fix in plain
 * words, and go away once fixed: an Add whose branches have different widths,
 * and a Conv2D dropped onto a connection that carries a vector.
 */
import { connect, dragFromPalette, dragTo, expect, layerNode, openApp, select, setField, snap, test } from './fixtures';

test('an Add with mismatched widths shows the error on the Add, and fixing a width clears it', async ({ page }, testInfo) => {
  await openApp(page);
  // XOR's hidden layer has 8 units; a second branch of 4 units goes into an Add with it.
  await dragFromPalette(page, 'Dense', { x: 80, y: 330 });
  await select(page, 'dense');
  await setField(page, 'units', '4');
  await connect(page, 'input', 'dense');
  await dragFromPalette(page, 'Add', { x: 200, y: 560 });
  await connect(page, 'hidden', 'add', 'in0');
  await connect(page, 'dense', 'add', 'in1');

  const add = layerNode(page, 'add');
  // Once both slots are used, the Add offers a third for another branch.
  await expect(add.locator('.react-flow__handle.target')).toHaveCount(3);
  const error = add.locator('[data-testid="node-error"][data-code="NW021"]');
  await expect(error).toBeVisible();
  await expect(error).toContainText('(batch, 8)');
  await expect(error).toContainText('(batch, 4)');
  await expect(error.getByTestId('node-error-fix')).toContainText('Fix:');
  await expect(add.getByTestId('output-shape')).toHaveText('?');
  await expect(page.getByTestId('model-summary')).toContainText('problem');
  await snap(page, 'add-mismatch', testInfo);

  // The inspector of the Add says the same, with the fix.
  await select(page, 'add');
  await expect(page.getByTestId('inspector-issue').filter({ hasText: 'NW021' })).toContainText('Fix:');

  // Fix: make the branch as wide as the other.
  await select(page, 'dense');
  await setField(page, 'units', '8');
  await expect(add.getByTestId('node-error').filter({ hasText: 'NW021' })).toHaveCount(0);
  await expect(add.getByTestId('output-shape')).toHaveText('(None, 8)');
});

test('a Conv2D dropped onto a vector connection is inserted there and shows why it does not fit', async ({ page }, testInfo) => {
  await openApp(page);
  const label = page.locator('.edge-label[data-edge-id]').first();
  const edgeId = await label.getAttribute('data-edge-id');
  const box = (await label.boundingBox())!;
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  // Drop onto the connection's shape label.
  const item = page.locator('[data-testid="palette-item"][data-layer-type="Conv2D"]');
  await dragTo(page, item, { x: box.x + box.width / 2 - pane.x, y: box.y + box.height / 2 - pane.y });

  const conv = layerNode(page, 'conv2d');
  await expect(conv).toBeVisible();
  await expect(page.locator(`[data-testid="edge-shape"][data-edge-id="${edgeId}"]`)).toHaveCount(0);
  await expect(conv.getByTestId('node-error').first()).toHaveAttribute('data-code', 'NW020');
  await expect(conv.getByTestId('node-error-fix').first()).toContainText('Flatten or Reshape');
  await snap(page, 'conv-on-vector', testInfo);

  // Fix: undo the insertion; the original connection comes back and the model checks out.
  await page.keyboard.press('Control+z');
  await expect(conv).toHaveCount(0);
  await expect(page.locator(`[data-testid="edge-shape"][data-edge-id="${edgeId}"]`)).toHaveText('(None, 2)');
  await expect(page.getByTestId('node-error')).toHaveCount(0);
});

test('the + on a connection inserts the chosen layer between its two ends', async ({ page }, testInfo) => {
  await openApp(page);
  const label = page.locator('.edge-label[data-edge-id]').nth(1);
  await label.hover();
  await label.getByTestId('edge-insert').click();
  const menu = page.getByTestId('insert-menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('searchbox').fill('drop');
  await snap(page, 'insert-menu', testInfo);
  await menu.getByRole('searchbox').press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(layerNode(page, 'dropout')).toBeVisible();
  await expect(layerNode(page, 'dropout').getByTestId('output-shape')).toHaveText('(None, 8)');
  await expect(page.getByTestId('edge-shape')).toHaveText(['(None, 2)', '(None, 8)', '(None, 8)']);
  await expect(page.getByTestId('node-error')).toHaveCount(0);
  // The new layer is selected, so its settings are at hand.
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node-id', 'dropout');
});

test('an invalid value is explained in the field and never reaches the model', async ({ page }) => {
  await openApp(page);
  await select(page, 'hidden');
  const units = page.getByTestId('param-units');
  await units.fill('0');
  await expect(page.getByTestId('field-issue')).toContainText('"units" is 0, but it must be a whole number');
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 8)');
  await units.fill('16');
  await expect(page.getByTestId('field-issue')).toHaveCount(0);
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 16)');
});
