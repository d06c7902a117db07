/**
 * Smoke test of the web build: the app opens on the XOR template, draws every
 * layer with the output shape and parameter count the compiler gives, labels
 * the connections with tensor shapes, and logs no errors (a CSP violation
 * would show up as one).
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { compile } from '../shared/compiler';
import { loadProject, loadProjectObject, type Project } from '../shared/graph';
import { BUILTIN_XOR } from '../src-renderer/src/project/builtin-xor';

const XOR_FILE = 'resources/templates/xor.nwproj';

/** The project the app opens first: the template file when it exists, else the built-in XOR. */
function expectedProject(): { project: Project; templateId: string } {
  const fromFile = existsSync(XOR_FILE);
  const result = fromFile ? loadProject(readFileSync(XOR_FILE, 'utf8')) : loadProjectObject(BUILTIN_XOR);
  if (!result.ok) throw new Error(`The start-up project does not load: ${result.errors.map((e) => e.message).join('; ')}`);
  return { project: result.project, templateId: fromFile ? 'xor.nwproj' : 'built-in' };
}

/** Keras's notation, written out independently of the renderer's own formatter. */
const keras = (shape: readonly number[]) => (shape.length === 0 ? '(None,)' : `(None, ${shape.join(', ')})`);

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return errors;
}

test('opens the XOR template with shapes on every layer and connection', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  const { project, templateId } = expectedProject();
  const result = compile(project, { shapesOnly: true });

  await page.goto('/');
  await expect(page).toHaveTitle(`Netwright — ${project.name}`);
  await expect(page.getByTestId('template')).toHaveAttribute('data-template-id', templateId);

  const nodes = page.getByTestId('layer-node');
  await expect(nodes).toHaveCount(project.nodes.length);
  for (const node of project.nodes) {
    const view = page.locator(`[data-testid="layer-node"][data-node-id="${node.id}"]`);
    await expect(view).toBeVisible();
    await expect(view).toContainText(node.type);
    const shapes = result.shapes.get(node.id);
    expect(shapes, `the compiler gives "${node.id}" a shape`).toBeDefined();
    await expect(view.getByTestId('output-shape')).toHaveText(keras(shapes!.outputShape));
    await expect(view.getByTestId('param-count')).toHaveText((shapes!.params.trainable + shapes!.params.nonTrainable).toLocaleString('en-US'));
  }
  await expect(page.getByTestId('node-error')).toHaveCount(result.errors.length + result.warnings.length);

  const labels = page.getByTestId('edge-shape');
  await expect(labels).toHaveCount(project.edges.length);
  for (const edge of project.edges) {
    const label = page.locator(`[data-testid="edge-shape"][data-edge-id="${edge.id}"]`);
    await expect(label).toBeVisible();
    await expect(label).toHaveText(keras(result.shapes.get(edge.source)!.outputShape));
  }

  const screenshot = testInfo.outputPath('xor-canvas.png');
  await page.screenshot({ path: screenshot });
  await testInfo.attach('xor-canvas', { path: screenshot, contentType: 'image/png' });

  expect(errors, 'the page logs no errors').toEqual([]);
});

test('the server sends the Content-Security-Policy with the page', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
});
