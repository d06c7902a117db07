/**
 * What every editor test shares: a page that fails the test if it logs an
 * error, and helpers that drive the editor the way a person does (drag from
 * the palette, drag between handles, type into the inspector, open and save
 * files in the workspace or from this computer, read the Code view).
 */
import { expect, test as base, type Download, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
      await use(errors);
      expect(errors, 'the page logs no errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app and waits until the camera is placed on the start-up template. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
}

/**
 * Reloads the page and waits for the start-up template. It first waits until
 * nothing is loading: a request the reload cut short would count as a page error.
 */
export async function reloadApp(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
}

/** Clicks something that starts a download and waits for the download. */
export async function downloadFrom(page: Page, trigger: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  return download;
}

/** Opens a file through the top bar's Open, then "From this computer…": the browser's file picker. */
export async function openFromComputer(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-open').click();
  const dialog = page.getByTestId('open-dialog');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByTestId('open-from-computer').click()]);
  expect(chooser.isMultiple()).toBe(false);
  await chooser.setFiles(path);
  await expect(dialog).toHaveCount(0);
}

/**
 * In an Open or Save dialog's list of the workspace, goes to the folder whose
 * path is `folders`: up to the workspace itself (the dialog may start where
 * the last one was), then into each folder in turn.
 */
export async function enterFolders(dialog: Locator, entry: 'open-entry' | 'save-entry', folders: readonly string[]): Promise<void> {
  const browser = dialog.getByTestId('workspace-browser');
  if ((await browser.getAttribute('data-folder')) === folders.join('/')) return;
  for (let at = await browser.getAttribute('data-folder'); at; at = await browser.getAttribute('data-folder')) {
    await dialog.getByTestId('workspace-up').click();
    await expect(browser).not.toHaveAttribute('data-folder', at);
  }
  for (const [i, name] of folders.entries()) {
    await dialog.locator(`[data-testid="${entry}"][data-kind="folder"][data-name="${name}"]`).click();
    await expect(dialog.getByTestId('workspace-browser')).toHaveAttribute('data-folder', folders.slice(0, i + 1).join('/'));
  }
}

/** Opens a workspace file through the top bar's Open: its folders, then the file (`path` is relative to the workspace). */
export async function openFromWorkspace(page: Page, path: string): Promise<void> {
  const parts = path.split('/');
  await page.getByTestId('file-open').click();
  const dialog = page.getByTestId('open-dialog');
  await enterFolders(dialog, 'open-entry', parts.slice(0, -1));
  await dialog.locator(`[data-testid="open-entry"][data-kind="file"][data-name="${parts.at(-1)}"]`).click();
  await expect(dialog).toHaveCount(0);
}

/**
 * Saves through the top bar's Save, which asks where (the project has no
 * workspace file yet, or `saveAs`): into the workspace folder `folder`, under
 * `name` when given, else the name the dialog suggests.
 */
export async function saveIntoWorkspace(page: Page, folder: string, options: { name?: string; saveAs?: boolean } = {}): Promise<void> {
  if (options.saveAs) {
    await page.getByTestId('file-save-menu').click();
    await page.getByTestId('file-save-as').click();
  } else {
    await page.getByTestId('file-save').click();
  }
  const dialog = page.getByTestId('save-dialog');
  await enterFolders(dialog, 'save-entry', folder.split('/').filter(Boolean));
  if (options.name !== undefined) await dialog.getByTestId('save-name').fill(options.name);
  await dialog.getByTestId('save-confirm-button').click();
  await expect(dialog).toHaveCount(0);
}

/** Switches to the Code view and waits until Monaco is ready. */
export async function openCodeView(page: Page): Promise<void> {
  await page.getByTestId('view-code').click();
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-ready', 'true');
}

/** The text Monaco shows (its visible lines; small files fit), with its non-breaking spaces made plain. */
export async function editorText(page: Page): Promise<string> {
  const lines = page.getByTestId('code-editor').locator('.view-lines');
  await expect(lines).toBeVisible();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Scrolls Monaco down: it renders only the lines in view, so later lines need scrolling to. */
export async function scrollEditor(page: Page, pixels: number): Promise<void> {
  const box = (await page.getByTestId('code-editor').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, pixels);
}

export function layerNode(page: Page, id: string): Locator {
  return page.locator(`[data-testid="layer-node"][data-node-id="${id}"]`);
}

export function layerNodesOfType(page: Page, type: string): Locator {
  return page.locator(`[data-testid="layer-node"][data-layer-type="${type}"]`);
}

/** Drags a layer type from the palette and drops it on the canvas at (x, y) relative to the canvas's top-left corner. */
export async function dragFromPalette(page: Page, type: string, at: { x: number; y: number }): Promise<void> {
  const item = page.locator(`[data-testid="palette-item"][data-layer-type="${type}"]`);
  await item.scrollIntoViewIfNeeded();
  await dragTo(page, item, at);
}

/** An HTML5 drag from `source` to a point on the canvas (Chromium turns mouse moves into drag events). */
export async function dragTo(page: Page, source: Locator, at: { x: number; y: number }): Promise<void> {
  const from = (await source.boundingBox())!;
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane.x + at.x / 2, pane.y + at.y / 2, { steps: 4 });
  await page.mouse.move(pane.x + at.x, pane.y + at.y, { steps: 4 });
  await page.mouse.up();
}

/** Drags a layer by its title so that the grabbed point lands at (x, y) relative to the canvas's top-left corner. */
export async function moveNode(page: Page, id: string, to: { x: number; y: number }): Promise<void> {
  const title = (await layerNode(page, id).locator('.layer-node__type').boundingBox())!;
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(title.x + 5, title.y + 5);
  await page.mouse.down();
  await page.mouse.move(pane.x + to.x, pane.y + to.y, { steps: 8 });
  await page.mouse.up();
}

/** Drags from one layer's output handle to another's input slot. */
export async function connect(page: Page, source: string, target: string, slot = 'in0'): Promise<void> {
  const from = layerNode(page, source).locator('.react-flow__handle.source');
  const to = layerNode(page, target).locator(`.react-flow__handle.target[data-handleid="${slot}"]`);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Selects a layer by clicking its title. */
export async function select(page: Page, id: string): Promise<void> {
  await layerNode(page, id).locator('.layer-node__type').click();
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node-id', id);
}

/** Types a value into a parameter field of the selected layer, replacing what was there. */
export async function setField(page: Page, param: string, value: string): Promise<void> {
  const field = page.getByTestId('node-inspector').getByTestId(`param-${param}`);
  await field.fill(value);
  await field.press('Enter');
}

export async function choose(page: Page, param: string, option: string): Promise<void> {
  await page.getByTestId('node-inspector').getByTestId(`param-${param}`).selectOption(option);
}

/** The ids of every layer on the canvas, in document order. */
export async function nodeIds(page: Page): Promise<string[]> {
  return page.getByTestId('layer-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')!));
}

/** Saves a screenshot of the window into test-results/, attached to the report. */
export async function snap(page: Page, name: string, testInfo: { outputPath(...p: string[]): string; attach(name: string, o: { path: string; contentType: string }): Promise<void> }): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
