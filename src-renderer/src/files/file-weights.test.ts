/**
 * Weights travel with models through the files: an imported ONNX model's
 * weights are what its exports carry (and the notice says how they are kept),
 * the desktop saves them beside the project and reads them back when the
 * project opens again. The Host is stood in for.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compile } from '../../../shared/compiler';
import { onnx } from '../../../shared/export/onnx/proto';
import { decodeSafetensors, encodeSafetensors } from '../../../shared/formats/safetensors';
import { loadProjectObject, serializeProject, type Project } from '../../../shared/graph';
import type { Host } from '../host';
import { BUILTIN_XOR } from '../project/builtin-xor';

const fakeHost = await vi.hoisted(async () => (await import('./fake-host')).fakeHost());
vi.mock('../host', () => ({ host: fakeHost }));

const { useProjectStore } = await import('../project/store');
const { useEditorStore } = await import('../editor/store');
const { importOnnxBytes, openHostFile, saveDocument } = await import('./file-actions');
const { weightsPlanFor } = await import('../code/use-model-weights');
const { buildExport } = await import('../code/exports');
const { freshWeights } = await import('../code/fresh-weights');

const host = fakeHost as unknown as { [K in 'saveProject' | 'openFile']: ReturnType<typeof vi.fn> } & { kind: Host['kind'] };
const loaded = loadProjectObject(BUILTIN_XOR);
if (!loaded.ok) throw new Error('the built-in XOR must load');
const XOR: Project = loaded.project;

/** Weights unlike fresh ones: every tensor holds its own index + 0.25. */
const TRAINED = new Map([...freshWeights(compile(XOR).ir!)].map(([name, v], i) => [name, v.map(() => i + 0.25)]));
const TRAINED_ONNX = buildExport('onnx', XOR, { weights: TRAINED }).bytes;

/** The open document's export plan, and the weights its ONNX export carries by initializer name. */
function exportedNow(): { carried: string; initializers: Map<string, number[]> } {
  const { project, documentKey } = useProjectStore.getState();
  const plan = weightsPlanFor(project!, documentKey);
  const model = onnx.ModelProto.decode(buildExport('onnx', project!, plan.carry ? { weights: plan.carry.weights } : {}).bytes);
  const initializers = new Map(model.graph!.initializer!.map((t) => [t.name!, [...new Float32Array(new Uint8Array(t.rawData!).buffer)]]));
  return { carried: plan.carry?.origin.kind ?? 'fresh', initializers };
}

beforeEach(() => {
  vi.clearAllMocks();
  host.kind = 'desktop';
  useEditorStore.getState().notify(null);
});

describe('an imported ONNX model', () => {
  it('exports with the weights it came with', async () => {
    expect(await importOnnxBytes('trained.onnx', TRAINED_ONNX)).toBe(true);
    const { carried, initializers } = exportedNow();
    expect(carried).toBe('import');
    expect(initializers.size).toBe(TRAINED.size);
    for (const [name, values] of TRAINED) expect(initializers.get(name), name).toEqual([...values]);
  });

  it('says the weights are kept, and that saving keeps them beside the project', async () => {
    await importOnnxBytes('trained.onnx', TRAINED_ONNX);
    expect(useEditorStore.getState().notice?.text).toBe('Imported trained.onnx: 3 layers, with its weights. Exports carry them; saving the project keeps them beside it (trained.safetensors).');
  });

  it('exports fresh weights once a layer changes size', async () => {
    await importOnnxBytes('trained.onnx', TRAINED_ONNX);
    const hidden = useProjectStore.getState().project!.nodes.find((n) => n.type === 'Dense')!;
    useProjectStore.getState().setParam(hidden.id, 'units', 3);
    expect(exportedNow().carried).toBe('fresh');
    useProjectStore.getState().undo();
    expect(exportedNow().carried).toBe('import');
  });
});

describe('saving keeps weights beside the project', () => {
  it('saving sends the weights exports carry, as safetensors', async () => {
    await importOnnxBytes('trained.onnx', TRAINED_ONNX);
    host.saveProject.mockResolvedValue({ name: 'trained.nwproj', path: '/home/ada/trained.nwproj' });
    expect(await saveDocument()).toBe(true);
    const { tensors } = decodeSafetensors(host.saveProject.mock.calls[0]![0].weights);
    expect(tensors.get('hidden/kernel')).toEqual({ data: TRAINED.get('hidden/kernel'), shape: [2, 8] });
  });

  it('saving a project with fresh weights sends none; the web sends them as the desktop does', async () => {
    await openHostFile({ name: 'plain.nwproj', kind: 'project', bytes: new TextEncoder().encode(serializeProject(XOR)) });
    host.saveProject.mockResolvedValue({ name: 'plain.nwproj', path: '/home/ada/plain.nwproj' });
    await saveDocument();
    expect(host.saveProject.mock.calls[0]![0].weights).toBeUndefined();
    await importOnnxBytes('trained.onnx', TRAINED_ONNX);
    host.kind = 'web';
    await saveDocument();
    expect(decodeSafetensors(host.saveProject.mock.calls[1]![0].weights).tensors.get('hidden/kernel')?.data).toEqual(TRAINED.get('hidden/kernel'));
  });

  it('opening a project with weights beside it exports with them', async () => {
    const tensors = new Map([...TRAINED].map(([name, data]) => [name, { data, shape: compile(XOR).ir!.nodes.find((n) => n.arg['name'] === name)!.shape }]));
    const file = { name: 'xor.nwproj', kind: 'project' as const, path: '/home/ada/xor.nwproj', bytes: new TextEncoder().encode(serializeProject(XOR)), weights: encodeSafetensors(tensors) };
    expect(await openHostFile(file)).toBe(true);
    const { carried, initializers } = exportedNow();
    expect(carried).toBe('sidecar');
    expect(initializers.get('output/bias')).toEqual([...TRAINED.get('output/bias')!]);
  });

  it('weights beside a project that cannot be read leave it opened, with fresh weights, and say so', async () => {
    const file = { name: 'xor.nwproj', kind: 'project' as const, bytes: new TextEncoder().encode(serializeProject(XOR)), weights: Uint8Array.from([1, 2, 3]) };
    expect(await openHostFile(file)).toBe(true);
    expect(useProjectStore.getState().project!.name).toBe(XOR.name);
    expect(exportedNow().carried).toBe('fresh');
    expect(useEditorStore.getState().notice).toMatchObject({ kind: 'error', text: expect.stringMatching(/^xor\.safetensors, the weights beside xor\.nwproj, could not be read \(.+\)\. Exports carry freshly initialised weights\.$/) });
  });
});
