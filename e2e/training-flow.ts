/**
 * Driving the Train view as a person does, shared by the training and
 * evaluation specs: open it, set a number field, train and wait for the run
 * to end.
 */
import type { Page } from '@playwright/test';
import { expect, openApp } from './fixtures';

/** Training runs on the page's WebGPU (SwiftShader here) or the CPU: allow for a slow machine. */
export const TRAINING_TIMEOUT = 180_000;

export async function openTrainView(page: Page, template?: string): Promise<void> {
  await openApp(page);
  if (template) {
    await page.getByTestId('template').click();
    await page.locator(`[data-testid="template-card"][data-template-id="${template}"]`).click();
    await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
  }
  await showTrainView(page);
}

export async function showTrainView(page: Page): Promise<void> {
  await page.getByTestId('view-train').click();
  await expect(page.getByTestId('trainview')).toBeVisible();
}

/** Types into a settings box and leaves it, as a person does. */
export async function setSetting(page: Page, testId: string, value: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(value);
  await field.press('Enter');
  await expect(field).toHaveValue(value);
}

/** Presses Train and waits until the run has finished; fails with the run's own error message if it failed. */
export async function trainToEnd(page: Page): Promise<void> {
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).not.toHaveAttribute('data-status', 'idle');
  await waitForRunEnd(page);
}

/** Waits until the run on show has finished; fails with the run's own error message if it failed. */
export async function waitForRunEnd(page: Page): Promise<void> {
  const status = page.getByTestId('train-status');
  await expect
    .poll(
      async () => {
        const s = await status.getAttribute('data-status');
        if (s === 'failed') throw new Error(`Training failed: ${await page.getByTestId('train-error').textContent()}`);
        return s;
      },
      { timeout: TRAINING_TIMEOUT, intervals: [250, 500, 1000] },
    )
    .toBe('done');
}
