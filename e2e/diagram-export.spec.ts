/**
 * Diagram export from the top bar's Export menu: an SVG with every layer and
 * every connection of the model on the canvas (shapes on or off), and a
 * valid PNG, both delivered as downloads in web mode.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, openApp, snap, test } from './fixtures';

async function download(page: Page, item: 'export-svg' | 'export-png'): Promise<{ name: string; bytes: Buffer }> {
  await page.getByTestId('export-menu').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const ids = (svg: string, attr: string) => [...svg.matchAll(new RegExp(`${attr}="([^"]*)"`, 'g'))].map((m) => m[1]).sort();

async function openTemplate(page: Page, file: string): Promise<void> {
  await page.getByTestId('template').click();
  await page.locator(`[data-testid="template-card"][data-template-id="${file}"]`).click();
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
}

test('exports the ResNet template as an SVG with every layer and skip connection', async ({ page }, testInfo) => {
  await openApp(page);
  await openTemplate(page, 'small-resnet.nwproj');
  const nodeIds = await page.getByTestId('layer-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')!).sort());
  const edgeIds = await page.getByTestId('edge-shape').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge-id')!).sort());

  await page.getByTestId('export-menu').click();
  await snap(page, 'export-menu', testInfo);
  await page.keyboard.press('Escape');

  const { name, bytes } = await download(page, 'export-svg');
  expect(name).toMatch(/^a-small-resnet.*\.svg$/);
  const svg = bytes.toString('utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(ids(svg, 'data-node-id')).toEqual(nodeIds);
  expect(ids(svg, 'data-edge-id')).toEqual(edgeIds);
  expect(svg).toContain('(None, 28, 28, 16)');
  expect(svg).toContain('>GlobalAveragePooling2D</text>');

  // The browser itself must accept it as an image.
  const size = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return { w: img.naturalWidth, h: img.naturalHeight };
  }, svg);
  expect(size.w).toBeGreaterThan(200);
  expect(size.h).toBeGreaterThan(1000);

  // The PNG of the same diagram, kept with the test's results for a look.
  const png = await download(page, 'export-png');
  const pngPath = testInfo.outputPath('resnet-diagram.png');
  await writeFile(pngPath, png.bytes);
  await testInfo.attach('resnet-diagram', { path: pngPath, contentType: 'image/png' });

  // Shapes off: the same layers and connections, no shape labels.
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-shapes').uncheck();
  await page.keyboard.press('Escape');
  const plain = (await download(page, 'export-svg')).bytes.toString('utf8');
  expect(ids(plain, 'data-edge-id')).toEqual(edgeIds);
  expect(plain).not.toContain('(None,');

  // The choice is remembered.
  await page.reload();
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-shapes')).not.toBeChecked();
});

test('exports a valid PNG at twice the SVG\'s size', async ({ page }, testInfo) => {
  await openApp(page);
  const svg = (await download(page, 'export-svg')).bytes.toString('utf8');
  const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/)!.map(Number);
  const { name, bytes } = await download(page, 'export-png');
  expect(name).toMatch(/\.png$/);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(bytes.readUInt32BE(16)).toBe(2 * w!);
  expect(bytes.readUInt32BE(20)).toBe(2 * h!);
  const path = testInfo.outputPath('exported-diagram.png');
  await writeFile(path, bytes);
  await testInfo.attach('exported-diagram', { path, contentType: 'image/png' });
});
