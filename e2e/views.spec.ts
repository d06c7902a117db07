/**
 * The editor's views, each checked and photographed into test-results/: the
 * palette's hover cards (every layer has one, with the learner's text), its
 * search, the inspector for a wrapper layer, the shortcut cheat sheet, and
 * the dark theme, which is remembered.
 */
import { LAYERS } from '../shared/layers';
import { expect, layerNode, openApp, select, snap, test } from './fixtures';

test('every layer in the palette has a card with its summary, formula and when to use it', async ({ page }, testInfo) => {
  await openApp(page);
  const card = page.getByTestId('layer-card');
  for (const def of LAYERS) {
    await page.locator(`[data-testid="palette-item"][data-layer-type="${def.type}"]`).focus();
    await expect(card).toHaveAttribute('data-layer-type', def.type);
    await expect(card.getByTestId('layer-summary')).toHaveText(def.doc.summary);
    await expect(card.getByTestId('layer-formula')).toHaveText(def.doc.formula);
    await expect(card.getByTestId('layer-when')).toHaveText(def.doc.whenToUse);
  }
  await page.locator(`[data-testid="palette-item"][data-layer-type="${LAYERS.at(-1)!.type}"]`).blur();
  await expect(card).toHaveCount(0);

  // Hovering opens the card too, after a short rest.
  await page.locator('[data-testid="palette-item"][data-layer-type="Conv2D"]').hover();
  await expect(card).toHaveAttribute('data-layer-type', 'Conv2D');
  await snap(page, 'palette-hover-card', testInfo);
});

test('the palette search finds layers by name and by purpose', async ({ page }, testInfo) => {
  await openApp(page);
  const search = page.getByTestId('palette-search');
  await search.fill('conv');
  const items = page.getByTestId('palette-item');
  await expect(items.first()).toHaveAttribute('data-layer-type', 'Conv1D');
  await expect(page.locator('[data-testid="palette-item"][data-layer-type="Dense"]')).toHaveCount(0);
  await search.fill('fully connected');
  await expect(items.first()).toHaveAttribute('data-layer-type', 'Dense');
  await snap(page, 'palette-search', testInfo);
  await search.fill('nothing like this');
  await expect(items).toHaveCount(0);
  await expect(page.getByTestId('palette')).toContainText('No layer matches');
});

test('clicking a palette item adds it below the selected layer, connected', async ({ page }) => {
  await openApp(page);
  await select(page, 'out');
  await page.locator('[data-testid="palette-item"][data-layer-type="Dropout"]').click();
  await expect(layerNode(page, 'dropout')).toBeVisible();
  await expect(layerNode(page, 'dropout').getByTestId('output-shape')).toHaveText('(None, 1)');
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node-id', 'dropout');
  const out = (await layerNode(page, 'out').boundingBox())!;
  const drop = (await layerNode(page, 'dropout').boundingBox())!;
  expect(drop.y).toBeGreaterThan(out.y + out.height);
});

test('the inspector edits a wrapped layer inside TimeDistributed', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('template').click();
  await page.locator('[data-testid="template-card"][data-template-id="gru-word-reversal.nwproj"]').click();
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
  const wrapper = page.locator('[data-testid="layer-node"][data-layer-type="TimeDistributed"]');
  const id = (await wrapper.getAttribute('data-node-id'))!;
  await select(page, id);
  const inspector = page.getByTestId('node-inspector');
  await expect(inspector.getByTestId('param-layer-type')).toHaveValue('Dense');
  await expect(inspector.getByTestId('layer-formula')).toHaveText('yₜ = layer(xₜ) for every timestep t');
  const shape = await wrapper.getByTestId('output-shape').textContent();
  await inspector.getByTestId('param-units').fill('7');
  await expect(wrapper.getByTestId('output-shape')).toHaveText(shape!.replace(/\d+\)$/, '7)'));
  await snap(page, 'inspector-wrapped-layer', testInfo);
});

test('the cheat sheet lists every shortcut and closes with Escape', async ({ page }, testInfo) => {
  await openApp(page);
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcuts-dialog');
  await expect(sheet).toBeVisible();
  for (const name of ['undo', 'redo', 'copy', 'paste', 'duplicate', 'delete', 'layout', 'fitView', 'shortcuts']) {
    await expect(sheet.locator(`[data-testid="shortcut-row"][data-action="${name}"]`)).toBeVisible();
  }
  await expect(sheet.locator('[data-action="redo"]')).toContainText('Ctrl');
  await snap(page, 'cheat-sheet', testInfo);
  // Keys do not reach the canvas behind the dialog.
  await page.keyboard.press('Delete');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(page.getByTestId('layer-node')).toHaveCount(3);
});

test('the dark theme is one click away and is remembered', async ({ page }, testInfo) => {
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await select(page, 'hidden');
  await snap(page, 'dark-theme', testInfo);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.react-flow')).toHaveClass(/dark/);
  await page.getByTestId('template').click();
  await snap(page, 'dark-theme-gallery', testInfo);
});
