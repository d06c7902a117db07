/** Forward and gradient rules for the conv ops. */
import type { RuleFamily } from '../builder';

export const CONV_RULES: RuleFamily = { forward: {}, grad: {} };
