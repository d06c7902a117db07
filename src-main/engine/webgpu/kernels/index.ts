/**
 * Every WebGPU kernel, merged from one file per family, as the reference
 * backend's kernels are (reference/kernels/index.ts).
 *
 * Adding a family (conv, say): write `kernels/conv.ts` exporting
 * `CONV_KERNELS: Partial<Record<Kernel, KernelGenerator>>`, where each
 * generator takes a KernelContext (the step, its tensors' static shapes, the
 * device's caps) and returns one or more KernelPrograms: WGSL code ending in
 * `fn main`, the bindings it declares (the composer writes their
 * declarations and adds the prelude snippets the code calls), and the
 * workgroup counts. Bake shapes in as constants; `flatLaunch` gives a 1-D
 * launch that respects the per-dimension workgroup limit. Then test each
 * kernel against its reference in kernels.test.ts's table.
 */
import type { Kernel } from '../../plan/kernels';
import { CONV_KERNELS } from './conv';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { LAYOUT_KERNELS } from './layout';
import { MATMUL_KERNELS } from './matmul';
import { NORM_KERNELS } from './norm';
import { RECURRENT_KERNELS } from './recurrent';
import { REDUCE_KERNELS } from './reduce';
import { TRAINING_KERNELS } from './training';
import type { KernelGenerator } from './types';

export const WEBGPU_KERNELS: Partial<Record<Kernel, KernelGenerator>> = {
  ...MATMUL_KERNELS, ...ELEMENTWISE_KERNELS, ...REDUCE_KERNELS, ...TRAINING_KERNELS,
  ...CONV_KERNELS, ...LAYOUT_KERNELS, ...NORM_KERNELS, ...RECURRENT_KERNELS,
};

export type { DeviceCaps, KernelContext, KernelGenerator, KernelProgram, ProgramBinding } from './types';
