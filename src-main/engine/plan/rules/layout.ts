/** Forward and gradient rules for the layout ops. */
import type { RuleFamily } from '../builder';

export const LAYOUT_RULES: RuleFamily = { forward: {}, grad: {} };
