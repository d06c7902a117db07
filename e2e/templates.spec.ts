/**
 * The template gallery: every template in resources/templates opens from it,
 * draws every layer with the compiler's shapes and no errors, and fits on
 * screen. Opening is one undo step.
 */
import { readFileSync } from 'node:fs';
import { compile } from '../shared/compiler';
import { loadProject } from '../shared/graph';
import { expect, nodeIds, openApp, snap, test } from './fixtures';

interface Entry {
  file: string;
  title: string;
  level: string;
}

const INDEX = JSON.parse(readFileSync('resources/templates/index.json', 'utf8')) as Entry[];

test('the gallery shows every template with its title, level, summary and a preview', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('template').click();
  const gallery = page.getByTestId('template-gallery');
  await expect(gallery).toBeVisible();
  const cards = gallery.getByTestId('template-card');
  await expect(cards).toHaveCount(INDEX.length);
  for (const [i, entry] of INDEX.entries()) {
    const card = cards.nth(i);
    await expect(card).toHaveAttribute('data-template-id', entry.file);
    await expect(card).toContainText(entry.title);
    await expect(card).toContainText(entry.level);
    await expect(card.locator('img')).toHaveJSProperty('complete', true);
    expect(await card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(gallery.locator('.template-card--current')).toHaveAttribute('data-template-id', 'xor.nwproj');
  await snap(page, 'template-gallery', testInfo);
  await page.keyboard.press('Escape');
  await expect(gallery).toHaveCount(0);
});

for (const entry of INDEX) {
  test(`opens ${entry.file} from the gallery`, async ({ page }, testInfo) => {
    const loaded = loadProject(readFileSync(`resources/templates/${entry.file}`, 'utf8'));
    if (!loaded.ok) throw new Error(`${entry.file} does not load`);
    const { project } = loaded;
    const result = compile(project, { shapesOnly: true });

    await openApp(page);
    await page.getByTestId('template').click();
    await page.locator(`[data-testid="template-card"][data-template-id="${entry.file}"]`).click();
    await expect(page.getByTestId('template-gallery')).toHaveCount(0);
    await expect(page.getByTestId('template')).toHaveAttribute('data-template-id', entry.file);
    await expect(page).toHaveTitle(`Netwright — ${project.name}`);
    await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');

    expect(await nodeIds(page)).toEqual(project.nodes.map((n) => n.id));
    await expect(page.getByTestId('edge-shape')).toHaveCount(project.edges.length);
    await expect(page.locator('[data-testid="node-error"].issue--error')).toHaveCount(result.errors.length);
    await expect(page.getByTestId('model-summary')).toContainText(`${result.totals.total.toLocaleString('en-US')} parameter`);
    await expect(page.getByTestId('total-params')).toContainText(result.totals.total.toLocaleString('en-US'));
    await snap(page, `template-${entry.file.replace('.nwproj', '')}`, testInfo);

    // Opening was one step: undo returns to XOR.
    if (entry.file !== 'xor.nwproj') {
      await page.keyboard.press('Control+z');
      await expect(page.getByTestId('template')).toHaveAttribute('data-template-id', 'xor.nwproj');
    }
  });
}
