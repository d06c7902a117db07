/**
 * An in-memory TrainingService for unit tests: it records calls, and the
 * test plays the part of the training session by emitting events itself.
 */
import type { EvaluationResult, RunSummary, RunWeights, SplitName, Tensor, TrainingEvent, TrainingService } from '../../../shared/ipc/services';

export class FakeTrainingService implements TrainingService {
  readonly calls: string[] = [];
  /** What start() does: resolve with an id, or throw. */
  startWith: () => Promise<string> = () => Promise.resolve(`run-${this.calls.filter((c) => c === 'start').length}`);
  evaluation: EvaluationResult | null = null;
  /** What weights() answers, or a rejection when unset. */
  runWeights: RunWeights | undefined;
  /** Answers predict() from the inputs; by default one zero per sample. */
  predictWith: (inputs: Tensor) => Float32Array = (inputs) => new Float32Array(inputs.shape[0] ?? 0);
  private listeners = new Set<(runId: string, event: TrainingEvent) => void>();

  start(): Promise<string> {
    this.calls.push('start');
    return this.startWith();
  }

  stop(runId: string): Promise<void> {
    this.calls.push(`stop ${runId}`);
    return Promise.resolve();
  }

  resume(runId: string, options?: { epochs?: number }): Promise<void> {
    this.calls.push(`resume ${runId}${options?.epochs ? ` to ${options.epochs}` : ''}`);
    return Promise.resolve();
  }

  onEvent(listener: (runId: string, event: TrainingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  evaluate(runId: string, split: SplitName): Promise<EvaluationResult> {
    this.calls.push(`evaluate ${runId} ${split}`);
    return this.evaluation ? Promise.resolve(this.evaluation) : Promise.reject(new Error('no evaluation'));
  }

  predict(runId: string, inputs: Tensor): Promise<Float32Array> {
    this.calls.push(`predict ${runId} ${inputs.shape.join('x')}`);
    return Promise.resolve(this.predictWith(inputs));
  }

  runs(): Promise<RunSummary[]> {
    return Promise.resolve([]);
  }

  weights(runId: string): Promise<RunWeights> {
    this.calls.push(`weights ${runId}`);
    return this.runWeights ? Promise.resolve(this.runWeights) : Promise.reject(new Error('no weights'));
  }

  /** Plays the session: sends an event to every listener. */
  emit(runId: string, event: TrainingEvent): void {
    for (const l of this.listeners) l(runId, event);
  }
}
