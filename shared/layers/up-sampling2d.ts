/**
 * UpSampling2D, nearest neighbour only: the IR's 'upsample' op repeats values
 * and has no interpolation, so Keras's other interpolations are not offered.
 */
import { defineLayer } from './define';
import { choice, ints } from './params';
import { expectRank } from './shape-rules';
import { pyIntOrTuple } from '../export/pytorch/python';

export const UpSampling2D = defineLayer({
  type: 'UpSampling2D',
  category: 'pooling',
  params: {
    size: ints(2, { default: [2, 2], doc: 'How many times to repeat each row and each column. [2, 2] doubles height and width.' }),
    interpolation: choice(['nearest'], { default: 'nearest', doc: '"nearest": each new pixel copies the nearest original pixel.' }),
  },
  doc: {
    summary: 'Makes an image larger by repeating each pixel: with size [2, 2], every pixel becomes a 2×2 block. It has nothing to learn.',
    formula: 'y[i,j,c] = x[⌊i / s_h⌋, ⌊j / s_w⌋, c]',
    whenToUse: 'In decoders, autoencoders and U-Nets, to undo a pooling step. Follow it with a Conv2D to smooth the blocks; it is a cheaper alternative to Conv2DTranspose.',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectRank(x!, 3, 'UpSampling2D', '(batch, height, width, channels)');
    return [x![0]! * p.size[0]!, x![1]! * p.size[1]!, x![2]!];
  },
  // factors are per spatial axis, like the window and strides of pooling ops, not per IR dimension.
  lower(ctx, [x], p) {
    const [h, w, c] = ctx.shapeOf(x!) as [number, number, number];
    return ctx.emit('upsample', [x!], [h * p.size[0]!, w * p.size[1]!, c], { factors: p.size });
  },
  pytorch: (_ctx, p) => ({ layout: 'channels_first', module: `nn.Upsample(scale_factor=${pyIntOrTuple(p.size)}, mode="nearest")`, forward: (attr, [x]) => `${attr}(${x})` }),
});
