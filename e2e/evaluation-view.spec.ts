/**
 * The Evaluate view, end to end on the real services: after XOR trains, the
 * confusion matrix, per-class scores, ROC AUC and the decision boundary; the
 * playground answers typed values; after one epoch of MNIST, a digit drawn
 * with the mouse gets class probabilities. Photographed into test-results/.
 */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { expect, openApp, snap, test } from './fixtures';
import { openTrainView, setSetting, TRAINING_TIMEOUT, trainToEnd } from './training-flow';

test('before any training, the Evaluate view says what to do', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('view-evaluate').click();
  await expect(page.getByTestId('evaluate-empty')).toContainText('Train the model first');
});

test('after XOR trains: confusion matrix, scores, decision boundary and the playground', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await trainToEnd(page);
  await page.getByTestId('go-evaluate').click();

  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  await expect(matrix).toHaveAttribute('data-classes', '2');
  const cell = (t: number, p: number) => matrix.locator(`[data-testid="confusion-cell"][data-true="${t}"][data-predicted="${p}"]`);
  await expect(cell(0, 0)).toHaveText('2');
  await expect(cell(1, 1)).toHaveText('2');
  await expect(cell(0, 1)).toHaveText('0');
  await expect(cell(1, 0)).toHaveText('0');
  await expect(page.getByTestId('evaluation-accuracy')).toHaveText('100.0%');
  await expect(page.getByTestId('class-score-row')).toHaveCount(2);
  await expect(page.getByTestId('macro-average')).toContainText('100.0%');
  await expect(page.getByTestId('roc-auc')).toContainText('1.000');
  await expect(page.getByTestId('no-mistakes')).toBeVisible();

  // The boundary is drawn from the model's answers on a grid, and puts each corner on its own side.
  await expect(page.getByTestId('decision-boundary')).not.toHaveAttribute('data-version', '');
  const colours = await page.getByTestId('boundary-canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    // Between the points, a quarter of the way in from each corner: (0.25, 0.25) is "0" territory, (0.25, 0.75) is "1".
    const at = (fx: number, fy: number) => Array.from(ctx.getImageData(Math.round(c.width * fx), Math.round(c.height * fy), 1, 1).data.slice(0, 3));
    return { low: at(0.3, 0.7), high: at(0.3, 0.3) };
  });
  expect(colours.low).not.toEqual(colours.high);

  // The playground: XOR(1, 0) is 1.
  const values = page.getByTestId('playground-value');
  await expect(values).toHaveCount(2);
  await values.nth(0).fill('1');
  await values.nth(1).fill('0');
  await expect(page.getByTestId('prediction')).toHaveText('1');
  await values.nth(1).fill('1');
  await expect(page.getByTestId('prediction')).toHaveText('0');
  await snap(page, 'evaluate-view-xor', testInfo);
});

test('the decision boundary is redrawn while XOR trains, as the model learns', async ({ page }) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  // Long enough to watch: the run is stopped once the boundary has moved twice.
  await setSetting(page, 'hp-epochs', '100000');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'running', { timeout: TRAINING_TIMEOUT });
  await page.getByTestId('view-evaluate').click();
  const boundary = page.getByTestId('decision-boundary');
  await expect(boundary).toHaveAttribute('data-version', /^\d+:running$/, { timeout: TRAINING_TIMEOUT });
  const first = await boundary.getAttribute('data-version');
  const pixels = () => page.getByTestId('boundary-canvas').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0)));
  const before = await pixels();
  await expect(boundary).not.toHaveAttribute('data-version', first!, { timeout: TRAINING_TIMEOUT });
  await expect(boundary).toHaveAttribute('data-version', /:running$/);
  // A later epoch's answers paint a different picture.
  await expect.poll(async () => (await pixels()).some((v, i) => v !== before[i]), { timeout: TRAINING_TIMEOUT }).toBe(true);
  await expect(page.getByTestId('boundary-waiting')).toHaveCount(0);
  await page.getByTestId('view-train').click();
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
});

test('a regression model: predicted against true values, and a number from the playground', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page, 'sine-regression.nwproj');
  await setSetting(page, 'hp-epochs', '5');
  await trainToEnd(page);
  await expect(page.getByTestId('chart-mae')).toBeVisible();
  await page.getByTestId('go-evaluate').click();
  await expect(page.getByTestId('regression-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(page.getByTestId('evaluation-summary')).toContainText('Mean absolute error');
  await page.getByTestId('playground-value').fill('1.5708');
  await expect(page.getByTestId('prediction')).toContainText(/The model predicts -?\d/);
  await snap(page, 'evaluate-view-regression', testInfo);
});

/** Draws with the mouse on the playground's pad: a list of strokes in pad fractions (0–1). */
async function draw(page: Page, strokes: [number, number][][]): Promise<void> {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    await page.mouse.move(box.x + first![0] * box.width, box.y + first![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
    await page.mouse.up();
  }
}

test('after one epoch of MNIST, a digit drawn with the mouse gets class probabilities', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT * 2);
  await openTrainView(page, 'mnist-mlp.nwproj');
  await setSetting(page, 'hp-epochs', '1');
  await trainToEnd(page);
  await snap(page, 'train-view-mnist-trained', testInfo);
  await page.getByTestId('view-evaluate').click();

  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-classes', '10');
  await expect(page.getByTestId('class-score-row')).toHaveCount(10);
  const accuracy = Number((await page.getByTestId('evaluation-accuracy').textContent())!.replace('%', ''));
  expect(accuracy).toBeGreaterThan(80);
  await expect(page.getByTestId('mistake').first()).toBeVisible();
  await page.getByTestId('mistakes').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('mistake').first().locator('canvas')).toBeVisible();
  await snap(page, 'evaluate-view-mnist-mistakes', testInfo);

  // A "1": one stroke down the middle, drawn small and off-centre; the pad fits and centres it as MNIST did.
  await draw(page, [[[0.62, 0.2], [0.6, 0.5], [0.58, 0.82]]]);
  const bars = page.getByTestId('probability');
  await expect(bars).toHaveCount(10);
  await expect(page.getByTestId('prediction')).toHaveText('1');
  const total = (await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))).reduce((s, v) => s + v, 0);
  expect(total).toBeCloseTo(1, 2);
  await snap(page, 'evaluate-view-mnist-playground', testInfo);

  // Clear, then a "0".
  await page.getByTestId('draw-clear').click();
  const ring: [number, number][] = Array.from({ length: 25 }, (_, i) => [0.5 + 0.22 * Math.sin((i / 24) * 2 * Math.PI), 0.5 - 0.3 * Math.cos((i / 24) * 2 * Math.PI)]);
  await draw(page, [ring]);
  await expect(page.getByTestId('prediction')).toHaveText('0');

  // A photo-like picture, dark ink on white paper: it is inverted to MNIST's white on black.
  await page.getByTestId('image-file').setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: pictureOfAOne() });
  await expect(page.getByTestId('prediction')).toHaveText('1');
});

/** A 64 × 64 PNG: white paper with a black vertical stroke. */
function pictureOfAOne(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const ink = y >= 12 && y < 52 && x >= 30 && x < 35;
      png.data.set(ink ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * 64 + x) * 4);
    }
  }
  return PNG.sync.write(png);
}
