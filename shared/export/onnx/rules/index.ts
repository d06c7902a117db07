/**
 * The export rule table, keyed by IR op and merged from one file per op
 * family. Its type makes it total: an op added to shared/ir/ops.ts without an
 * ONNX rule fails to compile here.
 */
import type { ExportRule, MappedOp } from '../context';
import { ELEMENTWISE_RULES } from './elementwise';
import { LAYOUT_RULES } from './layout';
import { LINEAR_RULES } from './linear';
import { NORM_RULES } from './norm';
import { ONNX_OP_RULES } from './onnx-op';
import { RECURRENT_RULES } from './recurrent';
import { WINDOW_RULES } from './window';

export const EXPORT_RULES: Readonly<Record<MappedOp, ExportRule>> = {
  ...ELEMENTWISE_RULES,
  ...LINEAR_RULES,
  ...WINDOW_RULES,
  ...NORM_RULES,
  ...LAYOUT_RULES,
  ...RECURRENT_RULES,
  ...ONNX_OP_RULES,
};
