/** Every kernel of the plan, on the CPU. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';
import { matmul, matmul_at } from './algebra';
import { binary, copy, reduce, reduce_grad, softmax, softmax_grad, unary, unary_grad } from './elementwise';
import { loss, metrics, optimizer } from './training';

export const REFERENCE_KERNELS: Partial<Record<Kernel, RefKernel>> = {
  matmul, matmul_at, unary, unary_grad, binary, copy, reduce, reduce_grad, softmax, softmax_grad, loss, metrics, optimizer,
};
