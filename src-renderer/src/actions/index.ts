/**
 * Every UI action, registered once. The keyboard handler tries them in this
 * order; the cheat sheet lists them by group.
 */
import { actionCopy } from './actionCopy';
import { actionCut } from './actionCut';
import { actionDelete } from './actionDelete';
import { actionDeselect } from './actionDeselect';
import { actionDuplicate } from './actionDuplicate';
import { actionExportPng } from './actionExportPng';
import { actionExportSvg } from './actionExportSvg';
import { actionFitView } from './actionFitView';
import { actionLayout } from './actionLayout';
import { actionPaste } from './actionPaste';
import { actionRedo } from './actionRedo';
import { actionSelectAll } from './actionSelectAll';
import { actionShortcuts } from './actionShortcuts';
import { actionTemplates } from './actionTemplates';
import { actionToggleTheme } from './actionToggleTheme';
import { actionUndo } from './actionUndo';
import { actionOpen } from '../files/actionOpen';
import { actionSave } from '../files/actionSave';
import { actionSaveAs } from '../files/actionSaveAs';
import type { Action } from './types';

export const ACTIONS: readonly Action[] = [
  actionUndo, actionRedo, actionCopy, actionCut, actionPaste, actionDuplicate, actionDelete, actionSelectAll, actionDeselect,
  actionLayout, actionFitView, actionToggleTheme,
  actionTemplates, actionExportSvg, actionExportPng, actionOpen, actionSave, actionSaveAs,
  actionShortcuts,
];

export {
  actionCopy, actionCut, actionDelete, actionDeselect, actionDuplicate, actionExportPng, actionExportSvg, actionFitView,
  actionLayout, actionOpen, actionPaste, actionRedo, actionSave, actionSaveAs, actionSelectAll, actionShortcuts, actionTemplates,
  actionToggleTheme, actionUndo,
};
export type { Action, ActionContext } from './types';
