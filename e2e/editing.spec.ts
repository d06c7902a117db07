/**
 * Editing with the keyboard and the top bar: undo and redo across different
 * kinds of edit, copy, paste, duplicate and delete, select all, and the
 * tidy-up layout.
 */
import { expect, layerNode, nodeIds, openApp, select, setField, snap, test } from './fixtures';

test('undo and redo walk back and forth through adds, parameter edits, deletes and pastes', async ({ page }) => {
  await openApp(page);
  const hiddenShape = layerNode(page, 'hidden').getByTestId('output-shape');

  await select(page, 'hidden');
  await setField(page, 'units', '16');
  await expect(hiddenShape).toHaveText('(None, 16)');

  // Duplicate the selected layer, then delete the original output.
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await select(page, 'hidden');
  await page.keyboard.press('Control+d');
  await expect(layerNode(page, 'hidden_1')).toBeVisible();
  await select(page, 'out');
  await page.keyboard.press('Delete');
  await expect(layerNode(page, 'out')).toHaveCount(0);
  expect(await nodeIds(page)).toEqual(['input', 'hidden', 'hidden_1']);

  // Undo three times: the delete, the duplicate, the units edit.
  await page.keyboard.press('Control+z');
  await expect(layerNode(page, 'out')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(layerNode(page, 'hidden_1')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(hiddenShape).toHaveText('(None, 8)');
  await expect(page.getByTestId('tool-undo')).toBeDisabled();

  // Redo with both shortcuts, and with the button.
  await page.keyboard.press('Control+Shift+z');
  await expect(hiddenShape).toHaveText('(None, 16)');
  await page.keyboard.press('Control+y');
  await expect(layerNode(page, 'hidden_1')).toBeVisible();
  await expect(page.getByTestId('tool-redo')).toHaveAttribute('aria-label', 'Redo Delete 1 layer');
  await page.getByTestId('tool-redo').click();
  await expect(layerNode(page, 'out')).toHaveCount(0);
  await expect(page.getByTestId('tool-redo')).toBeDisabled();
});

test('copy and paste bring a connected pair back with fresh names, offset, and selected', async ({ page }) => {
  await openApp(page);
  await select(page, 'hidden');
  await layerNode(page, 'out').locator('.layer-node__type').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('multi-inspector')).toContainText('2 layers selected');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(layerNode(page, 'hidden_1')).toBeVisible();
  await expect(layerNode(page, 'out_1')).toBeVisible();
  // The pasted copies keep their inner connection and their settings, and are now the selection.
  await expect(page.locator('[data-testid="edge-shape"]')).toHaveCount(3);
  await expect(layerNode(page, 'hidden_1').getByTestId('layer-caption')).toHaveText('8 units · tanh');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  const a = (await layerNode(page, 'hidden').boundingBox())!;
  const b = (await layerNode(page, 'hidden_1').boundingBox())!;
  expect(b.x).toBeGreaterThan(a.x);
  expect(b.y).toBeGreaterThan(a.y);

  // A second paste lands further off again.
  await page.keyboard.press('Control+v');
  await expect(layerNode(page, 'hidden_2')).toBeVisible();
  const c = (await layerNode(page, 'hidden_2').boundingBox())!;
  expect(c.x).toBeGreaterThan(b.x);

  // Cut removes the selection and Delete with nothing selected does nothing.
  await page.keyboard.press('Control+x');
  await expect(layerNode(page, 'hidden_2')).toHaveCount(0);
  await page.keyboard.press('Delete');
  expect(await nodeIds(page)).toEqual(['input', 'hidden', 'out', 'hidden_1', 'out_1']);
});

test('Backspace in a parameter field edits the text, not the model', async ({ page }) => {
  await openApp(page);
  await select(page, 'hidden');
  const units = page.getByTestId('param-units');
  await units.click();
  await units.press('End');
  await units.press('Backspace');
  await units.type('12');
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 12)');
  expect(await nodeIds(page)).toEqual(['input', 'hidden', 'out']);
});

test('tidy up lays a scrambled model out top to bottom, and undo puts it back', async ({ page }, testInfo) => {
  await openApp(page);
  // Scramble: drag the output above the input.
  const out = layerNode(page, 'out').locator('.layer-node__type');
  const input = (await layerNode(page, 'input').boundingBox())!;
  const from = (await out.boundingBox())!;
  await page.mouse.move(from.x + 5, from.y + 5);
  await page.mouse.down();
  await page.mouse.move(input.x + 300, input.y - 40, { steps: 8 });
  await page.mouse.up();
  const y = async (id: string) => (await layerNode(page, id).boundingBox())!.y;
  expect(await y('out')).toBeLessThan(await y('input'));

  await page.keyboard.press('l');
  await expect.poll(async () => (await y('out')) > (await y('hidden')) && (await y('hidden')) > (await y('input'))).toBe(true);
  await expect(page.getByTestId('tool-undo')).toHaveAttribute('aria-label', 'Undo Tidy up layout');
  await snap(page, 'tidy-up', testInfo);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('tool-undo')).toHaveAttribute('aria-label', 'Undo Move');
  await page.keyboard.press('f');
});
