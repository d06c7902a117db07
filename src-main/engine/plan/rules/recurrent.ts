/** Forward and gradient rules for the recurrent ops. */
import type { RuleFamily } from '../builder';

export const RECURRENT_RULES: RuleFamily = { forward: {}, grad: {} };
