/** Convolution, pooling, padding and resampling layers. */
import { Conv2D } from './conv2d';
import type { LayerDef } from './define';

export const CONVOLUTION_LAYERS: readonly LayerDef[] = [Conv2D];
