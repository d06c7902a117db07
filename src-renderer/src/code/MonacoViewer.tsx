/**
 * A read-only Monaco editor showing one generated file. One editor lives for
 * the view's lifetime; each file has its own model (so undo stacks, folding
 * and scroll positions stay per file), and a file whose text changes is
 * updated in place rather than recreated. Loaded lazily by CodeView.
 */
import { useEffect, useRef, useState } from 'react';
import type { Theme } from '../editor/preferences';
import { monaco } from './monaco';

export interface MonacoViewerProps {
  /** A stable id per file, e.g. "pytorch/model.py". */
  readonly fileId: string;
  readonly text: string;
  readonly language: string;
  readonly theme: Theme;
}

const READ_ONLY_MESSAGE = 'This code is generated from the graph. Change the model in the Design view and the code follows.';

function modelFor(fileId: string, text: string, language: string): monaco.editor.ITextModel {
  const uri = monaco.Uri.parse(`inmemory://netwright/${fileId}`);
  const existing = monaco.editor.getModel(uri);
  if (existing) {
    // A read-only view: replacing the text wholesale is fine, but keep it as one edit so the scroll position survives.
    if (existing.getValue() !== text) existing.pushEditOperations([], [{ range: existing.getFullModelRange(), text }], () => null);
    return existing;
  }
  return monaco.editor.createModel(text, language, uri);
}

export default function MonacoViewer({ fileId, text, language, theme }: MonacoViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shown = useRef<string | null>(null);

  useEffect(() => {
    const made = monaco.editor.create(host.current!, {
      readOnly: true,
      domReadOnly: true,
      readOnlyMessage: { value: READ_ONLY_MESSAGE },
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace',
      fontSize: 13,
      lineHeight: 20,
      renderLineHighlight: 'none',
      folding: true,
      wordWrap: 'off',
      tabSize: 4,
      padding: { top: 10, bottom: 10 },
      ariaLabel: 'Generated code',
    });
    setEditor(made);
    return () => {
      made.dispose();
      for (const model of monaco.editor.getModels()) if (model.uri.authority === 'netwright') model.dispose();
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  useEffect(() => {
    if (!editor) return;
    const model = modelFor(fileId, text, language);
    if (editor.getModel() !== model) {
      if (shown.current) viewStates.current.set(shown.current, editor.saveViewState());
      editor.setModel(model);
      const state = viewStates.current.get(fileId);
      if (state) editor.restoreViewState(state);
      shown.current = fileId;
    }
  }, [editor, fileId, text, language]);

  return <div className="code-editor" ref={host} data-testid="code-editor" data-file-id={fileId} data-ready={editor ? 'true' : 'false'} />;
}
