/** Every kernel of the plan, on the CPU, merged from one file per family. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';
import { matmul, matmul_at } from './algebra';
import { CONV_KERNELS } from './conv';
import { binary, copy, reduce, reduce_grad, softmax, softmax_grad, unary, unary_grad } from './elementwise';
import { LAYOUT_KERNELS } from './layout';
import { NORM_KERNELS } from './norm';
import { RECURRENT_KERNELS } from './recurrent';
import { loss, metrics, optimizer } from './training';

export const REFERENCE_KERNELS: Partial<Record<Kernel, RefKernel>> = {
  matmul, matmul_at, unary, unary_grad, binary, copy, reduce, reduce_grad, softmax, softmax_grad, loss, metrics, optimizer,
  ...CONV_KERNELS, ...LAYOUT_KERNELS, ...NORM_KERNELS, ...RECURRENT_KERNELS,
};
