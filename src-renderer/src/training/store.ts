/**
 * The training run the Train view shows: its status, what the backend said
 * when it started, the latest progress, one record per finished epoch, the
 * running loss within epochs (for smooth live charts) and how it ended.
 * Everything here arrives as events from the TrainingService; the store only
 * folds them in. One run at a time: events for any other run are ignored.
 *
 * The store is made by a factory that takes the service, so tests drive it
 * with a fake (fake-service.ts) and the app with the real one (use-training.ts).
 */
import { create } from 'zustand';
import type { Project } from '../../../shared/graph/schema';
import type { EpochRecord, TrainingEvent, TrainingService } from '../../../shared/ipc/services';

export type RunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'done' | 'failed';

export type StartEvent = Extract<TrainingEvent, { event: 'start' }>;
export type ProgressEvent = Extract<TrainingEvent, { event: 'progress' }>;
export type DoneEvent = Extract<TrainingEvent, { event: 'done' }>;

/** The running average loss and accuracy within an epoch, at a fractional epoch (1.5 = halfway through the second). */
export interface LivePoint {
  readonly x: number;
  readonly loss: number;
  readonly accuracy: number;
}

export interface TrainingState {
  readonly status: RunStatus;
  readonly runId: string | null;
  /** The project as it was when the run started: the Evaluate view reads its dataset and loss from here. */
  readonly project: Project | null;
  readonly info: StartEvent | null;
  readonly progress: ProgressEvent | null;
  readonly epochs: readonly EpochRecord[];
  readonly live: readonly LivePoint[];
  readonly result: DoneEvent | null;
  /** Why the run failed, in words for the person at the screen. */
  readonly error: string | null;
}

export interface TrainingActions {
  start(project: Project): Promise<void>;
  stop(): Promise<void>;
  /**
   * Carries on from the run's last checkpoint: a stopped run, or a finished
   * one given a larger total of `epochs` to train on to.
   */
  resume(epochs?: number): Promise<void>;
  /**
   * Carries on a past run (from the Evaluate view's run list) from its last
   * checkpoint; from then on the store follows that run, its history so far
   * standing in for the epochs it already trained.
   */
  resumeRun(runId: string, project: Project, history: readonly EpochRecord[]): Promise<void>;
  /** Folds one event from the service into the state. */
  receive(runId: string, event: TrainingEvent): void;
  /** Forgets the run (the view goes back to "not trained yet"). */
  reset(): void;
}

export type TrainingStore = TrainingState & TrainingActions;

/** Live points kept at most; beyond this every other one is dropped, so long runs stay cheap to draw. */
export const LIVE_LIMIT = 600;

const IDLE: TrainingState = { status: 'idle', runId: null, project: null, info: null, progress: null, epochs: [], live: [], result: null, error: null };

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Adds a point, thinning the list by half when it grows past LIVE_LIMIT (the newest point always stays). */
export function appendLive(live: readonly LivePoint[], point: LivePoint): LivePoint[] {
  const next = [...live, point];
  if (next.length <= LIVE_LIMIT) return next;
  const thinned = next.filter((_, i) => i % 2 === 1);
  if (thinned.at(-1) !== point) thinned.push(point);
  return thinned;
}

/** The state after one event. Pure, so it is tested without a service. */
export function fold(state: TrainingState, event: TrainingEvent): Partial<TrainingState> {
  switch (event.event) {
    case 'start': {
      // A resumed run starts again from a checkpoint: epochs after it are redone.
      const from = event.resumedFrom ?? 0;
      return {
        status: state.status === 'stopping' ? 'stopping' : 'running',
        info: event,
        progress: null,
        result: null,
        error: null,
        epochs: from > 0 ? state.epochs.filter((e) => e.epoch <= from) : [],
        live: from > 0 ? state.live.filter((p) => p.x <= from) : [],
      };
    }
    case 'progress': {
      // The session reads metrics one chunk behind, so an epoch's first report can carry no samples yet: 0 and 0. No real loss is exactly 0.
      if (event.loss === 0 && event.accuracy === 0) return { progress: event };
      const x = event.epoch - 1 + event.step / Math.max(1, event.stepsPerEpoch);
      return { progress: event, live: appendLive(state.live, { x, loss: event.loss, accuracy: event.accuracy }) };
    }
    case 'epoch': {
      const { event: _, ...record } = event;
      return { epochs: [...state.epochs.filter((e) => e.epoch < record.epoch), record] };
    }
    case 'done':
      return { status: event.reason === 'stopped' ? 'stopped' : 'done', result: event };
    case 'error':
      return { status: 'failed', error: event.message };
  }
}

export const createTrainingStore = (service: TrainingService) =>
  create<TrainingStore>()((set, get) => {
    // Events can arrive before start() has the run's id; they wait here until it does.
    let early: { runId: string; event: TrainingEvent }[] = [];
    // Listening opens the connection to the services, so it waits for the first run.
    let listening = false;
    const listen = () => {
      if (listening) return;
      listening = true;
      service.onEvent((runId, event) => get().receive(runId, event));
    };

    return {
      ...IDLE,

      async start(project) {
        const status = get().status;
        if (status === 'starting' || status === 'running' || status === 'stopping') return;
        early = [];
        listen();
        set({ ...IDLE, status: 'starting', project });
        try {
          const runId = await service.start(project);
          if (get().status !== 'starting') return;
          set({ runId });
          const waiting = early.filter((e) => e.runId === runId);
          early = [];
          for (const e of waiting) get().receive(runId, e.event);
        } catch (error) {
          set({ status: 'failed', error: errorText(error) });
        }
      },

      async stop() {
        const { runId, status } = get();
        if (!runId || (status !== 'running' && status !== 'starting')) return;
        set({ status: 'stopping' });
        try {
          await service.stop(runId);
        } catch (error) {
          set({ status: 'failed', error: errorText(error) });
        }
      },

      async resume(epochs) {
        const { runId, status, result } = get();
        const more = epochs !== undefined && epochs > (result?.epochs ?? Infinity);
        if (!runId || !(status === 'stopped' || (status === 'done' && more))) return;
        listen();
        set({ status: 'running', result: null, error: null });
        try {
          await service.resume(runId, more ? { epochs } : undefined);
        } catch (error) {
          set({ status: 'failed', error: errorText(error) });
        }
      },

      async resumeRun(runId, project, history) {
        const status = get().status;
        if (status === 'starting' || status === 'running' || status === 'stopping') return;
        listen();
        set({ ...IDLE, status: 'running', runId, project, epochs: history });
        try {
          await service.resume(runId);
        } catch (error) {
          set({ status: 'failed', error: errorText(error) });
        }
      },

      receive(runId, event) {
        const s = get();
        if (s.runId === null && s.status === 'starting') {
          early.push({ runId, event });
          return;
        }
        if (runId !== s.runId) return;
        set(fold(s, event));
      },

      reset() {
        const status = get().status;
        if (status === 'starting' || status === 'running' || status === 'stopping') return;
        set(IDLE);
      },
    };
  });
