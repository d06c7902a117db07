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
  /** Trained or imported weights by IR name; fresh ones when absent. Copied, not transferred: the page keeps its own. */
  readonly weights?: ReadonlyMap<string, Float32Array>;
}

export type ExportAnswer = { readonly id: number; readonly file: ExportedFile } | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ExportRequest>) => {
  const { id, kind, project, version, weights } = event.data;
  let answer: ExportAnswer;
  try {
    answer = { id, file: buildExport(kind, project, { version, ...(weights ? { weights } : {}) }) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    answer = { id, error: { name: error.name, message: error.message } };
  }
  scope.postMessage(answer, 'file' in answer ? [answer.file.bytes.buffer as ArrayBuffer] : []);
};
