/** Reference kernels for the conv family. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';

export const CONV_KERNELS: Partial<Record<Kernel, RefKernel>> = {};
