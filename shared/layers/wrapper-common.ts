/**
 * What Bidirectional and TimeDistributed share: finding the wrapped layer's
 * definition and checking its parameters the way the compiler checks a
 * layer's own, so a bad inner parameter is reported on the wrapper with the
 * inner parameter's name.
 */
import { ShapeRuleError, type LayerDef, type LowerContext } from './define';
import { parseParams, type InnerLayer, type ParamSpecs, type ParamValues } from './params';

export interface Wrapped {
  readonly def: LayerDef;
  readonly values: ParamValues<ParamSpecs>;
}

export function resolveWrapped(wrapper: string, allowed: readonly LayerDef[], inner: InnerLayer): Wrapped {
  const def = allowed.find((d) => d.type === inner.type);
  if (!def) {
    throw new ShapeRuleError('NW030', `${wrapper} can wrap ${allowed.map((d) => d.type).join(', ')}, but it is given ${JSON.stringify(inner.type)}.`, undefined, 'layer');
  }
  const { values, issues } = parseParams(def.params, inner.params);
  const issue = issues[0];
  if (issue) {
    throw new ShapeRuleError(issue.unknown ? 'NW012' : 'NW011', `In the ${def.type} inside ${wrapper}: ${issue.message}`, issue.fix, 'layer');
  }
  return { def, values };
}

/** The context the inner layer lowers with: its weights are looked up under `prefix`. */
export function prefixedContext(ctx: LowerContext, prefix: string): LowerContext {
  return {
    ir: ctx.ir,
    weight: (name) => ctx.weight(prefix + name),
    emit: (op, src, shape, arg, dtype) => ctx.emit(op, src, shape, arg, dtype),
    activation: (x, name) => ctx.activation(x, name),
    shapeOf: (x) => ctx.shapeOf(x),
    keepOnnxOps: ctx.keepOnnxOps,
  };
}
