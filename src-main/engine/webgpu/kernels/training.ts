/**
 * The training kernels: loss (value and gradient in one launch), metrics
 * (accumulated on the device, read every few steps) and the optimizer (one
 * launch over every packed trainable weight). Formulas and constants are
 * reference/kernels/training.ts's, which are Keras's.
 */
import { numel } from '../../plan/types';
import { f32, flatLaunch, u32 } from './prelude';
import { env, input, KernelError, output, type KernelGenerator, type KernelProgram, type ProgramBinding } from './types';

const EPS = 1e-7; // Keras's backend epsilon

/** Elementwise losses: WGSL statements setting `v` (the loss) and `g` (its derivative) from `p` and `t`. */
const ELEMENTWISE: Record<string, (fromLogits: boolean) => string> = {
  mean_squared_error: () => 'let d = p - t; v = d * d; g = 2.0 * d;',
  mean_absolute_error: () => 'let d = p - t; v = abs(d); g = sign(d);',
  huber: () => 'let d = p - t; if (abs(d) <= 1.0) { v = 0.5 * d * d; g = d; } else { v = abs(d) - 0.5; g = sign(d); }',
  // log cosh d = d + softplus(−2d) − ln 2 cancels badly near 0 in f32; the series is exact there.
  log_cosh: () => `let d = p - t; g = nw_tanh(d);
    if (abs(d) < 0.25) { let d2 = d * d; v = d2 * (0.5 + d2 * (-1.0 / 12.0 + d2 * (1.0 / 45.0 + d2 * (-17.0 / 2520.0)))); }
    else { v = d + nw_softplus(-2.0 * d) - ${f32(Math.LN2)}; }`,
  // Keras maps 0/1 targets to −1/+1.
  hinge: () => 'var s = t; if (t == 0.0 || t == 1.0) { s = 2.0 * t - 1.0; } if (1.0 - s * p > 0.0) { v = 1.0 - s * p; g = -s; }',
  binary_crossentropy: (fromLogits) => (fromLogits
    ? 'v = max(p, 0.0) - p * t + nw_log1p(exp(-abs(p))); g = nw_sigmoid(p) - t;'
    : `let q = clamp(p, ${f32(EPS)}, ${f32(1 - EPS)});
    v = -(t * log(q) + (1.0 - t) * log(1.0 - q));
    if (p > ${f32(EPS)} && p < ${f32(1 - EPS)}) { g = (q - t) / (q * (1.0 - q)); }`),
};

const loss: KernelGenerator = (ctx) => {
  const pred = ctx.inputs[0]!;
  const fn = String(ctx.step.arg['fn']);
  const fromLogits = ctx.step.arg['fromLogits'] === true;
  const sparse = ctx.step.arg['sparse'] === true;
  const N = pred.shape[0]!;
  const total = numel(pred.shape);
  const launch = flatLaunch(N, ctx.caps, 64);
  const bindings: ProgramBinding[] = [input('pred', 0), input('truth', 1, sparse ? 'i32' : 'f32'), output('perSample', 0), output('grad', 1)];
  const element = ELEMENTWISE[fn];
  if (element) {
    const perRow = total / N;
    return {
      label: `loss ${fn} ${N}x${perRow}`,
      bindings,
      code: `${launch.main}
  ${launch.guard}
  var acc = 0.0;
  for (var j = 0u; j < ${u32(perRow)}; j = j + 1u) {
    let k = i * ${u32(perRow)} + j;
    let p = pred[k];
    let t = truth[k];
    var v = 0.0;
    var g = 0.0;
    ${element(fromLogits)}
    acc = acc + v / ${f32(perRow)};
    grad[k] = g * ${f32(1 / total)};
  }
  perSample[i] = acc;
}`,
      workgroups: launch.workgroups,
    };
  }
  if (fn !== 'categorical_crossentropy' && fn !== 'sparse_categorical_crossentropy' && fn !== 'kl_divergence') throw new KernelError(ctx.step.origin, `loss: unknown function "${fn}"`);
  const C = pred.shape.at(-1)!;
  const rows = total / C;
  const rowsPerSample = rows / N;
  const scale = f32(1 / rows);
  const t = sparse ? 'select(0.0, 1.0, i32(c) == label)' : 'truth[z + c]';
  let row: string;
  if (fn === 'kl_divergence') {
    row = `for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
      let tc = clamp(${t}, ${f32(EPS)}, 1.0);
      let pc = clamp(pred[z + c], ${f32(EPS)}, 1.0);
      l = l + tc * log(tc / pc);
      grad[z + c] = (-tc / pc) * ${scale};
    }`;
  } else if (fromLogits) {
    row = `var m = pred[z];
    for (var c = 1u; c < ${u32(C)}; c = c + 1u) { m = max(m, pred[z + c]); }
    var s = 0.0;
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) { s = s + exp(pred[z + c] - m); }
    let lse = m + log(s);
    var tsum = 0.0;
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) { tsum = tsum + ${t}; }
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
      let tc = ${t};
      l = l - tc * (pred[z + c] - lse);
      grad[z + c] = (exp(pred[z + c] - lse) * tsum - tc) * ${scale};
    }`;
  } else {
    // Probabilities: Keras renormalises them to sum to 1, then clips.
    row = `var s = 0.0;
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) { s = s + pred[z + c]; }
    var tsum = 0.0;
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
      let tc = ${t};
      tsum = tsum + tc;
      l = l - tc * log(clamp(pred[z + c] / s, ${f32(EPS)}, ${f32(1 - EPS)}));
    }
    for (var c = 0u; c < ${u32(C)}; c = c + 1u) {
      grad[z + c] = (-(${t}) / max(pred[z + c], ${f32(EPS)}) + tsum / s) * ${scale};
    }`;
  }
  return {
    label: `loss ${fn}${fromLogits ? ' logits' : ''} ${rows}x${C}`,
    bindings,
    code: `${launch.main}
  ${launch.guard}
  var acc = 0.0;
  for (var r = i * ${u32(rowsPerSample)}; r < (i + 1u) * ${u32(rowsPerSample)}; r = r + 1u) {
    let z = r * ${u32(C)};
    ${sparse ? 'let label = truth[r];' : ''}
    var l = 0.0;
    ${row}
    acc = acc + l / ${f32(rowsPerSample)};
  }
  perSample[i] = acc;
}`,
    workgroups: launch.workgroups,
  };
};

const METRIC_THREADS = 64;

/**
 * Adds [loss sum, correct, samples, |error| sum, error² sum] into the
 * accumulator. One workgroup: each thread takes every 64th sample, then the
 * partial sums meet in workgroup memory.
 */
const metrics: KernelGenerator = (ctx) => {
  const pred = ctx.inputs[1]!;
  const task = String(ctx.step.arg['task']);
  const fromLogits = ctx.step.arg['fromLogits'] === true;
  const N = pred.shape[0]!;
  const total = numel(pred.shape);
  const C = pred.shape.at(-1)!;
  const rows = total / C;
  const rowsPerSample = rows / N;
  const perSampleValues = total / N;
  const sparse = task === 'sparse';
  let body: string;
  if (task === 'regression') {
    body = `var hit = true;
    for (var j = 0u; j < ${u32(perSampleValues)}; j = j + 1u) {
      let d = pred[n * ${u32(perSampleValues)} + j] - truth[n * ${u32(perSampleValues)} + j];
      absErr = absErr + abs(d) / ${f32(perSampleValues)};
      sqErr = sqErr + d * d / ${f32(perSampleValues)};
      hit = hit && abs(d) < 0.5;
    }
    if (hit) { correct = correct + 1.0; }`;
  } else {
    let hit: string;
    if (task === 'binary') {
      hit = `var hit = true;
      for (var c = 0u; c < ${u32(C)}; c = c + 1u) { hit = hit && ((pred[z + c] > ${f32(fromLogits ? 0 : 0.5)}) == (truth[z + c] > 0.5)); }`;
    } else {
      const label = sparse ? 'let label = u32(truth[r]);' : `var label = 0u;
      for (var c = 1u; c < ${u32(C)}; c = c + 1u) { if (truth[z + c] > truth[z + label]) { label = c; } }`;
      hit = `var best = 0u;
      for (var c = 1u; c < ${u32(C)}; c = c + 1u) { if (pred[z + c] > pred[z + best]) { best = c; } }
      ${label}
      let hit = best == label;`;
    }
    body = `for (var r = n * ${u32(rowsPerSample)}; r < (n + 1u) * ${u32(rowsPerSample)}; r = r + 1u) {
      let z = r * ${u32(C)};
      ${hit}
      if (hit) { correct = correct + ${f32(1 / rowsPerSample)}; }
    }`;
  }
  return {
    label: `metrics ${task} ${N}`,
    bindings: [input('perSample', 0), input('pred', 1), input('truth', 2, sparse ? 'i32' : 'f32'), output('acc', 0)],
    code: `var<workgroup> partial: array<vec4<f32>, ${METRIC_THREADS}>;
@compute @workgroup_size(${METRIC_THREADS})
fn main(@builtin(local_invocation_index) lid: u32) {
  var loss = 0.0;
  var correct = 0.0;
  var absErr = 0.0;
  var sqErr = 0.0;
  for (var n = lid; n < ${u32(N)}; n = n + ${u32(METRIC_THREADS)}) {
    loss = loss + perSample[n];
    ${body}
  }
  partial[lid] = vec4<f32>(loss, correct, absErr, sqErr);
  workgroupBarrier();
  if (lid == 0u) {
    var sum = vec4<f32>(0.0);
    for (var k = 0u; k < ${u32(METRIC_THREADS)}; k = k + 1u) { sum = sum + partial[k]; }
    acc[0] = acc[0] + sum.x;
    acc[1] = acc[1] + sum.y;
    acc[2] = acc[2] + ${f32(N)};
    acc[3] = acc[3] + sum.z;
    acc[4] = acc[4] + sum.w;
  }
}`,
    workgroups: [1, 1, 1],
  };
};

/** The update of one element, as WGSL over locals `p` (the weight), `g` (its gradient) and `m0`, `m1` (the state slots). */
function updateStatements(arg: Readonly<Record<string, unknown>>): string {
  const num = (k: string, fallback: number) => f32(typeof arg[k] === 'number' ? (arg[k] as number) : fallback);
  const lines: string[] = [];
  if (arg['l2']) lines.push(`g = g + ${f32(2 * (arg['l2'] as number))} * p;`);
  if (arg['l1']) lines.push(`g = g + ${num('l1', 0)} * sign(p);`);
  switch (arg['type']) {
    case 'sgd':
      if (arg['weightDecay']) lines.push(`g = g + ${num('weightDecay', 0)} * p;`);
      if (!arg['momentum']) {
        lines.push('p = p - env.lr * g;');
      } else {
        lines.push(`m0 = ${num('momentum', 0)} * m0 - env.lr * g;`);
        lines.push(arg['nesterov'] ? `p = p + ${num('momentum', 0)} * m0 - env.lr * g;` : 'p = p + m0;');
      }
      break;
    case 'adagrad':
      lines.push('m0 = m0 + g * g;', `p = p - env.lr * g / (sqrt(m0) + ${num('epsilon', EPS)});`);
      break;
    case 'rmsprop': {
      const rho = typeof arg['rho'] === 'number' ? (arg['rho'] as number) : 0.9;
      lines.push(`m0 = ${f32(rho)} * m0 + ${f32(1 - rho)} * g * g;`, `p = p - env.lr * g / (sqrt(m0) + ${num('epsilon', EPS)});`);
      break;
    }
    case 'adam':
    case 'adamw': {
      const b1 = typeof arg['beta1'] === 'number' ? (arg['beta1'] as number) : 0.9;
      const b2 = typeof arg['beta2'] === 'number' ? (arg['beta2'] as number) : 0.999;
      if (arg['type'] === 'adamw') lines.push(`p = p - env.lr * ${num('weightDecay', 0.004)} * p;`);
      lines.push(
        `m0 = ${f32(b1)} * m0 + ${f32(1 - b1)} * g;`,
        `m1 = ${f32(b2)} * m1 + ${f32(1 - b2)} * g * g;`,
        `p = p - env.lrCorrected * m0 / (sqrt(m1) + ${num('epsilon', EPS)});`,
      );
      break;
    }
    default:
      throw new Error(`unknown optimizer "${String(arg['type'])}"`);
  }
  return lines.join('\n      ');
}

/**
 * One launch per chunk of the packed trainable weights (a single chunk unless
 * they exceed the largest storage binding), four weights per invocation.
 * Padding between packed tensors holds zeros in params, grads and state
 * alike, and every rule maps a zero weight with a zero gradient and zero
 * state to zero, so it is updated harmlessly. The packed length is a
 * multiple of the storage alignment, so of four words.
 */
const optimizer: KernelGenerator = (ctx) => {
  const arg = ctx.step.arg;
  const slots = Number(arg['slots'] ?? 0);
  const words = ctx.packedWords;
  if (words === 0) return [];
  if (words % 4 !== 0) throw new KernelError(ctx.step.origin, `optimizer: the packed weights (${words} words) are not a whole number of vec4s`);
  const statements = updateStatements(arg);
  const alignWords = Math.max(4, ctx.caps.minStorageBufferOffsetAlignment / 4);
  const chunkWords = Math.max(alignWords, Math.floor(ctx.caps.maxStorageBufferBindingSize / 4 / alignWords) * alignWords);
  const programs: KernelProgram[] = [];
  const packed = (name: string, pool: 'params' | 'grads' | 'state', word: number, count: number, access: 'read' | 'read_write'): ProgramBinding => ({ name, source: { kind: 'packed', pool, word, words: count }, type: 'vec4<f32>', access });
  for (let start = 0; start < words; start += chunkWords) {
    const count = Math.min(chunkWords, words - start);
    const launch = flatLaunch(count / 4, ctx.caps, 64);
    const state = Array.from({ length: slots }, (_, s) => packed(`s${s}`, 'state', s * words + start, count, 'read_write'));
    const perComponent = (['x', 'y', 'z', 'w'] as const).map((c) => `{
      var p = pv.${c};
      var g = gv.${c};
      var m0 = ${slots > 0 ? `sv0.${c}` : '0.0'};
      var m1 = ${slots > 1 ? `sv1.${c}` : '0.0'};
      ${statements}
      pv.${c} = p;
      ${slots > 0 ? `sv0.${c} = m0;` : ''}
      ${slots > 1 ? `sv1.${c} = m1;` : ''}
    }`);
    programs.push({
      label: `optimizer ${String(arg['type'])} ${count} of ${words}`,
      bindings: [packed('params', 'params', start, count, 'read_write'), packed('grads', 'grads', start, count, 'read'), ...state, env],
      code: `${launch.main}
  ${launch.guard}
  var pv = params[i];
  let gv = grads[i];
  ${state.map((_, s) => `var sv${s} = s${s}[i];`).join('\n  ')}
  ${perComponent.join('\n  ')}
  params[i] = pv;
  ${state.map((_, s) => `s${s}[i] = sv${s};`).join('\n  ')}
}`,
      workgroups: launch.workgroups,
    });
  }
  return programs;
};

export const TRAINING_KERNELS = { loss, metrics, optimizer } as const;
