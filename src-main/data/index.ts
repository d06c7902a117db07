/**
 * Datasets for training: built-ins (logic gates, 2-D toy sets, Iris, a sine
 * wave, word reversal, MNIST, Fashion-MNIST) and readers for CSV, NPY, IDX
 * and image folders. Start with loadDataset.
 */
export { BUILTINS, findBuiltin } from './builtins';
export { downloadDataset, downloadFiles, REMOTE_DATASETS, type DownloadOptions, type RemoteDataset, type RemoteName } from './download';
export { DataError } from './errors';
export { decodeImage, resizeArea, toChannels } from './image';
export { encodeIdx, parseIdx, readIdxFile, type IdxArray } from './idx';
export { loadDataset, type LoadOptions } from './load';
export { defaultPaths, type DataPaths } from './locations';
export { applyStandardization, fitStandardization, scaleBytes, type Standardization } from './normalize';
export { encodeNpy, parseNpy, readNpyFile, type NpyArray } from './npy';
export { shuffled, splitOff } from './splits';
export { count, type Dataset, type DatasetInfo, type Preprocessing, type Split, type Task, type TensorData } from './types';
