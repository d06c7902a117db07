/**
 * The Trainer across a message channel: main (or, in web mode, the web
 * server) drives a training session; the engine runs in a compute worker on
 * `navigator.gpu`. The Trainer interface (src-main/engine/trainer.ts) is bulk
 * (load plans, upload data once, run N steps, read metrics), so each of its
 * methods is one request and one reply, never a round trip per step.
 *
 * The conversation on a trainer port:
 *   main → worker   { type: 'init', backend }                 pick a backend
 *   worker → main   { type: 'hello', backend, adapter, … }    what it got, and why
 *   main → worker   calls, one per Trainer method (rpc.ts CallMessage<Trainer>)
 *   worker → main   results or errors ({ name, message })
 *   host → main     { type: 'failed', error }                 the worker itself died
 *
 * Plans, splits and orders are copied to the worker (the session keeps using
 * its arrays); predictions and weights are made fresh by the worker, so they
 * are transferred back, not copied.
 *
 * This module is types and a table only: shared/ cannot see the Trainer type,
 * so src-main/engine/remote/remote-trainer.ts checks that the table names
 * every Trainer method, and the compiler keeps the two in step.
 */
import type { BackendChoice } from './services';
import type { ErrorInfo, MethodSpec } from './rpc';

/** Every Trainer method, with how its messages travel. */
export const TRAINER_METHODS = {
  load: {},
  setData: {},
  setOrder: {},
  run: {},
  readMetrics: {},
  predict: { transferResult: true },
  readState: { transferResult: true },
  writeState: {},
  dispose: { oneWay: true },
} as const satisfies Readonly<Record<string, MethodSpec>>;

export type TrainerMethodName = keyof typeof TRAINER_METHODS;

export interface TrainerInit {
  readonly type: 'init';
  readonly backend: BackendChoice;
}

export interface TrainerHello {
  readonly type: 'hello';
  readonly backend: 'webgpu' | 'reference';
  /** The adapter in words ("google · swiftshader"), or "CPU (reference)". */
  readonly adapter: string;
  readonly featureLevel?: 'core' | 'compatibility';
  /** Why the worker serves the reference backend when WebGPU was not ruled out: no navigator.gpu, no adapter, … */
  readonly reason?: string;
}

/** Sent by whoever hosts the worker (a page, the compute window) when the worker crashed or could not start. */
export interface TrainerFailed {
  readonly type: 'failed';
  readonly error: ErrorInfo;
}

/** What a compute worker is sent, once, to start serving a trainer on `port`. */
export interface ComputeConnect<P = unknown> {
  readonly type: 'connect';
  readonly port: P;
}

export const isHello = (m: unknown): m is TrainerHello => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'hello';
export const isFailed = (m: unknown): m is TrainerFailed => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'failed';
export const isInit = (m: unknown): m is TrainerInit => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'init';
