/**
 * The forward and gradient rule tables, keyed by IR op, merged from one file
 * per op family.
 */
import type { RuleFamily } from '../builder';
import { CONV_RULES } from './conv';
import { ELEMENTWISE_RULES } from './elementwise';
import { LAYOUT_RULES } from './layout';
import { MATMUL_RULES } from './matmul';
import { NORM_RULES } from './norm';
import { RECURRENT_RULES } from './recurrent';

const FAMILIES: readonly RuleFamily[] = [MATMUL_RULES, ELEMENTWISE_RULES, CONV_RULES, LAYOUT_RULES, NORM_RULES, RECURRENT_RULES];

export const FORWARD_RULES: RuleFamily['forward'] = Object.assign({}, ...FAMILIES.map((f) => f.forward));
export const GRAD_RULES: RuleFamily['grad'] = Object.assign({}, ...FAMILIES.map((f) => f.grad));
