/**
 * The forward and gradient rule tables, keyed by IR op, merged from one file
 * per op family.
 */
import type { RuleFamily } from '../builder';
import { ELEMENTWISE_RULES } from './elementwise';
import { MATMUL_RULES } from './matmul';

const FAMILIES: readonly RuleFamily[] = [MATMUL_RULES, ELEMENTWISE_RULES];

export const FORWARD_RULES: RuleFamily['forward'] = Object.assign({}, ...FAMILIES.map((f) => f.forward));
export const GRAD_RULES: RuleFamily['grad'] = Object.assign({}, ...FAMILIES.map((f) => f.grad));
