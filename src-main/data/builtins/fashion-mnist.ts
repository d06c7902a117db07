/**
 * Fashion-MNIST (Zalando, 2017): 70,000 28×28 greyscale photos of clothing in
 * ten classes, split 60,000 / 10,000 like MNIST. Read from IDX files found
 * by locations.ts (Debian's dataset-fashion-mnist included) or downloaded.
 * Options: pad (0).
 */
import { DataError } from '../errors';
import { readOptions } from '../options';
import type { Builtin } from '../source';
import { howToGet, IdxOptions, locateIdx, lookedIn, readIdxDataset } from './idx-builtins';

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export const fashionMnist: Builtin = {
  name: 'fashion-mnist',
  summary: 'Zalando’s 70,000 28×28 photos of clothes in ten classes.',
  async load(options, context) {
    const o = readOptions(IdxOptions, options, 'fashion-mnist');
    const files = await locateIdx('fashion-mnist', context);
    if (!files) {
      throw new DataError(`the Fashion-MNIST dataset is not on this computer. Looked for its IDX files in:\n${lookedIn('fashion-mnist', context)}\n${howToGet('fashion-mnist')}. On Debian or Ubuntu, "apt install dataset-fashion-mnist" also provides it.`);
    }
    return readIdxDataset({ name: 'fashion-mnist', classes: FASHION_CLASSES }, files, o.pad, context);
  },
};
