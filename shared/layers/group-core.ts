/** Core, merging and activation layers. */
import { Activation } from './activation';
import { Add } from './add';
import { Average } from './average';
import { Concatenate } from './concatenate';
import { Dense } from './dense';
import type { LayerDef } from './define';
import { Dropout } from './dropout';
import { ELU } from './elu';
import { Flatten } from './flatten';
import { Input } from './input';
import { LeakyReLU } from './leaky-relu';
import { Maximum } from './maximum';
import { Minimum } from './minimum';
import { Multiply } from './multiply';
import { OnnxOp } from './onnx-op';
import { Permute } from './permute';
import { ReLU } from './relu';
import { RepeatVector } from './repeat-vector';
import { Reshape } from './reshape';
import { Softmax } from './softmax';
import { Subtract } from './subtract';

export const CORE_LAYERS: readonly LayerDef[] = [
  // core
  Input, Dense, Activation, Dropout,
  // reshaping
  Flatten, Reshape, Permute, RepeatVector,
  // merging
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate,
  // activation layers
  ReLU, LeakyReLU, ELU, Softmax,
  // imported ONNX operations with no layer of their own
  OnnxOp,
];
