/**
 * Past runs, end to end on the real services: XOR trains twice (the second
 * time with a smaller hidden layer), the Evaluate view lists both runs, newest
 * first, and picking the older one evaluates that run's own model, rebuilt
 * from its checkpoint, with a note that it is not the model on the canvas.
 *
 * The runs folder is shared by every spec on the same server, so the test
 * finds its own runs by id rather than counting the list.
 */
import type { Page } from '@playwright/test';
import { expect, select, setField, snap, test } from './fixtures';
import { openTrainView, setSetting, TRAINING_TIMEOUT, waitForRunEnd } from './training-flow';

/** Presses Train and waits for the new run's id (another than `previous`) to show. */
async function startNewRun(page: Page, previous: string | null): Promise<string> {
  const panel = page.getByTestId('run-panel');
  await page.getByTestId('train-start').click();
  // Starting clears the old id before the new one arrives.
  await expect
    .poll(async () => {
      const id = await panel.getAttribute('data-run-id');
      return id !== null && id !== previous;
    })
    .toBe(true);
  return (await panel.getAttribute('data-run-id'))!;
}

/** Starts a new run and waits for it to finish; fails with the run's own error message if it failed. */
async function trainNewRun(page: Page, previous: string | null): Promise<string> {
  const runId = await startNewRun(page, previous);
  await waitForRunEnd(page);
  return runId;
}

const lossPoints = async (page: Page) => Number(await page.getByTestId('chart-loss').getAttribute('data-points'));

/** A past run's model is rebuilt from its checkpoint on a fresh trainer (SwiftShader here): slower than evaluating the live one. */
const REBUILD_TIMEOUT = 120_000;

const runItem = (page: Page, runId: string) => page.locator(`[data-testid="run-item"][data-run-id="${runId}"]`);

test('two XOR runs are listed, and the older one is evaluated from its own checkpoint', async ({ page }, testInfo) => {
  test.setTimeout(2 * TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await setSetting(page, 'hp-epochs', '30');
  const older = await trainNewRun(page, null);

  // The second run trains a smaller model, for fewer epochs.
  await page.getByTestId('view-design').click();
  await select(page, 'hidden');
  await setField(page, 'units', '4');
  await page.getByTestId('view-train').click();
  await setSetting(page, 'hp-epochs', '20');
  const newer = await trainNewRun(page, older);
  expect(newer).not.toBe(older);
  // The Train view lists the earlier run of this project under the current one.
  await expect(page.getByTestId('earlier-runs').locator(`[data-testid="run-item"][data-run-id="${older}"]`)).toBeVisible();
  await page.getByTestId('earlier-runs').scrollIntoViewIfNeeded();
  await snap(page, 'past-runs-train-view', testInfo);

  await page.getByTestId('view-evaluate').click();
  const list = page.getByTestId('run-list');
  await expect(runItem(page, older)).toBeVisible();
  await expect(runItem(page, newer)).toBeVisible();
  const ids = await list.getByTestId('run-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-run-id')));
  expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
  for (const [id, epochs] of [[older, '30 epochs'], [newer, '20 epochs']] as const) {
    await expect(runItem(page, id)).toHaveAttribute('data-status', 'completed');
    await expect(runItem(page, id)).toHaveAttribute('data-selectable', 'true');
    await expect(runItem(page, id)).toContainText(epochs);
    await expect(runItem(page, id).getByTestId('run-figures')).toContainText(/Accuracy \d+\.\d%/);
    await expect(runItem(page, id).getByTestId('run-sparkline')).toBeVisible();
  }

  // At first the view shows the run just trained: the model on the canvas.
  await expect(runItem(page, newer)).toHaveAttribute('data-shown', 'true');
  await expect(page.getByTestId('evaluateview')).toHaveAttribute('data-run-id', newer);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expect(page.getByTestId('run-differs')).toHaveCount(0);

  await runItem(page, older).getByRole('button').first().click();
  await expect(runItem(page, older)).toHaveAttribute('data-shown', 'true');
  await expect(page.getByTestId('evaluateview')).toHaveAttribute('data-run-id', older);
  await expect(page.getByTestId('evaluated-run')).toContainText('30 epochs');
  await expect(page.getByTestId('run-differs')).toContainText('its "hidden" has units 8, not 4');
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-classes', '2', { timeout: REBUILD_TIMEOUT });
  // XOR's four samples, each counted once.
  const counts = await matrix.getByTestId('confusion-cell').allTextContents();
  expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBe(4);
  await expect(page.getByTestId('evaluation-error')).toHaveCount(0);
  await expect(page.getByTestId('playground-value')).toHaveCount(2);
  await snap(page, 'past-runs-older', testInfo);

  // Picking the run just trained follows it again.
  await runItem(page, newer).getByRole('button').first().click();
  await expect(page.getByTestId('evaluateview')).toHaveAttribute('data-run-id', newer);
  await expect(page.getByTestId('evaluated-run')).toHaveCount(0);
});

test('a stopped run resumes from the run list and carries on from its checkpoint', async ({ page }) => {
  test.setTimeout(2 * TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await setSetting(page, 'hp-epochs', '100000');
  const stopped = await startNewRun(page, null);
  const status = page.getByTestId('train-status');
  // A few epochs, so there is a checkpoint to resume from.
  await expect.poll(() => lossPoints(page), { timeout: TRAINING_TIMEOUT }).toBeGreaterThan(3);
  await page.getByTestId('train-stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
  const stoppedAt = await lossPoints(page);

  // Another run makes the stopped one a past run.
  await setSetting(page, 'hp-epochs', '5');
  await trainNewRun(page, stopped);

  await page.getByTestId('view-evaluate').click();
  const item = runItem(page, stopped);
  await expect(item).toHaveAttribute('data-status', 'stopped');
  await expect(item).toContainText(/Stopped/);
  await item.getByTestId('run-resume').click();

  // The Train view follows the resumed run: its curves start from its history and grow.
  await expect(page.getByTestId('trainview')).toBeVisible();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-run-id', stopped);
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: TRAINING_TIMEOUT });
  await expect(page.getByTestId('run-epoch')).toContainText('of 100000');
  await expect.poll(() => lossPoints(page), { timeout: TRAINING_TIMEOUT }).toBeGreaterThan(stoppedAt + 2);
  await page.getByTestId('train-stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
});
