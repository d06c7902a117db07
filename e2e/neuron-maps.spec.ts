/**
 * The neuron maps, end to end on the real services: after XOR trains, each of
 * the 8 hidden tanh neurons has its own picture of the plane, in the Evaluate
 * view and in the Train view, in either theme; while XOR trains, the
 * pictures move.
 * Photographed into test-results/.
 */
import type { Locator } from '@playwright/test';
import { expect, snap, test } from './fixtures';
import { openTrainView, setSetting, TRAINING_TIMEOUT, trainToEnd } from './training-flow';

/** Every tile's pixels, thinned, one string per tile. */
function tilePictures(maps: Locator): Promise<string[]> {
  return maps.getByTestId('neuron-tile').evaluateAll((tiles) =>
    (tiles as HTMLCanvasElement[]).map((c) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 13 === 0)).join(',')),
  );
}

test('after XOR trains, each hidden neuron draws its own picture', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await trainToEnd(page);

  // The Train view folds them under the live boundary.
  const live = page.getByTestId('live-neurons').getByTestId('neuron-maps');
  await expect(live.getByTestId('neuron-tile')).toHaveCount(8);
  await live.scrollIntoViewIfNeeded();
  await snap(page, 'train-view-xor-neurons', testInfo);

  await page.getByTestId('go-evaluate').click();
  const maps = page.getByTestId('evaluateview').getByTestId('neuron-maps');
  await expect(maps).toHaveAttribute('data-version', /:done$/);
  const layer = maps.getByTestId('neuron-layer');
  await expect(layer).toHaveCount(1);
  await expect(layer).toHaveAttribute('data-layer', 'hidden');
  await expect(layer).toContainText('8 units · tanh');
  // tanh goes both ways: a diverging scale.
  await expect(layer.getByTestId('neuron-legend')).toHaveAttribute('data-kind', 'diverging');
  const tiles = layer.getByTestId('neuron-tile');
  await expect(tiles).toHaveCount(8);
  await expect(tiles.nth(2)).toHaveAttribute('title', 'hidden · unit 3');

  // Each neuron draws its own line: the pictures differ from one another.
  const pictures = await tilePictures(maps);
  expect(new Set(pictures).size).toBeGreaterThan(4);
  await maps.scrollIntoViewIfNeeded();
  await snap(page, 'evaluate-view-xor-neurons', testInfo);

  // Near 0 the tiles take the theme's panel colour, as the boundary's pale band does: the dark theme repaints both.
  const boundary = () => page.getByTestId('boundary-canvas').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0)).join(','));
  const lightBoundary = await boundary();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await tilePictures(maps)).some((p, i) => p !== pictures[i])).toBe(true);
  await expect.poll(boundary).not.toBe(lightBoundary);
  await snap(page, 'evaluate-view-xor-neurons-dark', testInfo);
});

test('the neuron maps are redrawn while XOR trains', async ({ page }) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  // Long enough to watch: the run is stopped once the pictures have moved.
  await setSetting(page, 'hp-epochs', '100000');
  await page.getByTestId('train-start').click();
  const maps = page.getByTestId('live-neurons').getByTestId('neuron-maps');
  await expect(maps).toHaveAttribute('data-version', /^\d+:running$/, { timeout: TRAINING_TIMEOUT });
  await expect(maps.getByTestId('neuron-tile')).toHaveCount(8);
  const first = await maps.getAttribute('data-version');
  const before = await tilePictures(maps);
  await expect(maps).not.toHaveAttribute('data-version', first!, { timeout: TRAINING_TIMEOUT });
  // A later epoch's weights paint different pictures.
  await expect.poll(async () => (await tilePictures(maps)).some((p, i) => p !== before[i]), { timeout: TRAINING_TIMEOUT }).toBe(true);
  await expect(page.getByTestId('neuron-maps-problem')).toHaveCount(0);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
});
