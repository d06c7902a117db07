/**
 * Runs a model export in the export worker and hands the file to the person
 * through the Host (a download on the web, the native Save dialog on the
 * desktop), carrying the weights model-weights.ts picks (trained, imported,
 * or fresh). Used by the Code view's buttons and the desktop's File › Export.
 */
import type { Project } from '../../../shared/graph';
import { host } from '../host';
import { useProjectStore } from '../project/store';
import type { ExportAnswer, ExportRequest } from './export.worker';
import type { ExportedFile, ExportKind } from './exports';
import { weightsPhrase } from './model-weights';
import { recallEarlierRuns, trainedWeightsSettled, weightsPlanFor } from './use-model-weights';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve(file: ExportedFile): void; reject(error: Error): void }>();

function exportWorker(): Worker {
  if (worker) return worker;
  const made = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'netwright-export' });
  made.onmessage = (event: MessageEvent<ExportAnswer>) => {
    const answer = event.data;
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (!waiting) return;
    if ('file' in answer) waiting.resolve(answer.file);
    else waiting.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
  };
  made.onerror = (event) => {
    // The worker itself failed (it could not load): fail everything waiting, and start afresh next time.
    for (const waiting of pending.values()) waiting.reject(new Error(event.message || 'the export worker failed'));
    pending.clear();
    made.terminate();
    worker = null;
  };
  worker = made;
  return made;
}

/** Builds the export in the worker, with `weights` (by IR name) or fresh ones. */
export function buildExportInWorker(kind: ExportKind, project: Project, weights?: ReadonlyMap<string, Float32Array>, version = __NETWRIGHT_VERSION__): Promise<ExportedFile> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const request: ExportRequest = { id, kind, project, version, ...(weights ? { weights } : {}) };
    exportWorker().postMessage(request);
  });
}

export interface ExportOutcome {
  readonly file: ExportedFile;
  /** False when the person cancelled the Save dialog. */
  readonly saved: boolean;
}

/** Builds the export and hands it over. */
export async function runModelExport(kind: ExportKind, project: Project, weights?: ReadonlyMap<string, Float32Array>): Promise<ExportOutcome> {
  const file = await buildExportInWorker(kind, project, weights);
  const saved = await host.saveFile(file.name, file.bytes, file.type);
  return { file, saved };
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Exports the open project with the weights model-weights.ts picks for it;
 * resolves with a sentence saying what was written and with which weights
 * (or that nothing was), rejects with why it failed.
 */
export async function exportCurrentModel(kind: ExportKind): Promise<string> {
  // A run that has just ended: its weights are on their way.
  await trainedWeightsSettled();
  const { project, documentKey } = useProjectStore.getState();
  if (!project) throw new Error('There is no model to export: the project could not be opened.');
  await recallEarlierRuns(project, documentKey);
  const plan = weightsPlanFor(project, documentKey);
  const { file, saved } = await runModelExport(kind, project, plan.carry?.weights);
  return saved ? `Exported ${file.name} (${size(file.bytes.byteLength)}) with ${weightsPhrase(plan)}.` : `${file.name} was not saved.`;
}
