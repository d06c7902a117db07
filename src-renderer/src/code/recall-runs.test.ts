/** Weights from an earlier session: the newest ended run of the same project whose weights fit the graph. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../shared/compiler';
import { loadProjectObject, type Project } from '../../../shared/graph';
import type { RunSummary } from '../../../shared/ipc/services';
import { BUILTIN_XOR } from '../project/builtin-xor';
import { FakeTrainingService } from '../training/fake-service';
import { recallRunWeights, runFits } from './recall-runs';

const loaded = loadProjectObject(BUILTIN_XOR);
if (!loaded.ok) throw new Error('the built-in XOR must load');
const XOR: Project = loaded.project;
const withUnits = (units: number): Project => ({ ...XOR, nodes: XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, units } } : n)) });
const irOf = (project: Project) => compile(project).ir!;

const epoch = { epoch: 1, loss: 0.1, accuracy: 0.75, valAccuracy: 1, samplesPerSec: 1, learningRate: 0.1, seconds: 1 };
const summary = (runId: string, over: Partial<RunSummary> = {}): RunSummary => ({ runId, project: XOR.name, started: '2025-03-01T14:32:05.123Z', status: 'completed', epochs: 1, history: [epoch], folder: `/runs/${runId}`, trained: XOR, ...over });

describe('recalling an earlier run', () => {
  it('fits runs of the same project that ended with a checkpoint and need the same weights', () => {
    const ir = irOf(XOR);
    expect(runFits(summary('a'), XOR, ir)).toBe(true);
    // Another activation needs the same weights: they still fit.
    expect(runFits(summary('a', { trained: { ...XOR, nodes: XOR.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: { ...n.params, activation: 'relu' } } : n)) } }), XOR, ir)).toBe(true);
    expect(runFits(summary('a', { trained: withUnits(16) }), XOR, ir)).toBe(false);
    expect(runFits(summary('a', { trained: { ...XOR, name: 'Another' } }), XOR, ir)).toBe(false);
    expect(runFits(summary('a', { trained: undefined }), XOR, ir)).toBe(false);
    expect(runFits(summary('a', { status: 'running' }), XOR, ir)).toBe(false);
    expect(runFits(summary('a', { history: [] }), XOR, ir)).toBe(false);
  });

  it('fetches the newest fitting run\'s weights, and only those', async () => {
    const service = new FakeTrainingService();
    service.runs = () => Promise.resolve([summary('2025-03-02T09-00-00-000Z-xor', { trained: withUnits(16) }), summary('2025-03-01T14-32-05-123Z-xor'), summary('2025-02-01T10-00-00-000Z-xor')]);
    const weights = new Map([['hidden/kernel', new Float32Array(16)]]);
    service.runWeights = { runId: '2025-03-01T14-32-05-123Z-xor', project: XOR, epoch: 200, weights };
    const found = await recallRunWeights(service, XOR, irOf(XOR), 7);
    expect(service.calls).toEqual(['weights 2025-03-01T14-32-05-123Z-xor']);
    expect(found).toMatchObject({ documentKey: 7, weights, origin: { kind: 'run', runId: '2025-03-01T14-32-05-123Z-xor', epoch: 200, started: Date.parse('2025-03-01T14:32:05.123Z'), accuracy: { split: 'validation', value: 1 } } });
  });

  it('finds nothing when no run fits', async () => {
    const service = new FakeTrainingService();
    service.runs = () => Promise.resolve([summary('a', { trained: withUnits(3) })]);
    expect(await recallRunWeights(service, XOR, irOf(XOR), 1)).toBeNull();
    expect(service.calls).toEqual([]);
  });
});
