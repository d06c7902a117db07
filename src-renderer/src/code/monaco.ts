/**
 * Monaco, bundled with the app (no CDN loader: the app works offline and its
 * CSP allows only its own scripts). Only what a read-only code viewer needs is
 * imported: the core editor API, Python colouring, and the contributions for
 * find, folding, copying, the context menu, bracket and word highlighting, go
 * to line, and the "read-only" hint. Monaco's one worker (the editor worker)
 * is built by Vite as its own file, which the CSP's worker-src 'self' allows;
 * Monaco's styles are injected as <style> elements, which style-src
 * 'unsafe-inline' allows (React Flow needs it too).
 *
 * This module is loaded lazily, by the Code view only, so the editor's
 * megabytes never slow down the app's start.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

globalThis.MonacoEnvironment = {
  getWorker: () => new EditorWorker({ name: 'monaco-editor' }),
};

export { monaco };
