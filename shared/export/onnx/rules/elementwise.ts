/**
 * Elementwise ops: activations, unary maths and numpy-broadcast binaries.
 * They work in any layout, so a value keeps the one it arrived in; axis
 * arguments (softmax) are translated to that layout.
 *
 * Activations ONNX 17 has no single op for are composed: step is
 * Cast(x > 0), swish is x·Sigmoid(x), GELU is built from Erf (or Tanh when
 * approximate) below opset 20, which adds Gelu.
 */
import type { Op } from '../../../ir/ops';
import type { ExportContext, ExportRule, MappedOp } from '../context';
import { identity, isIdentity, type Perm, permuteData, physicalAxis, samePerm } from '../layout';
import { DataType, float } from '../proto';

/** What applying an activation needs; ExportContext provides it. */
export type Emitter = Pick<ExportContext, 'op1' | 'float32' | 'opset' | 'fail'>;

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

const SIMPLE: Partial<Record<Op, string>> = {
  neg: 'Neg', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', abs: 'Abs',
  sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu', softplus: 'Softplus', softsign: 'Softsign',
};

/**
 * Applies a unary op (an IR op with its arg) to tensor `x`; `axis` is the
 * ONNX axis for softmax and log_softmax. Returns the result's name.
 */
export function applyUnary(e: Emitter, op: Op, arg: Readonly<Record<string, unknown>>, x: string, axis = -1): string {
  const simple = SIMPLE[op];
  if (simple) return e.op1(simple, [x]);
  switch (op) {
    case 'square': return e.op1('Mul', [x, x]);
    case 'scale': return e.op1('Mul', [x, e.float32('factor', [arg['factor'] as number], [])]);
    case 'step': return e.op1('Cast', [e.op1('Greater', [x, e.float32('zero', [0], [])])], { to: DataType.FLOAT });
    case 'hard_sigmoid': return e.op1('HardSigmoid', [x], { alpha: float(1 / 6), beta: float(0.5) });
    case 'leaky_relu': return e.op1('LeakyRelu', [x], { alpha: float(arg['alpha'] as number) });
    case 'elu': return e.op1('Elu', [x], { alpha: float(arg['alpha'] as number) });
    case 'selu': return e.op1('Selu', [x], { alpha: float(SELU_ALPHA), gamma: float(SELU_GAMMA) });
    case 'swish': return e.op1('Mul', [x, e.op1('Sigmoid', [x])]);
    case 'gelu': return gelu(e, x, arg['approximate'] === true);
    case 'softmax': return e.op1('Softmax', [x], { axis });
    case 'log_softmax': return e.op1('LogSoftmax', [x], { axis });
    default: return e.fail(`"${op}" is not an elementwise op the ONNX exporter knows`);
  }
}

function gelu(e: Emitter, x: string, approximate: boolean): string {
  if (e.opset >= 20) return e.op1('Gelu', [x], { approximate: approximate ? 'tanh' : 'none' });
  const half = e.op1('Mul', [x, e.float32('half', [0.5], [])]);
  let inner: string;
  if (approximate) {
    // tanh(√(2/π)·(x + 0.044715·x³))
    const cube = e.op1('Mul', [e.op1('Mul', [x, x]), x]);
    const poly = e.op1('Add', [x, e.op1('Mul', [cube, e.float32('coefficient', [0.044715], [])])]);
    inner = e.op1('Tanh', [e.op1('Mul', [poly, e.float32('sqrt_2_over_pi', [Math.sqrt(2 / Math.PI)], [])])]);
  } else {
    inner = e.op1('Erf', [e.op1('Mul', [x, e.float32('inv_sqrt2', [Math.SQRT1_2], [])])]);
  }
  return e.op1('Mul', [half, e.op1('Add', [inner, e.float32('one', [1], [])])]);
}

const unaryRule: ExportRule = (ctx) => {
  const perm = ctx.perm(0);
  const rawAxis = ctx.node.arg['axis'];
  const axis = typeof rawAxis === 'number' ? physicalAxis(perm, rawAxis) : -1;
  ctx.define(applyUnary(ctx, ctx.node.op, ctx.node.arg, ctx.input(0), axis), perm);
};

const BINARY: Partial<Record<Op, string>> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', maximum: 'Max', minimum: 'Min' };

/**
 * Both operands in one layout. A tensor of the output's rank keeps its
 * layout; a weight broadcast against it is stored already rearranged; any
 * other mix falls back to the IR's own order.
 */
const binaryRule: ExportRule = (ctx) => {
  const rank = ctx.node.shape.length;
  const [a, b] = [0, 1].map((i) => ({ i, id: ctx.node.src[i]!, rank: ctx.irNode(ctx.node.src[i]!).shape.length, perm: ctx.perm(i), constant: ctx.constant(i) }));
  const full = [a!, b!].filter((o) => !o.constant && o.rank === rank);
  let perm: Perm = full[0]?.perm ?? identity(rank);
  if ([a!, b!].some((o) => !o.constant && o.rank !== rank)) perm = identity(rank);
  const operand = (o: typeof a) => {
    if (!o!.constant || isIdentity(perm) || samePerm(perm, o!.perm)) return ctx.input(o!.i, o!.rank === rank ? perm : undefined);
    // A weight broadcast against a rearranged tensor: pad its shape to full rank, then rearrange it the same way.
    const c = o!.constant;
    const padded = [...Array<number>(rank - c.shape.length).fill(1), ...c.shape];
    return ctx.initializer(c.name, perm.map((p) => padded[p]!), permuteData(c.data, padded, perm));
  };
  ctx.define(ctx.op1(BINARY[ctx.node.op]!, [operand(a), operand(b)]), perm);
};

const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'square', 'abs', 'scale', 'step', 'sigmoid', 'hard_sigmoid', 'tanh', 'relu',
  'leaky_relu', 'elu', 'selu', 'gelu', 'swish', 'softplus', 'softsign', 'softmax', 'log_softmax',
] as const satisfies readonly MappedOp[];

export const ELEMENTWISE_RULES = {
  ...(Object.fromEntries(UNARY_OPS.map((op) => [op, unaryRule])) as Record<(typeof UNARY_OPS)[number], ExportRule>),
  add: binaryRule,
  sub: binaryRule,
  mul: binaryRule,
  div: binaryRule,
  maximum: binaryRule,
  minimum: binaryRule,
} satisfies Partial<Record<MappedOp, ExportRule>>;
