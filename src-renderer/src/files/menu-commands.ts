/**
 * What each desktop menu command does in the page (the menu itself is
 * src-main/app/menu.ts). Most run the same action a button or shortcut runs.
 * Edit's commands act on the focused text field when there is one (main does
 * the text edit, as only the browser engine can paste), else on the layers.
 */
import type { MenuCommand, MenuCommandName, TextEdit } from '../../../shared/ipc/bridge';
import { actionCopy, actionCut, actionFitView, actionPaste, actionRedo, actionSelectAll, actionShortcuts, actionToggleTheme, actionUndo, type Action } from '../actions';
import { runAction } from '../actions/run';
import { exportCurrentModel } from '../code/run-export';
import { useEditorStore } from '../editor/store';
import type { DesktopShell } from '../host';
import { useViewStore } from '../views/store';
import { openFromHost, openNewProject, saveDocument } from './file-actions';

/** A field has the focus, or the person selected text on the page: Edit's commands are about text. */
export function editingText(): boolean {
  if (typeof document === 'undefined') return false;
  const active = document.activeElement;
  if (active instanceof HTMLElement && (active.isContentEditable || active.closest('input, textarea, select, [contenteditable="true"]') !== null)) return true;
  return (window.getSelection()?.toString() ?? '') !== '';
}

const EDITS: Readonly<Partial<Record<MenuCommandName, { text: TextEdit; action: Action }>>> = {
  undo: { text: 'undo', action: actionUndo },
  redo: { text: 'redo', action: actionRedo },
  cut: { text: 'cut', action: actionCut },
  copy: { text: 'copy', action: actionCopy },
  paste: { text: 'paste', action: actionPaste },
  selectAll: { text: 'selectAll', action: actionSelectAll },
};

export function runMenuCommand(command: MenuCommand, shell: Pick<DesktopShell, 'editText'>): void {
  const notifyFailure = (error: unknown) => useEditorStore.getState().notify({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
  const edit = EDITS[command.command];
  if (edit) {
    if (editingText()) void shell.editText(edit.text);
    else runAction(edit.action);
    return;
  }
  const show = useViewStore.getState().show;
  switch (command.command) {
    case 'new': return openNewProject();
    case 'open': return void openFromHost(['project']);
    case 'importOnnx': return void openFromHost(['onnx']);
    case 'save': return void saveDocument();
    case 'saveAs': return void saveDocument({ saveAs: true });
    case 'exportOnnx': return void exportCurrentModel('onnx').catch(notifyFailure);
    case 'exportPytorch': return void exportCurrentModel('pytorch').catch(notifyFailure);
    case 'exportKeras': return void exportCurrentModel('keras').catch(notifyFailure);
    case 'exportWeights': return void exportCurrentModel('weights').catch(notifyFailure);
    case 'showDesign': return show('design');
    case 'showTrain': return show('train');
    case 'showEvaluate': return show('evaluate');
    case 'showCode': return show('code');
    case 'fitView': return runAction(actionFitView);
    case 'toggleTheme': return runAction(actionToggleTheme);
    case 'shortcuts': return runAction(actionShortcuts);
  }
}
