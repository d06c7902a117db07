/**
 * Your own data from this computer, in web mode: a CSV table and a folder of
 * images are uploaded through the page's pickers, copied into the
 * workspace's data/ folder, chosen as the project's dataset and described
 * like a built-in; the table then trains. Data that cannot be a dataset is
 * explained in a sentence, not a stack trace.
 *
 * The test server's workspace is a scratch folder (e2e/workspace.ts), which
 * other specs share, so every test removes what it imported.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import pngjs from 'pngjs';
import { expect, snap, test } from './fixtures';
import { openTrainView, setSetting, TRAINING_TIMEOUT, trainToEnd } from './training-flow';
import { E2E_WORKSPACE } from './workspace';

const imported: string[] = [];

test.afterEach(() => {
  for (const path of imported.splice(0)) rmSync(join(E2E_WORKSPACE, path), { recursive: true, force: true });
});

/** A scratch folder on "this computer", with the given files in it. */
function computer(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'netwright-upload-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function png(value: number): Uint8Array {
  const image = new pngjs.PNG({ width: 4, height: 4 });
  for (let p = 0; p < 16; p++) image.data.set([value, value, value, 255], p * 4);
  return pngjs.PNG.sync.write(image);
}

/** Waits for the picker to name an imported dataset and returns its path, marked for removal. */
async function importedDataset(page: Page, pattern: RegExp): Promise<string> {
  const picker = page.getByTestId('dataset-picker');
  await expect(picker).toHaveValue(pattern);
  const path = (await picker.inputValue()).replace(/^file:/, '');
  imported.push(path);
  return path;
}

const XOR_ROWS = ['0,0,no', '0,1,yes', '1,0,yes', '1,1,no'];

test('a CSV table from this computer is copied in, described and trained', async ({ page }, testInfo) => {
  test.setTimeout(TRAINING_TIMEOUT + 60_000);
  const text = ['left,right,answer', ...XOR_ROWS, ...XOR_ROWS].join('\n') + '\n';
  const folder = computer({ 'my xor.csv': text });
  await openTrainView(page);
  await page.getByTestId('import-data').click();
  await page.getByTestId('upload-files-input').setInputFiles(join(folder, 'my xor.csv'));

  const path = await importedDataset(page, /^file:data\/my xor(-\d+)?\.csv$/);
  expect(readFileSync(join(E2E_WORKSPACE, path), 'utf8')).toBe(text);
  await expect(page.getByTestId('data-import')).toHaveCount(0);
  await expect(page.getByTestId('dataset-facts')).toContainText('Pick one of 2 classes');
  await expect(page.getByTestId('dataset-facts')).toContainText('8 to train');
  await expect(page.getByTestId('class-balance')).toBeVisible();
  await expect(page.getByTestId('sample-points')).toBeVisible();
  await snap(page, 'dataset-upload-csv', testInfo);

  await setSetting(page, 'hp-epochs', '3');
  await trainToEnd(page);
  await expect(page.getByTestId('run-epoch')).toHaveText('Epoch 3 of 3');
});

test('a folder of images, one subfolder per class, is copied in and shown as pictures', async ({ page }, testInfo) => {
  const folder = computer({ 'shades/dark/1.png': png(20), 'shades/dark/2.png': png(40), 'shades/light/1.png': png(220), 'shades/.DS_Store': 'x' });
  await openTrainView(page);
  await page.getByTestId('import-data').click();
  await page.getByTestId('upload-folder-input').setInputFiles(join(folder, 'shades'));

  const path = await importedDataset(page, /^file:data\/shades(-\d+)?$/);
  expect(readFileSync(join(E2E_WORKSPACE, path, 'light', '1.png'))).toEqual(Buffer.from(png(220)));
  await expect(page.getByTestId('dataset-facts')).toContainText('Pick one of 2 classes');
  await expect(page.getByTestId('dataset-facts')).toContainText('3 to train');
  await expect(page.getByTestId('sample-images').locator('canvas')).toHaveCount(3);
  await expect(page.getByTestId('class-balance')).toBeVisible();
  await snap(page, 'dataset-upload-images', testInfo);
});

test('data that cannot be a dataset is explained in a sentence', async ({ page }, testInfo) => {
  const folder = computer({ 'flat/1.png': png(0), 'flat/2.png': png(255), 'x_train.npy': 'not really', 'ragged.csv': 'a,b,label\n1,2,yes\n3,no\n' });
  await openTrainView(page);
  await page.getByTestId('import-data').click();
  const error = page.getByTestId('import-error');

  // Refused before anything is written: the project keeps its dataset.
  await page.getByTestId('upload-folder-input').setInputFiles(join(folder, 'flat'));
  await expect(error).toContainText('flat has no class folders. Put the images in one subfolder per class');
  await page.getByTestId('upload-files-input').setInputFiles(join(folder, 'x_train.npy'));
  await expect(error).toContainText('x_train.npy holds either the inputs or the labels, not both.');
  await expect(page.getByTestId('dataset-picker')).toHaveValue('xor');
  await snap(page, 'dataset-upload-refused', testInfo);

  // A table that arrives but cannot be read: the reader's own sentence, in the Data column.
  await page.getByTestId('upload-files-input').setInputFiles(join(folder, 'ragged.csv'));
  await importedDataset(page, /^file:data\/ragged(-\d+)?\.csv$/);
  // All of it: the file, then the sentence; no error class, no stack.
  await expect(page.getByTestId('dataset-error')).toHaveText(/^\S+\/data\/ragged(-\d+)?\.csv, line 3: the row has 2 values but the header names 3 columns \(a, b, label\)\. Fix the row so it has one value per column\.$/);
});
