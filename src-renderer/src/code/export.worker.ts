/**
 * The export worker: builds an export (exports.ts) off the page's thread, so
 * making the weights of a large model and zipping them never freezes the UI.
 * One request in, one answer out; the bytes are transferred, not copied.
 */
/// <reference lib="webworker" />
import type { Project } from '../../../shared/graph';
import { buildExport, type ExportedFile, type ExportKind } from './exports';

export interface ExportRequest {
  readonly id: number;
  readonly kind: ExportKind;
  readonly project: Project;
  readonly version: string;
}

export type ExportAnswer = { readonly id: number; readonly file: ExportedFile } | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ExportRequest>) => {
  const { id, kind, project, version } = event.data;
  let answer: ExportAnswer;
  try {
    answer = { id, file: buildExport(kind, project, { version }) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    answer = { id, error: { name: error.name, message: error.message } };
  }
  scope.postMessage(answer, 'file' in answer ? [answer.file.bytes.buffer as ArrayBuffer] : []);
};
