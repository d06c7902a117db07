/**
 * The inspector's "Output on a sample": select a layer and see what it
 * outputs for the first sample of the dataset (channel tiles for a
 * convolution, class probabilities for the softmax), following edits; a
 * sample that does not fit falls back to a made-up input, a model too large
 * for the CPU says so, and after training the preview uses the trained
 * weights.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, select, setField, snap, test } from './fixtures';
import { setSetting, showTrainView, TRAINING_TIMEOUT, trainToEnd } from './training-flow';

async function openTemplate(page: Page, file: string): Promise<void> {
  await openApp(page);
  await page.getByTestId('template').click();
  await page.locator(`[data-testid="template-card"][data-template-id="${file}"]`).click();
  await expect(page.getByTestId('template')).toHaveAttribute('data-template-id', file);
}

/** The preview, once it shows an answer for the graph as it is now. */
async function settledPreview(page: Page): Promise<Locator> {
  const preview = page.getByTestId('layer-preview');
  await expect(preview).toHaveAttribute('data-updating', 'false', { timeout: 30_000 });
  await expect(preview).toHaveAttribute('data-state', 'ready');
  return preview;
}

const stat = async (preview: Locator, name: 'min' | 'max' | 'mean' | 'zeros') => Number(await preview.getByTestId('preview-stats').getAttribute(`data-${name}`));

test('LeNet-5: the input, a convolution’s channels and the softmax’s classes, following an edit', async ({ page }, testInfo) => {
  await openTemplate(page, 'lenet-5.nwproj');

  await select(page, 'image');
  let preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-sample')).toHaveText(/^On sample 1 of MNIST digits, labelled \d\.$/);
  await expect(preview.getByTestId('preview-input-image')).toBeVisible();
  await expect(preview.getByTestId('preview-shape')).toHaveText('32 × 32 × 1');

  await select(page, 'c1');
  preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-tile')).toHaveCount(6);
  await expect(preview.getByTestId('preview-shape')).toHaveText('28 × 28 × 6');
  await expect(preview.getByTestId('preview-weights')).toHaveText('fresh weights (seed 1)');
  // tanh: every value within (−1, 1), and the channels are not flat.
  expect(await stat(preview, 'min')).toBeGreaterThanOrEqual(-1);
  expect(await stat(preview, 'max')).toBeLessThanOrEqual(1);
  expect(await stat(preview, 'max')).toBeGreaterThan(await stat(preview, 'min'));
  await snap(page, 'layer-preview-conv', testInfo);

  await setField(page, 'filters', '8');
  preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-tile')).toHaveCount(8);
  await expect(preview.getByTestId('preview-shape')).toHaveText('28 × 28 × 8');

  await select(page, 'out');
  preview = await settledPreview(page);
  const classes = preview.getByTestId('preview-class');
  await expect(classes).toHaveCount(5);
  const sum = Number(await preview.getByTestId('preview-probability-sum').getAttribute('data-value'));
  expect(sum).toBeCloseTo(1, 4);
  const shown = await classes.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-class')!, Number(r.getAttribute('data-value'))] as const));
  const rest = Number(await preview.getByTestId('preview-other-classes').getAttribute('data-value'));
  expect(shown.reduce((s, [, p]) => s + p, 0) + rest).toBeCloseTo(1, 4);
  expect(shown.map(([name]) => name).every((name) => /^\d$/.test(name))).toBe(true);
  // Most likely first.
  expect(shown.map(([, p]) => p)).toEqual([...shown.map(([, p]) => p)].sort((a, b) => b - a));
  await snap(page, 'layer-preview-softmax', testInfo);
});

test('a wide convolution shows its first 32 channels; ReLUs show their zeros', async ({ page }) => {
  await openTemplate(page, 'small-vgg.nwproj');
  await select(page, 'conv2a');
  const preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-tile')).toHaveCount(32);
  await expect(preview).toContainText('and 32 more channels');
  expect(await stat(preview, 'min')).toBe(0);
  expect(await stat(preview, 'zeros')).toBeGreaterThan(0);
});

test('a sample that does not fit the Input layer gives way to a made-up input, saying why', async ({ page }) => {
  await openTemplate(page, 'lenet-5.nwproj');
  await select(page, 'image');
  await setField(page, 'shape', '36, 36, 1');
  await select(page, 'c1');
  const preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-sample')).toHaveText('On a made-up input, with fresh weights (seed 1).');
  await expect(preview).toContainText('but the Input layer takes 36 × 36 × 1, so the preview runs on a made-up input');
  await expect(preview.getByTestId('preview-shape')).toHaveText('32 × 32 × 6');
});

test('a model too large for the CPU says so instead of running', async ({ page }) => {
  await openTemplate(page, 'small-vgg.nwproj');
  await select(page, 'conv1a');
  await setField(page, 'filters', '512');
  await select(page, 'conv1b');
  const preview = page.getByTestId('layer-preview');
  await expect(preview).toHaveAttribute('data-state', 'none');
  await expect(preview.getByTestId('preview-message')).toHaveText(/^The layers up to this one take [\d.]+ MFLOPs per sample: too large to preview on the CPU/);
});

test('after training, the preview runs on the trained weights', async ({ page }) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openApp(page);
  await select(page, 'hidden');
  let preview = await settledPreview(page);
  // Fresh, or the weights of an earlier session's XOR run (the runs folder outlives a test).
  await expect(preview.getByTestId('preview-weights')).toHaveText(/^(fresh weights \(seed \d+\)|trained weights \(run .*\))$/);
  await expect(preview.getByTestId('preview-bars')).toBeVisible();

  await showTrainView(page);
  await setSetting(page, 'hp-epochs', '23');
  // Runs are named by the minute they start in, which lies between these two.
  const clock = () => page.evaluate(() => new Date().toTimeString().slice(0, 5));
  const before = await clock();
  await trainToEnd(page);
  const after = await clock();
  await page.getByTestId('view-design').click();
  await select(page, 'hidden');
  preview = await settledPreview(page);
  const label = await preview.getByTestId('preview-weights').textContent();
  expect([`trained weights (run ${before}, epoch 23)`, `trained weights (run ${after}, epoch 23)`]).toContain(label);
});

test('a recurrent layer’s sequence shows as a heatmap, a hidden Dense layer as bars', async ({ page }) => {
  await openTemplate(page, 'gru-word-reversal.nwproj');
  await select(page, 'decoder');
  let preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-shape')).toHaveText('8 × 128');
  await expect(preview.getByTestId('preview-heatmap')).toBeVisible();
  await select(page, 'encoder');
  preview = await settledPreview(page);
  await expect(preview.getByTestId('preview-shape')).toHaveText('128');
  await expect(preview.getByTestId('preview-bars')).toBeVisible();
  await expect(preview.getByTestId('preview-classes')).toHaveCount(0);
});
