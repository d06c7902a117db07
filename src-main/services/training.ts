/**
 * The TrainingService (shared/ipc/services.ts): main's side of training from
 * the app. Main owns the compile, the data, the checkpoints and the run
 * history, and drives the session (src-main/training/session.ts); the engine
 * is whatever `openTrainer` returns, which in the app is a RemoteTrainer on a
 * compute worker (desktop: the hidden compute window; web mode: the page).
 *
 * Each run has a folder under `runsDir` holding project.nwproj (so it can be
 * resumed and evaluated later), history.json, checkpoint/ and run.json (how
 * it ended). A finished run keeps its trainer, weights loaded, for evaluate
 * and predict; older ones are reloaded from their checkpoint when asked.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { compile } from '../../shared/compiler';
import { loadProjectObject, serializeProject, type Project } from '../../shared/graph';
import { errorInfo } from '../../shared/ipc/rpc';
import type { BackendChoice, EvaluationResult, ResumeOptions, RunStatus, RunSummary, RunWeights, SplitName, Tensor, TrainingEvent, TrainingService, TrainOptions } from '../../shared/ipc/services';
import { predictedClasses } from '../../shared/metrics/classification';
import { loadDataset } from '../data';
import type { Dataset, Split, TensorData } from '../data/types';
import type { LossSpec } from '../engine/plan/rules/loss';
import { numel, type TensorInfo } from '../engine/plan/types';
import type { Trainer } from '../engine/trainer';
import { loadCheckpoint } from '../training/checkpoint';
import { evaluate } from '../training/evaluate';
import { readHistory } from '../training/history';
import { buildPlans, inputsAsSplit, runTraining, type LiveModel, type TrainingEvent as SessionEvent } from '../training/session';
import { fitTargets } from '../training/targets';

export class TrainingServiceError extends Error {
  override readonly name = 'TrainingServiceError';
}

/** A trainer, and when it is the reference backend by necessity, why. */
export type OpenTrainer = (backend: BackendChoice) => Promise<Trainer & { readonly reason?: string }>;

export interface TrainingServiceOptions {
  /** Each run gets a folder here. */
  readonly runsDir: string;
  /** Dataset paths in projects are relative to this folder. */
  readonly workspace: string;
  readonly openTrainer: OpenTrainer;
  /** Loads a project's dataset; loadDataset from the workspace unless replaced (tests). */
  readonly loadData?: (project: Project, validationSplit?: number) => Promise<Dataset>;
  /** How many finished runs keep a live trainer for evaluate and predict (default 2: the newest and one to compare it with). */
  readonly keepModels?: number;
  /** Runs known to every service made with the same book (web mode makes one service per page). */
  readonly book?: RunBook;
}

/** The session's events are the services' events: this fails to compile if the two drift apart. */
const asServiceEvent = (e: SessionEvent): TrainingEvent => e;

/** A trained model ready to predict: a trainer with the run's weights and data. */
interface Model {
  readonly trainer: Trainer;
  readonly dataset: Dataset;
  readonly project: Project;
  /** What each of the trainer's split slots holds now: the dataset's split, or someone's playground inputs. */
  readonly slots: Map<SplitName, 'data' | 'inputs'>;
  /** One operation at a time: evaluate and predict share the trainer's slots. */
  queue: Promise<unknown>;
  shapes?: Shapes;
}

/** What evaluate and predict need to know about the model's tensors. */
interface Shapes {
  readonly target: TensorInfo;
  readonly inputs: readonly TensorInfo[];
  readonly outputShape: readonly number[];
  readonly loss: LossSpec;
}

/** A prediction asked of a run while it trains; the session serves it between chunks of steps. */
interface LiveRequest {
  readonly inputs: Tensor;
  resolve(outputs: Float32Array): void;
  reject(error: unknown): void;
}

interface Run {
  readonly runId: string;
  readonly folder: string;
  status: RunStatus;
  /** While it trains: the project, and predictions waiting for the next pause between chunks. */
  training?: { readonly project: Project; shapes?: Shapes; readonly requests: LiveRequest[] };
  started?: string;
  backend?: string;
  controller?: AbortController;
  model?: Model;
  /** Settles when the run's session has ended, however it ended. */
  finished?: Promise<void>;
}

export interface RunBook {
  readonly runs: Map<string, Run>;
}

export const createRunBook = (): RunBook => ({ runs: new Map() });

interface RunRecord {
  readonly status: RunStatus;
  readonly backend?: string;
  readonly started?: string;
}

export interface DisposableTrainingService extends TrainingService {
  /** Stops every run this service started and releases every trainer it holds. */
  dispose(): void;
}

function slug(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
}

function applyOptions(project: Project, o: TrainOptions): Project {
  const t = project.training;
  if (!t) throw new TrainingServiceError('The project has no training settings yet. Choose a loss, an optimizer, epochs and a batch size first.');
  const positive = (name: string, v: number | undefined, integer: boolean) => {
    if (v !== undefined && !(v > 0 && Number.isFinite(v) && (!integer || Number.isInteger(v)))) throw new TrainingServiceError(`${name} must be a positive ${integer ? 'whole number' : 'number'}, not ${v}.`);
  };
  positive('epochs', o.epochs, true);
  positive('batchSize', o.batchSize, true);
  positive('learningRate', o.learningRate, false);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0)) throw new TrainingServiceError(`seed must be a whole number of 0 or more, not ${o.seed}.`);
  return {
    ...project,
    training: {
      ...t,
      ...(o.epochs ? { epochs: o.epochs } : {}),
      ...(o.batchSize ? { batchSize: o.batchSize } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
      optimizer: { ...t.optimizer, ...(o.learningRate ? { learning_rate: o.learningRate } : {}) },
    },
  };
}

function validProject(raw: unknown): Project {
  const loaded = loadProjectObject(raw);
  if (!loaded.ok) throw new TrainingServiceError(`The project cannot be trained: ${loaded.errors.map((e) => e.message).join(' ')}`);
  return loaded.project;
}

const inputShapeOf = (project: Project) => project.nodes.find((n) => n.type === 'Input')?.params['shape'] as number[] | undefined;

/** True class ids, as evaluate() judges them, or the targets themselves for regression. */
function labelsOf(y: TensorData, classes: number, sparse: boolean): Int32Array {
  if (sparse) return Int32Array.from(y.data);
  if (classes === 1) return Int32Array.from(y.data, (v) => (v > 0.5 ? 1 : 0));
  return predictedClasses(y.data, classes);
}

/** Refuses playground inputs that are not whole samples of the model's input shape. */
function checkInputs(inputs: Tensor, shapes: Shapes): void {
  const perSample = shapes.inputs[0]!.shape.slice(1);
  const count = inputs?.shape?.[0];
  if (!(inputs?.data instanceof Float32Array) || count === undefined || numel(inputs.shape.slice(1)) !== numel(perSample) || inputs.data.length !== count * numel(perSample)) {
    throw new TrainingServiceError(`The inputs must be samples of shape [${perSample.join(', ')}] (a Float32Array of count × ${numel(perSample)} values).`);
  }
}

const asFloat = (data: Float32Array | Int32Array) => (data instanceof Float32Array ? data : Float32Array.from(data));

export function createTrainingService(options: TrainingServiceOptions): DisposableTrainingService {
  const book = options.book ?? createRunBook();
  const mine = new Set<string>();
  const listeners = new Set<(runId: string, event: TrainingEvent) => void>();
  const live: Run[] = [];
  const keep = Math.max(1, options.keepModels ?? 2);
  const loadData = options.loadData ?? ((project: Project, validationSplit?: number) => {
    const t = project.training!;
    const inputShape = inputShapeOf(project);
    const split = validationSplit ?? t.validationSplit;
    if (!project.dataset) throw new TrainingServiceError('The project names no dataset. Choose one (for example the built-in "xor") before training.');
    return loadDataset(project.dataset, { projectDir: options.workspace, seed: t.seed ?? 0, ...(inputShape ? { inputShape } : {}), ...(split !== undefined ? { validationSplit: split } : {}) });
  });

  const emit = (runId: string, event: TrainingEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(runId, event);
      } catch {
        // A listener's failure is its own; the run and the other listeners go on.
      }
    }
  };

  const releaseModel = (run: Run) => {
    run.model?.trainer.dispose();
    run.model = undefined;
    const at = live.indexOf(run);
    if (at >= 0) live.splice(at, 1);
  };

  /** Keeps `run`'s model, releasing the oldest others beyond `keep`. */
  const keepModel = (run: Run, model: Model) => {
    run.model = model;
    live.push(run);
    while (live.length > keep) releaseModel(live[0]!);
  };

  const projectOf = async (run: Run): Promise<Project> => {
    try {
      return validProject(JSON.parse(await readFile(join(run.folder, 'project.nwproj'), 'utf8')));
    } catch (e) {
      throw new TrainingServiceError(`The run "${run.runId}" has no readable project.nwproj in ${run.folder} (${(e as Error).message}).`);
    }
  };

  const record = (run: Run) =>
    writeFileAtomic(join(run.folder, 'run.json'), JSON.stringify({ status: run.status, ...(run.backend ? { backend: run.backend } : {}), ...(run.started ? { started: run.started } : {}) } satisfies RunRecord, null, 2) + '\n').catch(() => {});

  const findRun = (runId: string): Run => {
    if (typeof runId !== 'string' || !/^[\w.-]+$/.test(runId)) throw new TrainingServiceError(`"${String(runId)}" is not a run id.`);
    const known = book.runs.get(runId);
    if (known) return known;
    const folder = join(options.runsDir, runId);
    if (!existsSync(join(folder, 'project.nwproj'))) throw new TrainingServiceError(`There is no run "${runId}".`);
    const run: Run = { runId, folder, status: 'interrupted' };
    book.runs.set(runId, run);
    return run;
  };

  /** Starts the session for `run` in the background; its events go to the listeners. */
  const launch = (run: Run, project: Project, backend: BackendChoice, resume: boolean, progressEvery?: number) => {
    const controller = new AbortController();
    run.status = 'running';
    run.controller = controller;
    run.training = { project, requests: [] };
    mine.add(run.runId);
    releaseModel(run);
    run.finished = (async () => {
      // The caller hears the run id before the run's first event.
      await new Promise((resolve) => setTimeout(resolve, 0));
      let trainer: (Trainer & { reason?: string }) | undefined;
      let ended: Promise<void> | undefined;
      try {
        const dataset = await loadData(project);
        if (controller.signal.aborted) throw new TrainingServiceError('The run was stopped before it started.');
        trainer = await options.openTrainer(backend);
        run.backend = trainer.backend;
        const opened = trainer;
        const data = dataset;
        await runTraining({
          project, dataset, trainer, outDir: run.folder, signal: controller.signal,
          ...(resume ? { resume: run.folder } : {}),
          ...(progressEvery ? { chunk: progressEvery } : {}),
          between: (live) => serveLive(run, live),
          onEvent(e) {
            if (e.event === 'done') {
              // The session's last act: from here the trainer holds the final weights, ready for evaluate and predict.
              run.status = e.reason;
              run.controller = undefined;
              const waiting = endTraining(run);
              keepModel(run, { trainer: opened, dataset: data, project, slots: new Map((['train', 'validation', 'test'] as const).filter((s) => data[s]).map((s) => [s, 'data'])), queue: Promise.resolve() });
              // Whoever hears 'done' may ask for runs() at once: the record is on disk by then.
              ended = record(run).then(() => emit(run.runId, e));
              // Predictions asked for after the last pause are answered by the finished model.
              for (const request of waiting) service.predict(run.runId, request.inputs).then(request.resolve, request.reject);
              return;
            }
            emit(run.runId, e.event === 'start' && opened.reason ? { ...e, note: opened.reason } : asServiceEvent(e));
          },
        });
        await ended;
      } catch (e) {
        if (run.model?.trainer !== trainer) trainer?.dispose();
        run.status = 'error';
        run.controller = undefined;
        for (const request of endTraining(run)) request.reject(new TrainingServiceError('The run failed before it could predict.'));
        await record(run);
        emit(run.runId, { event: 'error', ...errorInfo(e) });
      }
    })();
  };

  /** Ends a run's training state; returns the predictions still waiting. */
  const endTraining = (run: Run): LiveRequest[] => {
    const waiting = run.training?.requests ?? [];
    run.training = undefined;
    return waiting;
  };

  /** Answers the predictions waiting on a training run, with the weights it has now. */
  const serveLive = async (run: Run, live: LiveModel) => {
    const requests = run.training?.requests.splice(0) ?? [];
    for (const request of requests) {
      try {
        request.resolve(await live.predict(request.inputs));
      } catch (e) {
        request.reject(e);
      }
    }
  };

  /** The run's trained model: the live one, or one rebuilt from its checkpoint. */
  const modelOf = async (run: Run): Promise<Model> => {
    if (run.status === 'running') throw new TrainingServiceError('This run is still training. Wait for it to finish, or stop it, then try again.');
    if (run.model) return run.model;
    const project = await projectOf(run);
    const checkpoint = await loadCheckpoint(run.folder);
    const dataset = await loadData(project);
    const trainer = await options.openTrainer('auto');
    try {
      const t = project.training!;
      const plans = buildPlans(project, t.batchSize, Math.max(t.batchSize, 256));
      await trainer.load(plans.training, plans.inference, checkpoint.info.seed);
      await trainer.writeState(checkpoint.state);
    } catch (e) {
      trainer.dispose();
      throw e;
    }
    if (run.model) {
      // Another call rebuilt it meanwhile.
      trainer.dispose();
      return run.model;
    }
    const model: Model = { trainer, dataset, project, slots: new Map(), queue: Promise.resolve() };
    keepModel(run, model);
    return model;
  };

  /** Runs `work` on the run's model, after any other work on it. */
  const withModel = async <T>(runId: string, work: (model: Model, shapes: Shapes) => Promise<T>): Promise<T> => {
    const model = await modelOf(findRun(runId));
    const next = model.queue.then(() => work(model, (model.shapes ??= shapesOf(model.project))));
    model.queue = next.catch(() => {});
    return next;
  };

  const shapesOf = (project: Project): Shapes => {
    const t = project.training!;
    const { training, inference } = buildPlans(project, t.batchSize, Math.max(t.batchSize, 256));
    return {
      target: training.tensors[training.training!.targets[0]!]!,
      inputs: training.inputs.map((i) => training.tensors[i]!),
      outputShape: inference.tensors[inference.outputs[0]!]!.shape.slice(1),
      loss: { fn: t.loss, fromLogits: t.fromLogits },
    };
  };

  const service: DisposableTrainingService = {
    async start(raw: Project, o: TrainOptions = {}) {
      const project = applyOptions(validProject(raw), o ?? {});
      if (!project.dataset) throw new TrainingServiceError('The project names no dataset. Choose one (for example the built-in "xor") before training.');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      let runId = `${stamp}-${slug(project.name)}`;
      for (let n = 2; book.runs.has(runId) || existsSync(join(options.runsDir, runId)); n++) runId = `${stamp}-${slug(project.name)}-${n}`;
      const run: Run = { runId, folder: join(options.runsDir, runId), status: 'running' };
      book.runs.set(runId, run);
      await mkdir(run.folder, { recursive: true });
      await writeFileAtomic(join(run.folder, 'project.nwproj'), serializeProject(project));
      run.started = new Date().toISOString();
      await record(run);
      launch(run, project, o.backend ?? 'auto', false, o.progressEvery);
      return runId;
    },

    async stop(runId: string) {
      findRun(runId).controller?.abort();
    },

    async resume(runId: string, o: ResumeOptions = {}) {
      const run = findRun(runId);
      if (run.status === 'running') throw new TrainingServiceError('This run is already training.');
      if (!existsSync(join(run.folder, 'checkpoint', 'checkpoint.json'))) throw new TrainingServiceError('This run has no checkpoint to resume from: it stopped before its first epoch ended. Start a new run instead.');
      let project = await projectOf(run);
      if (o?.epochs !== undefined) {
        project = applyOptions(project, { epochs: o.epochs });
        await writeFileAtomic(join(run.folder, 'project.nwproj'), serializeProject(project));
      }
      launch(run, project, o?.backend ?? 'auto', true);
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    evaluate(runId: string, split: SplitName) {
      return withModel(runId, async (model, shapes): Promise<EvaluationResult> => {
        const data: Split | undefined = model.dataset[split];
        if (!data) throw new TrainingServiceError(`This run's dataset has no ${split} split.${split === 'test' ? ' Evaluate it on the training data, or give the dataset a test split (the option "testSplit").' : ''}`);
        const fitted = fitTargets(data, shapes.target, shapes.inputs);
        if (model.slots.get(split) !== 'data') {
          await model.trainer.setData(split, fitted);
          model.slots.set(split, 'data');
        }
        const outputs = await model.trainer.predict(split);
        const result = evaluate(outputs, fitted, shapes.loss, shapes.outputShape);
        const classes = shapes.outputShape.at(-1) ?? 1;
        const classification = result.report !== undefined;
        const names = model.dataset.info.classes ?? Array.from({ length: Math.max(classes, 2) }, (_, i) => String(i));
        return {
          split,
          outputs,
          outputShape: shapes.outputShape,
          labels: classification ? labelsOf(fitted.y, classes, shapes.loss.fn === 'sparse_categorical_crossentropy') : asFloat(fitted.y.data),
          ...(classification ? { predicted: predictedClasses(outputs, classes, shapes.loss.fromLogits ? 0 : 0.5) } : {}),
          classes: classification ? names : [],
          loss: result.loss,
          ...(result.accuracy !== undefined ? { accuracy: result.accuracy } : {}),
          ...(result.report ? { report: result.report } : {}),
          ...(result.mae !== undefined ? { mae: result.mae, rmse: result.rmse } : {}),
          inputs: { data: asFloat(data.x.data), shape: data.x.shape },
        };
      });
    },

    async predict(runId: string, inputs: Tensor) {
      const run = findRun(runId);
      const training = run.training;
      if (training) {
        // Training: the session answers between chunks of steps, with the weights as they are then.
        checkInputs(inputs, (training.shapes ??= shapesOf(training.project)));
        if (inputs.shape[0] === 0) return new Float32Array(0);
        return new Promise<Float32Array>((resolve, reject) => training.requests.push({ inputs, resolve, reject }));
      }
      return withModel(runId, async (model, shapes) => {
        checkInputs(inputs, shapes);
        if (inputs.shape[0] === 0) return new Float32Array(0);
        await model.trainer.setData('test', inputsAsSplit(inputs, shapes.target));
        model.slots.set('test', 'inputs');
        return model.trainer.predict('test');
      });
    },

    async weights(runId: string): Promise<RunWeights> {
      const run = findRun(runId);
      const project = run.training?.project ?? (await projectOf(run));
      if (!existsSync(join(run.folder, 'checkpoint', 'checkpoint.json'))) {
        throw new TrainingServiceError(`The run "${runId}" has no weights yet: it stopped before its first epoch ended.`);
      }
      const { info, state } = await loadCheckpoint(run.folder);
      const ir = compile(project).ir;
      if (!ir) throw new TrainingServiceError(`The run "${runId}" trained a project that no longer compiles.`);
      // Every weight the exporters write: trainable ones and running statistics alike, not the optimizer's state.
      const weights = new Map<string, Float32Array>();
      for (const node of ir.nodes) {
        const name = node.op === 'param' ? String(node.arg['name']) : undefined;
        const data = name === undefined ? undefined : state.get(name);
        if (name !== undefined && data) weights.set(name, data);
      }
      return { runId, project, epoch: info.epoch, weights };
    },

    async runs() {
      let names: string[] = [];
      try {
        names = (await readdir(options.runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        // No runs yet.
      }
      const summaries = await Promise.all(names.map(async (runId): Promise<RunSummary | undefined> => {
        const folder = join(options.runsDir, runId);
        const known = book.runs.get(runId);
        let saved: RunRecord | undefined;
        try {
          saved = JSON.parse(await readFile(join(folder, 'run.json'), 'utf8')) as RunRecord;
        } catch {
          if (!known && !existsSync(join(folder, 'project.nwproj'))) return undefined;
        }
        const history = await readHistory(folder);
        let project: Project | undefined;
        try {
          project = validProject(JSON.parse(await readFile(join(folder, 'project.nwproj'), 'utf8')));
        } catch {
          // A run folder from `netwright train`, or an unreadable project: history only.
        }
        if (!history && !project) return undefined;
        // A run recorded as running that this process does not know died with an earlier process.
        const status: RunStatus = known?.status ?? (saved?.status && saved.status !== 'running' ? saved.status : 'interrupted');
        const backend = known?.backend ?? saved?.backend;
        const planned = project?.training?.epochs ?? history?.training?.epochs;
        return {
          runId,
          project: project?.name ?? history?.project ?? runId,
          started: history?.started ?? saved?.started ?? '',
          status,
          ...(backend ? { backend } : {}),
          epochs: history?.epochs.at(-1)?.epoch ?? 0,
          ...(planned !== undefined ? { plannedEpochs: planned } : {}),
          history: history?.epochs ?? [],
          folder,
          ...(project ? { trained: project } : {}),
        };
      }));
      return summaries.filter((s): s is RunSummary => s !== undefined).sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : b.runId.localeCompare(a.runId)));
    },

    dispose() {
      listeners.clear();
      for (const runId of mine) {
        const run = book.runs.get(runId);
        run?.controller?.abort();
        if (run) releaseModel(run);
      }
    },
  };
  return service;
}
