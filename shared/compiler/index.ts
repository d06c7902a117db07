export { compile, type CompileResult, type CompileOptions } from './compile';
export { CATALOGUE, graphError, type ErrorCode, type GraphError, type Severity } from './catalogue';
export type { NodeShapes } from './infer-shapes';
export { formatSummary, summaryJson } from './summary';
