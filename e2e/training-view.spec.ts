/**
 * The Train view, end to end on the real services: XOR trains to 100% with
 * live charts and the backend named; settings and dataset changes go into the
 * project and undo; a run stops and resumes; MNIST's samples show as pictures.
 * Each state is photographed into test-results/.
 */
import { expect, snap, test } from './fixtures';
import { openTrainView, setSetting, TRAINING_TIMEOUT, trainToEnd } from './training-flow';

test('trains XOR to 100% accuracy, with live curves and the backend named', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await expect(page.getByTestId('dataset-picker')).toHaveValue('xor');
  await expect(page.getByTestId('dataset-facts')).toContainText('4 to train');
  await expect(page.getByTestId('class-balance')).toBeVisible();
  await expect(page.getByTestId('sample-points')).toBeVisible();
  await expect(page.getByTestId('hp-optimizer')).toHaveValue('adam');
  await expect(page.getByTestId('hp-epochs')).toHaveValue('200');
  await snap(page, 'train-view-ready', testInfo);

  await trainToEnd(page);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^(webgpu|reference)$/);
  await expect(page.getByTestId('backend-adapter')).not.toBeEmpty();
  if ((await page.getByTestId('backend').getAttribute('data-backend')) === 'reference') await expect(page.getByTestId('cpu-fallback')).toBeVisible();
  await expect(page.getByTestId('run-epoch')).toHaveText('Epoch 200 of 200');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('final-accuracy')).toHaveText('100.0%');
  // The curves hold a point for every epoch, drawn by uPlot.
  expect(Number(await page.getByTestId('chart-loss').getAttribute('data-points'))).toBeGreaterThanOrEqual(200);
  await expect(page.getByTestId('chart-loss').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('latest-accuracy')).toHaveText('100.0%');
  // Beside the curves, as in TensorFlow Playground: the plane coloured by the model's answers, last drawn for the finished model.
  await expect(page.getByTestId('live-boundary').getByTestId('decision-boundary')).toHaveAttribute('data-version', '200:done');
  await snap(page, 'train-view-xor-trained', testInfo);

  // More epochs in the settings: the finished run trains on from where it ended.
  await expect(page.getByTestId('train-resume')).toBeDisabled();
  await setSetting(page, 'hp-epochs', '220');
  await expect(page.getByTestId('train-resume')).toHaveText('Train on to 220');
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: TRAINING_TIMEOUT });
  await expect(page.getByTestId('run-epoch')).toHaveText('Epoch 220 of 220');
  expect(Number(await page.getByTestId('chart-loss').getAttribute('data-points'))).toBeGreaterThanOrEqual(220);
});

test('settings are stored in the project and undo like any edit', async ({ page }, testInfo) => {
  await openTrainView(page);
  await setSetting(page, 'hp-learning-rate', '0.01');
  await setSetting(page, 'hp-epochs', '50');
  await page.getByTestId('hp-schedule').selectOption('step');
  await expect(page.getByTestId('hp-schedule-step')).toHaveValue('13');
  await page.getByTestId('hp-early-stopping').check();
  await expect(page.getByTestId('hp-early-monitor')).toHaveValue('loss');
  // A wrong value is explained and not stored.
  await page.getByTestId('hp-batch-size').fill('2.5');
  await expect(page.getByTestId('hyperparameters')).toContainText('Enter a whole number.');
  await page.getByTestId('hp-validation-split').scrollIntoViewIfNeeded();
  await snap(page, 'train-view-settings', testInfo);
  await page.getByTestId('hp-batch-size').press('Escape');
  await expect(page.getByTestId('hp-batch-size')).toHaveValue('4');

  // Undo walks back through the changes, newest first (focus off the fields, so the key reaches the app).
  await page.getByTestId('run-panel').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('hp-early-stopping')).not.toBeChecked();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('hp-schedule')).toHaveValue('constant');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('hp-epochs')).toHaveValue('200');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('hp-learning-rate')).toHaveValue('0.05');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('hp-learning-rate')).toHaveValue('0.01');
});

test('picking a dataset shows its samples and says when it does not fit the model', async ({ page }, testInfo) => {
  await openTrainView(page);
  await page.getByTestId('dataset-picker').selectOption('spirals');
  await expect(page.getByTestId('dataset-facts')).toContainText('Pick one of 2 classes');
  await expect(page.getByTestId('sample-points')).toBeVisible();
  await expect(page.getByTestId('dataset-fit')).toHaveCount(0);

  await page.getByTestId('dataset-picker').selectOption('iris');
  await expect(page.getByTestId('sample-table')).toBeVisible();
  await expect(page.getByTestId('sample-table')).toContainText('setosa');
  // Iris has four measurements and three species; the XOR model takes two numbers and answers yes or no.
  await expect(page.getByTestId('dataset-fit')).toHaveCount(2);
  await snap(page, 'train-view-iris-mismatch', testInfo);

  await page.getByTestId('run-panel').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('dataset-picker')).toHaveValue('xor');
});

test('your own data: a CSV table chosen from the workspace folder', async ({ page }, testInfo) => {
  await openTrainView(page);
  await page.getByTestId('import-data').click();
  const entry = (name: string) => page.getByTestId('import-entry').filter({ hasText: name });
  await entry('resources').click();
  await entry('datasets').click();
  await snap(page, 'train-view-import', testInfo);
  await entry('iris.csv').click();
  await expect(page.getByTestId('dataset-picker')).toHaveValue('file:resources/datasets/iris.csv');
  await expect(page.getByTestId('dataset-facts')).toContainText('Pick one of 3 classes');
  await expect(page.getByTestId('dataset-facts')).toContainText('150 to train');
  await expect(page.getByTestId('sample-table')).toContainText('petal');
});

test('a run stops, keeps its curves, and resumes from its checkpoint', async ({ page }) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  await openTrainView(page);
  await setSetting(page, 'hp-epochs', '100000');
  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: TRAINING_TIMEOUT });
  // Let a few epochs finish so there is a checkpoint to resume from.
  await expect.poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-points')), { timeout: TRAINING_TIMEOUT }).toBeGreaterThan(3);
  await page.getByTestId('train-stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
  const stoppedAt = Number(await page.getByTestId('chart-loss').getAttribute('data-points'));
  await expect(page.getByTestId('run-outcome')).toHaveAttribute('data-reason', 'stopped');
  await expect(page.getByTestId('train-resume')).toBeEnabled();

  await page.getByTestId('train-resume').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-points')), { timeout: TRAINING_TIMEOUT }).toBeGreaterThan(stoppedAt + 2);
  await page.getByTestId('train-stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: TRAINING_TIMEOUT });
});

test('MNIST shows its digits as pictures and its class balance', async ({ page }, testInfo) => {
  await openTrainView(page, 'mnist-mlp.nwproj');
  await expect(page.getByTestId('dataset-picker')).toHaveValue('mnist');
  await expect(page.getByTestId('sample-images').locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('class-balance').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('dataset-facts')).toContainText('28 × 28');
  await expect(page.getByTestId('dataset-fit')).toHaveCount(0);
  await snap(page, 'train-view-mnist', testInfo);
});
