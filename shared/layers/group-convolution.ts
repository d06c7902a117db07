/** Convolution, pooling, padding and resampling layers. */
import { AveragePooling1D } from './average-pooling1d';
import { AveragePooling2D } from './average-pooling2d';
import { Conv1D } from './conv1d';
import { Conv2D } from './conv2d';
import { Conv2DTranspose } from './conv2d-transpose';
import type { LayerDef } from './define';
import { DepthwiseConv2D } from './depthwise-conv2d';
import { GlobalAveragePooling1D } from './global-average-pooling1d';
import { GlobalAveragePooling2D } from './global-average-pooling2d';
import { GlobalMaxPooling1D } from './global-max-pooling1d';
import { GlobalMaxPooling2D } from './global-max-pooling2d';
import { MaxPooling1D } from './max-pooling1d';
import { MaxPooling2D } from './max-pooling2d';
import { UpSampling2D } from './up-sampling2d';
import { ZeroPadding2D } from './zero-padding2d';

export const CONVOLUTION_LAYERS: readonly LayerDef[] = [
  Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D,
  MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  ZeroPadding2D, UpSampling2D,
];
