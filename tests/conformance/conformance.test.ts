/**
 * The conformance run (runner.ts) as a test: no importer crash on any of
 * ONNX's backend test models, every model that imports exports back with its
 * OnnxOp nodes as they were, the applicable ones pass (except those the
 * engine itself cannot run yet, listed with the reason), and a set of models
 * covering the importer's ops and the ops OnnxOp runs stays applicable.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA, runConformance, summarise } from './runner';

/** Applicable models the engine cannot run yet, and why. */
const KNOWN_FAILURES: Record<string, string> = {
  'node/test_softmax_axis_1': 'the engine computes softmax over the last axis only',
};

/** Models whose ops the importer maps; they must stay applicable and pass. */
const MUST_PASS = [
  'node/test_relu', 'node/test_add', 'node/test_concat_3d_axis_1', 'node/test_maxpool_2d_precomputed_same_upper',
  'node/test_averagepool_2d_precomputed_pads', 'node/test_globalaveragepool', 'node/test_flatten_default_axis',
  'node/test_reduce_mean_keepdims_random', 'node/test_transpose_all_permutations_1', 'node/test_logsoftmax_axis_2',
  'pytorch-converted/test_Conv2d_depthwise_with_multiplier', 'pytorch-converted/test_Conv1d_dilated', 'pytorch-converted/test_Conv2d_groups',
  'pytorch-converted/test_BatchNorm2d_eval', 'pytorch-converted/test_Embedding', 'pytorch-converted/test_Linear',
  'pytorch-converted/test_PixelShuffle', 'simple/test_single_relu_model',
  // ops with no layer, kept as OnnxOp nodes that the engine runs
  'node/test_abs', 'node/test_neg', 'node/test_reciprocal', 'node/test_hardsigmoid', 'node/test_selu', 'node/test_celu', 'node/test_hardswish',
  'node/test_greater', 'node/test_less_equal', 'node/test_logsoftmax_axis_1', 'node/test_softmax_axis_1_expanded', 'node/test_reduce_l2_keep_dims_random',
  'node/test_reduce_log_sum_exp_do_not_keepdims_random', 'node/test_reduce_min_keepdims_random', 'node/test_depthtospace_crd_mode', 'node/test_spacetodepth',
  'pytorch-converted/test_PReLU_2d', 'pytorch-converted/test_ConstantPad2d', 'pytorch-converted/test_Softmin',
  'pytorch-converted/test_Conv3d_groups', 'pytorch-converted/test_Conv2d_dilated', 'pytorch-converted/test_MaxPool3d_stride_padding',
  'node/test_maxpool_2d_ceil', 'node/test_averagepool_2d_pads_count_include_pad',
];

/** Models that import with ops the engine cannot run: kept (and exported), but not applicable. */
const MUST_KEEP = ['node/test_erf', 'node/test_gather_elements_0', 'node/test_einsum_batch_diagonal', 'node/test_convtranspose_3d', 'node/test_triu'];

describe('ONNX backend test models (libonnx-testdata)', () => {
  if (!existsSync(DATA)) throw new Error(`${DATA} is missing: apt-get install -y libonnx-testdata`);
  const results = runConformance();
  const summary = summarise(results);

  it('imports every model or refuses it with an OnnxImportError, never crashing', () => {
    expect(results.filter((r) => r.note.startsWith('the importer crashed')).map((r) => `${r.suite}/${r.name}: ${r.note}`)).toEqual([]);
    expect(summary.total).toBeGreaterThan(1000);
  });

  it('passes every applicable model but the known engine gaps, and exports every model that imports', () => {
    const failed = results.filter((r) => r.outcome === 'failed' && !KNOWN_FAILURES[`${r.suite}/${r.name}`]);
    expect(failed.map((r) => `${r.suite}/${r.name}: ${r.note}`)).toEqual([]);
    expect(summary.passed).toBeGreaterThanOrEqual(225);
    expect(summary.kept).toBeGreaterThanOrEqual(130);
  });

  it.each(MUST_KEEP)('%s imports, kept for export, but does not run', (name) => {
    const r = results.find((x) => `${x.suite}/${x.name}` === name);
    expect(r?.kept, r?.note).toBe(true);
    expect(r?.note).toMatch(/cannot run in Netwright/);
  });

  it.each(MUST_PASS)('%s passes', (name) => {
    const r = results.find((x) => `${x.suite}/${x.name}` === name);
    expect(r?.outcome, r?.note).toBe('passed');
  });
});
