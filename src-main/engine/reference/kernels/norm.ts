/** Reference kernels for the norm family. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';

export const NORM_KERNELS: Partial<Record<Kernel, RefKernel>> = {};
