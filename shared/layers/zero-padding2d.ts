/**
 * ZeroPadding2D. Keras accepts the padding as one number, (rows, columns), or
 * ((top, bottom), (left, right)); all are stored as the flat list
 * [top, bottom, left, right], which the inspector shows as four numbers and
 * which parses again to itself.
 */
import { z } from 'zod';
import { defineLayer } from './define';
import type { IntsSpec } from './params';
import { expectRank } from './shape-rules';

const n = z.number().int().min(0);
const pair = z.tuple([n, n]);

const paddingSchema = z
  .union([n, pair, z.tuple([n, n, n, n]), z.tuple([pair, pair])])
  .transform((v): number[] => {
    if (typeof v === 'number') return [v, v, v, v];
    const flat: number[] = v.flat();
    return flat.length === 4 ? flat : [flat[0]!, flat[0]!, flat[1]!, flat[1]!];
  }) as unknown as z.ZodType<number[]>;

const padding: IntsSpec = {
  kind: 'ints',
  length: 4,
  min: 0,
  default: [1, 1, 1, 1],
  doc: 'How many rows and columns of zeros to add: [top, bottom, left, right]. One number pads every side equally; [rows, columns] pads top and bottom by rows, left and right by columns.',
  schema: paddingSchema,
  expects: 'a whole number of 0 or more, [rows, columns], [[top, bottom], [left, right]], or [top, bottom, left, right]',
};

export const ZeroPadding2D = defineLayer({
  type: 'ZeroPadding2D',
  category: 'convolution',
  params: { padding },
  doc: {
    summary: 'Adds a border of zeros around an image, making it taller and wider. It has nothing to learn.',
    formula: 'y = x surrounded by top/bottom rows and left/right columns of 0',
    whenToUse: 'Before a Conv2D with "valid" padding, to keep the image from shrinking or to control exactly how much padding each side gets (as in ResNet\'s first layers).',
  },
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    expectRank(x!, 3, 'ZeroPadding2D', '(batch, height, width, channels)');
    const [top, bottom, left, right] = p.padding as [number, number, number, number];
    return [x![0]! + top + bottom, x![1]! + left + right, x![2]!];
  },
  lower(ctx, [x], p) {
    const [top, bottom, left, right] = p.padding as [number, number, number, number];
    const [h, w, c] = ctx.shapeOf(x!) as [number, number, number];
    return ctx.emit('pad', [x!], [h + top + bottom, w + left + right, c], { pads: [[0, 0], [top, bottom], [left, right], [0, 0]] });
  },
  pytorch(_ctx, p) {
    const [top, bottom, left, right] = p.padding as [number, number, number, number];
    const same = top === bottom && bottom === left && left === right;
    return { layout: 'channels_first', module: `nn.ZeroPad2d(${same ? top : `(${left}, ${right}, ${top}, ${bottom})`})`, forward: (attr, [x]) => `${attr}(${x})` };
  },
  // Keras takes ((top, bottom), (left, right)), or fewer numbers where sides agree.
  keras: {
    args(p) {
      const [top, bottom, left, right] = p.padding as [number, number, number, number];
      if (top === bottom && left === right) return top === left ? (top === 1 ? [] : [`padding=${top}`]) : [`padding=(${top}, ${left})`];
      return [`padding=((${top}, ${bottom}), (${left}, ${right}))`];
    },
  },
});
