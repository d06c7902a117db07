/**
 * ONNX export (and, in import.ts, import). Pure TypeScript: the app, the
 * CLI and the web build all call it; getting the weights is the caller's job.
 */
export { buildOnnxModel, exportOnnx, DEFAULT_OPSET, MIN_OPSET, MAX_OPSET, irVersionFor, type OnnxExportOptions } from './export';
export { OnnxExportError } from './context';
export { onnx } from './proto';
export type { IModelProto, IGraphProto, INodeProto, ITensorProto, IValueInfoProto } from './proto';
export { importOnnx, importOnnxGraph, decodeModel, OnnxImportError, type ImportOptions, type ImportResult, type ImportedInput, type ExternalReader } from './import';
