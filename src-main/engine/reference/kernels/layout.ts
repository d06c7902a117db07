/** Reference kernels for the layout family. */
import type { Kernel } from '../../plan/kernels';
import type { RefKernel } from '../tensor';

export const LAYOUT_KERNELS: Partial<Record<Kernel, RefKernel>> = {};
