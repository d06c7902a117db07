import { defineLayer, ShapeRuleError, type Shape } from './define';
import { intList } from './params';
import { fmt } from './shape-rules';

/** Checks that `dims` orders the axes 1…rank, each once (Keras counts from 1; axis 0 is the batch). */
function checkDims(x: Shape, dims: readonly number[] | null): readonly number[] {
  const rank = x.length;
  const sorted = [...(dims ?? [])].sort((a, b) => a - b);
  if (sorted.length !== rank || sorted.some((d, i) => d !== i + 1)) {
    const axes = Array.from({ length: rank }, (_, i) => i + 1);
    throw new ShapeRuleError(
      'NW025',
      `Permute's dims ${JSON.stringify(dims)} must list each of the axes ${axes.join(', ')} of its input ${fmt(x)} exactly once.`,
      `Set "dims" to an ordering of ${axes.join(', ')}, for example [${axes.reverse().join(', ')}].`,
      'dims',
    );
  }
  return dims!;
}

export const Permute = defineLayer({
  type: 'Permute',
  category: 'core',
  params: {
    dims: intList({ default: [2, 1], doc: 'The new order of the axes, counted from 1 (the batch never moves). [2, 1] swaps the two axes of a sequence.' }),
  },
  doc: {
    summary: 'Reorders the axes of the data, like turning a table on its side; the values themselves do not change.',
    formula: 'y[i₂, i₁] = x[i₁, i₂]  (for dims = [2, 1])',
    whenToUse: 'To swap time and features before a recurrent layer, or to move the channels of an image to another position.',
  },
  arity: { min: 1, max: 1 },
  inferShape: ([x], p) => checkDims(x!, p.dims).map((d) => x![d - 1]!),
  lower(ctx, [x], p) {
    const input = ctx.shapeOf(x!);
    const dims = checkDims(input, p.dims);
    return ctx.emit('transpose', [x!], dims.map((d) => input[d - 1]!), { perm: [0, ...dims] });
  },
  pytorch: (_ctx, p) => ({ layout: 'channels_last', forward: (_attr, [x]) => `${x}.permute(0, ${p.dims!.join(', ')})` }),
  keras: { positional: ['dims'] },
});
