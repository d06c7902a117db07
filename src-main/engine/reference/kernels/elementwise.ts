/** Reference elementwise ops, reductions and softmax. */
import { UNARY_FNS } from './activation-math';
import { broadcastIndex, strides, type RefKernel, type RefTensor } from '../tensor';

export const unary: RefKernel = ([x], [y], arg) => {
  const fn = UNARY_FNS[arg['fn']]!;
  for (let i = 0; i < x!.data.length; i++) y!.data[i] = fn.f(x!.data[i]!, arg);
};

export const unary_grad: RefKernel = ([dy, x, y], [dx], arg) => {
  const fn = UNARY_FNS[arg['fn']]!;
  for (let i = 0; i < dy!.data.length; i++) dx!.data[i] = dy!.data[i]! * fn.df(x!.data[i]!, y!.data[i]!, arg);
};

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  ge: (a, b) => (a >= b ? 1 : 0),
};

export const binary: RefKernel = ([a, b], [y], arg) => {
  const fn = BINARY[arg['fn']]!;
  for (let i = 0; i < y!.data.length; i++) y!.data[i] = fn(a!.data[broadcastIndex(i, y!.shape, a!.shape)]!, b!.data[broadcastIndex(i, y!.shape, b!.shape)]!);
};

export const copy: RefKernel = ([x], [y]) => y!.data.set(x!.data);

/** For each input element, the flat index of the output element it reduces into. */
function reducedIndex(x: RefTensor, axes: readonly number[]): (i: number) => number {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = strides(kept);
  return (flat) => {
    let out = 0;
    for (let i = x.shape.length - 1; i >= 0; i--) {
      const coord = flat % x.shape[i]!;
      flat = Math.floor(flat / x.shape[i]!);
      if (!axes.includes(i)) out += coord * keptStrides[i]!;
    }
    return out;
  };
}

export const reduce: RefKernel = ([x], [y], arg) => {
  const axes: number[] = arg['axes'];
  const at = reducedIndex(x!, axes);
  const count = axes.reduce((n, a) => n * x!.shape[a]!, 1);
  y!.data.fill(arg['fn'] === 'max' ? -Infinity : 0);
  for (let i = 0; i < x!.data.length; i++) {
    const o = at(i);
    y!.data[o] = arg['fn'] === 'max' ? Math.max(y!.data[o]!, x!.data[i]!) : y!.data[o]! + x!.data[i]!;
  }
  if (arg['fn'] === 'mean') for (let o = 0; o < y!.data.length; o++) y!.data[o]! /= count;
};

export const reduce_grad: RefKernel = ([dy, x, y], [dx], arg) => {
  const axes: number[] = arg['axes'];
  const at = reducedIndex(x!, axes);
  const count = axes.reduce((n, a) => n * x!.shape[a]!, 1);
  for (let i = 0; i < x!.data.length; i++) {
    const o = at(i);
    const g = dy!.data[o]!;
    dx!.data[i] = arg['fn'] === 'sum' ? g : arg['fn'] === 'mean' ? g / count : x!.data[i] === y!.data[o] ? g : 0;
  }
};

export const softmax: RefKernel = ([x], [y], arg) => {
  const C = x!.shape.at(-1)!;
  for (let r = 0; r < x!.data.length / C; r++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, x!.data[r * C + c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(x!.data[r * C + c]! - max);
    for (let c = 0; c < C; c++) {
      const z = x!.data[r * C + c]! - max;
      y!.data[r * C + c] = arg['log'] ? z - Math.log(sum) : Math.exp(z) / sum;
    }
  }
};

export const softmax_grad: RefKernel = ([dy, y], [dx], arg) => {
  const C = y!.shape.at(-1)!;
  for (let r = 0; r < y!.data.length / C; r++) {
    let dot = 0;
    for (let c = 0; c < C; c++) dot += arg['log'] ? dy!.data[r * C + c]! : dy!.data[r * C + c]! * y!.data[r * C + c]!;
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      dx!.data[i] = arg['log'] ? dy!.data[i]! - Math.exp(y!.data[i]!) * dot : y!.data[i]! * (dy!.data[i]! - dot);
    }
  }
};
