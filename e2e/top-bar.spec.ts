/**
 * The top bar fits the window instead of scrolling: at the tests' 1280 × 800
 * every tool is on screen (the editing tools as named icons), and at 1024 px
 * the less used ones wait in a More menu that does what their buttons do.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, snap, test } from './fixtures';

const ALWAYS_SHOWN = ['template', 'view-design', 'view-train', 'view-evaluate', 'view-code', 'file-open', 'file-save', 'file-save-menu', 'tool-undo', 'tool-redo', 'model-summary'];
const ROOMY_ONLY = ['tool-layout', 'tool-fitView', 'export-menu', 'theme-toggle', 'help'];

async function expectNoOverflow(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.locator('.top-bar').evaluate((bar) => ({ scrollWidth: bar.scrollWidth, clientWidth: bar.clientWidth }));
  expect(scrollWidth, 'the top bar needs no horizontal scrolling').toBeLessThanOrEqual(clientWidth);
}

async function expectFullyOnScreen(page: Page, testIds: readonly string[]): Promise<void> {
  for (const id of testIds) await expect(page.getByTestId(id), id).toBeInViewport({ ratio: 1 });
}

test('at 1280 × 800 every tool is on screen, named, and nothing scrolls', async ({ page }, testInfo) => {
  await openApp(page);
  await expectNoOverflow(page);
  await expectFullyOnScreen(page, [...ALWAYS_SHOWN, ...ROOMY_ONLY]);
  await expect(page.getByTestId('more-menu')).toBeHidden();
  // Icon-only tools keep their names for screen readers and in their tooltips.
  await expect(page.getByRole('button', { name: 'Tidy up layout' })).toHaveAttribute('title', /Tidy up layout/);
  await expect(page.getByRole('button', { name: 'Zoom to fit' })).toHaveAttribute('title', /Zoom to fit/);
  await expect(page.getByRole('button', { name: 'Export the architecture diagram' })).toBeVisible();
  await expect(page.getByTestId('file-open')).toHaveText('Open');
  await expect(page.getByTestId('model-summary')).toContainText('3 layers · 33 parameters · shapes check out');
  await snap(page, 'top-bar-1280', testInfo);
});

test('at 1024 px the bar still fits, and the More menu holds the tools that made way', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await openApp(page);
  await expectNoOverflow(page);
  await expectFullyOnScreen(page, [...ALWAYS_SHOWN, 'more-menu']);
  for (const id of ROOMY_ONLY) await expect(page.getByTestId(id), id).toBeHidden();

  await page.getByTestId('more-menu').click();
  const menu = page.getByRole('menu', { name: 'More tools' });
  await expect(menu.getByRole('menuitem')).toHaveText([/Tidy up layout/, /Zoom to fit/, /SVG/, /PNG/, /Dark theme/, /Keyboard shortcuts/]);
  await expect(menu).toBeInViewport({ ratio: 1 });
  await snap(page, 'top-bar-1024-more', testInfo);
  await menu.getByTestId('more-theme').click();
  await expect(menu).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Escape closes the menu and leaves the keyboard on its button.
  await page.getByTestId('more-menu').click();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(page.getByTestId('more-menu')).toBeFocused();
  await page.getByTestId('more-menu').click();
  await menu.getByTestId('more-help').click();
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
});
