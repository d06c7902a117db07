/** Forward and gradient rules for the norm ops. */
import type { RuleFamily } from '../builder';

export const NORM_RULES: RuleFamily = { forward: {}, grad: {} };
