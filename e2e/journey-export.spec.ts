/**
 * A whole trip through the files, in web mode: edit a model, save the
 * project into the workspace folder, export it as ONNX (a download), reload
 * the page, open the saved project again from the workspace through the top
 * bar's Open, and import the downloaded ONNX file from this computer as a new
 * project with the same layers and parameter count.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProject } from '../shared/graph';
import { downloadFrom, editorText, expect, layerNode, openApp, openCodeView, openFromComputer, openFromWorkspace, reloadApp, saveIntoWorkspace, select, setField, snap, test } from './fixtures';
import { specFolder } from './workspace';

test('save, export, reload, reopen, and import the exported ONNX', async ({ page }, testInfo) => {
  await openApp(page);
  const save = page.getByTestId('file-save');
  await expect(save).toHaveAttribute('data-unsaved', 'false');

  // Edit: 5 hidden neurons. The project now has unsaved changes.
  await select(page, 'hidden');
  await setField(page, 'units', '5');
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 5)');
  await expect(save).toHaveAttribute('data-unsaved', 'true');
  await expect(page.getByTestId('model-summary')).toContainText('21 parameters');

  // Save: a .nwproj in the workspace folder that loads as the edited project.
  const folder = await specFolder('journey-export');
  await saveIntoWorkspace(page, 'journey-export');
  const projectPath = join(folder, 'xor-why-we-need-hidden-layers.nwproj');
  const reloaded = loadProject(await readFile(projectPath, 'utf8'));
  expect(reloaded.ok).toBe(true);
  if (reloaded.ok) expect(reloaded.project.nodes.find((n) => n.id === 'hidden')!.params['units']).toBe(5);
  await expect(save).toHaveAttribute('data-unsaved', 'false');

  // Export ONNX from the Code view.
  await page.getByTestId('view-code').click();
  const exported = await downloadFrom(page, page.getByTestId('code-export-onnx'));
  const onnxPath = testInfo.outputPath(exported.suggestedFilename());
  await exported.saveAs(onnxPath);

  // Reload: the app starts afresh from its start-up template. (First let the editor finish loading its
  // Python colouring, fetched on demand, so the reload does not cut a request short.)
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-ready', 'true');
  await reloadApp(page);
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 8)');

  // Reopen the saved project from the workspace, through Open.
  await openFromWorkspace(page, 'journey-export/xor-why-we-need-hidden-layers.nwproj');
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 5)');
  await expect(page.getByTestId('template')).toContainText('XOR: why we need hidden layers');
  await expect(save).toHaveAttribute('data-unsaved', 'false');
  await openCodeView(page);
  await expect.poll(() => editorText(page)).toContain('self.hidden = nn.Linear(2, 5)');

  // Undo brings back the project that was open before.
  await page.getByTestId('view-design').click();
  await page.getByTestId('tool-undo').click();
  await expect(layerNode(page, 'hidden').getByTestId('output-shape')).toHaveText('(None, 8)');

  // Import the exported ONNX from this computer: a new, unsaved project with the same layers and parameters.
  await openFromComputer(page, onnxPath);
  await expect(page.getByTestId('notice')).toContainText('Imported xor-why-we-need-hidden-layers.onnx');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-placed', 'true');
  await expect(page.getByTestId('model-summary')).toContainText('21 parameters');
  await expect(page.getByTestId('model-summary')).toContainText('shapes check out');
  await expect(page.locator('[data-testid="layer-node"][data-layer-type="Dense"]')).toHaveCount(2);
  await expect(save).toHaveAttribute('data-unsaved', 'true');
  await snap(page, 'imported-onnx', testInfo);
});
