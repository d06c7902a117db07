/**
 * Web mode's files live in the server's workspace folder, as the desktop's
 * live on disk: the first Save asks where (and refuses bad names, and asks
 * before replacing a file), later ones write back without asking; Open lists
 * the workspace's projects and ONNX models, newest first; "Download a copy"
 * is still there. No work is lost: leaving with unsaved changes asks first,
 * and work left unsaved is offered back when the app is opened again. Every
 * file is checked on the Node side, in the workspace folder itself.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { compile } from '../shared/compiler';
import { exportOnnx } from '../shared/export/onnx/export';
import { loadProject } from '../shared/graph';
import { initialWeights } from '../src-main/engine/initial-weights';
import { downloadFrom, enterFolders, expect, layerNode, openApp, openFromWorkspace, saveIntoWorkspace, select, setField, snap, test } from './fixtures';
import { specFolder } from './workspace';

const XOR_TEXT = readFileSync('resources/templates/xor.nwproj', 'utf8');
const XOR_FILE = 'xor-why-we-need-hidden-layers.nwproj';

/** The hidden layer's width in a project file on disk. */
async function hiddenUnits(path: string): Promise<unknown> {
  const loaded = loadProject(await readFile(path, 'utf8'));
  if (!loaded.ok) throw new Error(`${path} does not load: ${loaded.errors[0]!.message}`);
  return loaded.project.nodes.find((n) => n.id === 'hidden')!.params['units'];
}

/** The XOR template as an ONNX model, made on the Node side as `netwright export` makes one. */
function xorOnnx(): Uint8Array {
  const loaded = loadProject(XOR_TEXT);
  if (!loaded.ok) throw new Error('the XOR template must load');
  const ir = compile(loaded.project, { keepOnnxOps: true }).ir!;
  return exportOnnx(ir, initialWeights(ir), { name: loaded.project.name });
}

async function widenHidden(page: Page, units: string): Promise<void> {
  await select(page, 'hidden');
  await setField(page, 'units', units);
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText(`(None, ${units})`);
}

test('Save asks once where, then writes back to the workspace file without asking', async ({ page }, testInfo) => {
  const folder = await specFolder('save-back');
  await writeFile(join(folder, 'other.nwproj'), XOR_TEXT);
  await openApp(page);
  const save = page.getByTestId('file-save');

  // The first Save asks where; a name that is not a file name is refused, saying why.
  await save.click();
  const dialog = page.getByTestId('save-dialog');
  await expect(dialog.getByTestId('save-name')).toHaveValue(XOR_FILE);
  await enterFolders(dialog, 'save-entry', ['save-back']);
  await expect(dialog.getByTestId('save-entry')).toHaveText([/other\.nwproj/]);
  await dialog.getByTestId('save-name').fill('../mine');
  await dialog.getByTestId('save-confirm-button').click();
  await expect(dialog.getByTestId('save-error')).toHaveText('A file name cannot contain / or \\. To save in another folder, open it in the list above.');
  await snap(page, 'workspace-save-dialog', testInfo);
  await dialog.getByTestId('save-name').fill('mine');
  await dialog.getByTestId('save-confirm-button').click();
  await expect(dialog).toHaveCount(0);
  await expect(save).toHaveAttribute('data-unsaved', 'false');
  expect(await hiddenUnits(join(folder, 'mine.nwproj'))).toBe(8);

  // An edit, then Save: no dialog, and the same file on disk changes.
  await widenHidden(page, '5');
  await expect(save).toHaveAttribute('data-unsaved', 'true');
  await save.click();
  await expect(save).toHaveAttribute('data-unsaved', 'false');
  await expect(dialog).toHaveCount(0);
  expect(await hiddenUnits(join(folder, 'mine.nwproj'))).toBe(5);

  // Save As onto another file asks before replacing it; keeping it writes nothing.
  await widenHidden(page, '6');
  await page.getByTestId('file-save-menu').click();
  await page.getByTestId('file-save-as').click();
  await expect(dialog.getByTestId('workspace-browser')).toHaveAttribute('data-folder', 'save-back');
  await dialog.locator('[data-testid="save-entry"][data-name="other.nwproj"]').click();
  await expect(dialog.getByTestId('save-name')).toHaveValue('other.nwproj');
  // Keys pressed in the dialog stay there: Delete does not delete the layer selected behind it.
  await page.keyboard.press('Delete');
  await expect(layerNode(page, 'hidden')).toHaveCount(1);
  await dialog.getByTestId('save-confirm-button').click();
  await expect(dialog.getByTestId('save-confirm')).toContainText('save-back/other.nwproj already exists. Replace it with this project?');
  await dialog.getByTestId('save-keep').click();
  await expect(dialog.getByTestId('save-confirm')).toHaveCount(0);
  expect(await hiddenUnits(join(folder, 'other.nwproj'))).toBe(8);
  await dialog.getByTestId('save-confirm-button').click();
  await dialog.getByTestId('save-replace').click();
  await expect(dialog).toHaveCount(0);
  expect(await hiddenUnits(join(folder, 'other.nwproj'))).toBe(6);
  expect(await hiddenUnits(join(folder, 'mine.nwproj'))).toBe(5);

  // The document now belongs to other.nwproj: the next Save goes there.
  await widenHidden(page, '7');
  await save.click();
  await expect(save).toHaveAttribute('data-unsaved', 'false');
  expect(await hiddenUnits(join(folder, 'other.nwproj'))).toBe(7);

  // "Download a copy" is a download of the project, and leaves the document as it was.
  await widenHidden(page, '9');
  await page.getByTestId('file-save-menu').click();
  const copy = await downloadFrom(page, page.getByTestId('file-download'));
  expect(copy.suggestedFilename()).toBe('other.nwproj');
  expect(await hiddenUnits((await copy.path())!)).toBe(9);
  await expect(save).toHaveAttribute('data-unsaved', 'true');
  expect(await hiddenUnits(join(folder, 'other.nwproj'))).toBe(7);
});

test('Save makes a new folder where the list is, goes into it, and saves there', async ({ page }) => {
  const folder = await specFolder('new-folder');
  await openApp(page);
  await page.getByTestId('file-save').click();
  const dialog = page.getByTestId('save-dialog');
  await enterFolders(dialog, 'save-entry', ['new-folder']);
  await dialog.getByTestId('save-new-folder-button').click();
  const name = dialog.getByTestId('save-new-folder-name');
  await name.fill('a:b');
  await name.press('Enter');
  await expect(dialog.getByTestId('save-error')).toHaveText('A folder name cannot contain :.');
  await name.fill('experiments');
  await dialog.getByTestId('save-new-folder-create').click();
  await expect(dialog.getByTestId('workspace-browser')).toHaveAttribute('data-folder', 'new-folder/experiments');
  await expect(dialog.getByTestId('save-new-folder')).toHaveCount(0);
  await dialog.getByTestId('save-confirm-button').click();
  await expect(dialog).toHaveCount(0);
  expect(await hiddenUnits(join(folder, 'experiments', XOR_FILE))).toBe(8);
});

test('Open lists the workspace’s projects and models, newest first, and opens them from there', async ({ page }, testInfo) => {
  const folder = await specFolder('open-list');
  await writeFile(join(folder, 'older.nwproj'), XOR_TEXT);
  await utimes(join(folder, 'older.nwproj'), new Date('2021-03-04T12:00:00Z'), new Date('2021-03-04T12:00:00Z'));
  await writeFile(join(folder, 'model.onnx'), xorOnnx());
  await writeFile(join(folder, 'notes.txt'), 'not a project');
  await writeFile(join(folder, '.hidden.nwproj'), XOR_TEXT);
  await mkdir(join(folder, 'sub'));
  await writeFile(join(folder, 'sub', 'inner.json'), XOR_TEXT);
  await openApp(page);

  await page.getByTestId('file-open').click();
  const dialog = page.getByTestId('open-dialog');
  await enterFolders(dialog, 'open-entry', ['open-list']);
  // Folders first, then the files newest first, with when each changed; nothing that cannot be opened.
  const entries = dialog.getByTestId('open-entry');
  await expect(entries).toHaveText([/^sub$/, /^model\.onnx/, /^older\.nwproj.*2021/]);
  await snap(page, 'workspace-open-dialog', testInfo);

  // A file that went away since the list was read: the dialog says so and stays open.
  await rm(join(folder, 'older.nwproj'));
  await dialog.locator('[data-testid="open-entry"][data-name="older.nwproj"]').click();
  await expect(dialog.getByTestId('open-error')).toContainText('older.nwproj could not be opened: "open-list/older.nwproj" cannot be opened (ENOENT).');

  // The ONNX model is imported as a new, unsaved project.
  await dialog.locator('[data-testid="open-entry"][data-name="model.onnx"]').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('Imported model.onnx');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
  await expect(page.getByTestId('model-summary')).toContainText('33 parameters');
  await expect(page.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'true');

  // A project (.json too) opened from the workspace is saved back where it came from.
  await openFromWorkspace(page, 'open-list/sub/inner.json');
  await expect(page.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'false');
  await widenHidden(page, '3');
  await page.getByTestId('file-save').click();
  await expect(page.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'false');
  await expect(page.getByTestId('save-dialog')).toHaveCount(0);
  expect(await hiddenUnits(join(folder, 'sub', 'inner.json'))).toBe(3);
});

test('work left unsaved is offered back when the app is opened again, until it is saved', async ({ page, context }, testInfo) => {
  await openApp(page);
  await widenHidden(page, '5');
  await expect(page.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'true');
  // Autosaved a few seconds after the edit.
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('netwright.recovery.')).length)).toBe(1);
  await page.close();

  const next = await context.newPage();
  await openApp(next);
  const offer = next.getByTestId('recovery-dialog');
  await expect(offer.getByTestId('recovery-detail')).toContainText(`Unsaved changes to ${XOR_FILE} were kept from`);
  await snap(next, 'workspace-recovery-offer', testInfo);
  await offer.getByTestId('recovery-restore').click();
  await expect(offer).toHaveCount(0);
  await expect(layerNode(next, 'hidden').getByTestId('output-shape')).toHaveText('(None, 5)');
  await expect(next.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'true');

  // Saved now: the copy goes, and the next page opens on the template with nothing to offer.
  await specFolder('recovered');
  await saveIntoWorkspace(next, 'recovered');
  await expect(next.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'false');
  await next.close();
  const third = await context.newPage();
  await openApp(third);
  await expect(layerNode(third, 'hidden').getByTestId('output-shape')).toHaveText('(None, 8)');
  await expect(third.getByTestId('recovery-dialog')).toHaveCount(0);
});

test('leaving with unsaved changes asks first; declined work is not offered again', async ({ page, context }) => {
  await openApp(page);
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    // The first time, stay on the page; the second, leave.
    void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
  });
  await widenHidden(page, '5');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 5)');

  // Leaving after all: the last edits are kept as the page goes, and offered to the next one, which declines them.
  await widenHidden(page, '6');
  await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);
  expect(asked).toEqual(['beforeunload', 'beforeunload']);
  const next = await context.newPage();
  await openApp(next);
  await next.getByTestId('recovery-dialog').getByTestId('recovery-discard').click();
  await expect(layerNode(next, 'hidden').getByTestId('output-shape')).toHaveText('(None, 8)');
  await expect(next.getByTestId('file-save')).toHaveAttribute('data-unsaved', 'false');

  // With nothing unsaved, leaving asks nothing, and nothing is offered afterwards.
  next.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  await Promise.all([next.waitForEvent('close'), next.close({ runBeforeUnload: true })]);
  expect(asked).toHaveLength(2);
  const third = await context.newPage();
  await openApp(third);
  await expect(third.getByTestId('recovery-dialog')).toHaveCount(0);
});
