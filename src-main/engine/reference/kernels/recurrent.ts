/** Reference kernels for the recurrent family. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';

export const RECURRENT_KERNELS: Partial<Record<Kernel, RefKernel>> = {};
