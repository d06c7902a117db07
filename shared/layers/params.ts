/**
 * Parameter specs for layers. Each spec carries what the inspector needs to
 * draw a typed form (kind, range, choices, default, help text) and a zod
 * schema that does the actual validation. Names and defaults follow Keras.
 */
import { z } from 'zod';
import { INITIALIZER_OPTIONS, readInitializer, type Initializer, type InitializerName, type InitializerOption } from './initializers';

interface SpecBase<T> {
  readonly default: T;
  readonly doc: string;
  readonly schema: z.ZodType<T>;
  /** A sentence saying which values are allowed, used in error messages. */
  readonly expects: string;
}

export interface IntSpec extends SpecBase<number> { readonly kind: 'int'; readonly min?: number; readonly max?: number }
export interface FloatSpec extends SpecBase<number> { readonly kind: 'float'; readonly min?: number; readonly max?: number; readonly exclusiveMin?: boolean; readonly exclusiveMax?: boolean }
export interface BoolSpec extends SpecBase<boolean> { readonly kind: 'bool' }
export interface ChoiceSpec<T extends string = string> extends SpecBase<T> { readonly kind: 'choice'; readonly options: readonly T[] }
export interface IntsSpec extends SpecBase<number[]> { readonly kind: 'ints'; readonly length: number; readonly min: number }
export interface ShapeSpec extends SpecBase<number[]> { readonly kind: 'shape'; readonly allowInfer: boolean }
export interface IntListSpec extends SpecBase<number[] | null> { readonly kind: 'intList' }
/** A short piece of text, such as an ONNX op's name. */
export interface TextSpec extends SpecBase<string> { readonly kind: 'text' }
/** A free-form JSON value (ONNX attributes, an op's input list), checked by the layer's own schema. */
export interface JsonSpec<T = unknown> extends SpecBase<T> { readonly kind: 'json' }
/** A wrapped layer (Bidirectional, TimeDistributed): `{ type, params }`. */
export interface LayerSpec extends SpecBase<InnerLayer> { readonly kind: 'layer'; readonly allowed: readonly string[] }
/** A weight initialiser: a Keras name, or Keras's serialized form such as Constant with its value (initializers.ts). */
export interface InitializerSpec extends SpecBase<Initializer> { readonly kind: 'initializer'; readonly options: readonly InitializerOption[] }

export interface InnerLayer {
  type: string;
  params: Record<string, unknown>;
}

export type ParamSpec = IntSpec | FloatSpec | BoolSpec | ChoiceSpec | IntsSpec | ShapeSpec | IntListSpec | TextSpec | JsonSpec | LayerSpec | InitializerSpec;
export type ParamSpecs = Record<string, ParamSpec>;

/** The parameter values a spec record describes, as the layer's functions receive them. */
export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: S[K]['default'] };

type Opts<T> = { default: T; doc: string };

export function int(o: Opts<number> & { min?: number; max?: number }): IntSpec {
  let schema = z.number().int();
  if (o.min !== undefined) schema = schema.min(o.min);
  if (o.max !== undefined) schema = schema.max(o.max);
  const expects = `a whole number${range(o.min, o.max)}`;
  return { kind: 'int', ...o, schema, expects };
}

export function float(o: Opts<number> & { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }): FloatSpec {
  let schema = z.number().finite();
  if (o.min !== undefined) schema = o.exclusiveMin ? schema.gt(o.min) : schema.min(o.min);
  if (o.max !== undefined) schema = o.exclusiveMax ? schema.lt(o.max) : schema.max(o.max);
  const lo = o.min === undefined ? '' : `${o.exclusiveMin ? 'above' : 'at least'} ${o.min}`;
  const hi = o.max === undefined ? '' : `${o.exclusiveMax ? 'below' : 'at most'} ${o.max}`;
  const expects = `a number${lo || hi ? ' ' + [lo, hi].filter(Boolean).join(' and ') : ''}`;
  return { kind: 'float', ...o, schema, expects };
}

export function bool(o: Opts<boolean>): BoolSpec {
  return { kind: 'bool', ...o, schema: z.boolean(), expects: 'true or false' };
}

export function choice<const T extends string>(options: readonly T[], o: Opts<NoInfer<T>>): ChoiceSpec<T> {
  const schema = z.enum(options as [T, ...T[]]) as unknown as z.ZodType<T>;
  return { kind: 'choice', options, ...o, schema, expects: `one of ${options.map((x) => `"${x}"`).join(', ')}` };
}

/**
 * A fixed-length tuple of positive whole numbers such as `kernel_size`.
 * As in Keras, a single number stands for the same value on every axis.
 */
export function ints(length: number, o: Opts<number[]> & { min?: number }): IntsSpec {
  const min = o.min ?? 1;
  const item = z.number().int().min(min);
  const schema = z
    .union([item, z.array(item).length(length)])
    .transform((v) => (typeof v === 'number' ? Array<number>(length).fill(v) : v)) as unknown as z.ZodType<number[]>;
  const what = min === 0 ? 'whole numbers of 0 or more' : 'positive whole numbers';
  return { kind: 'ints', length, min, ...o, schema, expects: `a whole number or a list of ${length} ${what}` };
}

/** A tensor shape without the batch dimension; Reshape may use one -1. */
export function shape(o: Opts<number[]> & { allowInfer?: boolean }): ShapeSpec {
  const allowInfer = o.allowInfer ?? false;
  const dim = allowInfer ? z.number().int().refine((d) => d === -1 || d > 0) : z.number().int().min(1);
  let schema = z.array(dim).min(1).max(6);
  if (allowInfer) schema = schema.refine((s) => s.filter((d) => d === -1).length <= 1);
  const expects = `a list of 1 to 6 positive whole numbers${allowInfer ? ' (one of them may be -1)' : ''}, e.g. [28, 28]`;
  return { kind: 'shape', allowInfer, ...o, schema, expects };
}

/** An optional list of whole numbers, e.g. LayerNormalization's axes. */
export function intList(o: Opts<number[] | null>): IntListSpec {
  const schema = z.array(z.number().int()).min(1).nullable();
  return { kind: 'intList', ...o, schema, expects: 'a list of whole numbers, or null' };
}

/** Text matching `pattern`; `expects` says in words what that allows. */
export function text(o: Opts<string> & { pattern?: RegExp; expects?: string }): TextSpec {
  const schema = o.pattern ? z.string().regex(o.pattern) : z.string();
  return { kind: 'text', default: o.default, doc: o.doc, schema, expects: o.expects ?? 'a piece of text' };
}

/**
 * Any JSON value the given zod schema accepts, for structured parameters no
 * other kind describes. The default must satisfy the schema.
 */
export function json<T>(schema: z.ZodType<T>, o: Opts<NoInfer<T>> & { expects: string }): JsonSpec<T> {
  return { kind: 'json', default: o.default, doc: o.doc, schema, expects: o.expects };
}

export function layer(allowed: readonly string[], o: Opts<InnerLayer>): LayerSpec {
  const schema = z.object({ type: z.enum(allowed as [string, ...string[]]), params: z.record(z.string(), z.unknown()).default({}) }).strict();
  return { kind: 'layer', allowed, ...o, schema: schema as unknown as z.ZodType<InnerLayer>, expects: `a layer of type ${allowed.join(', ')}` };
}

/**
 * A weight initialiser such as kernel_initializer. Values are read by
 * readInitializer, whose reason for a rejection becomes the parameter's
 * error message (a custom zod issue carrying its fix).
 */
export function initializer(o: Opts<InitializerName>): InitializerSpec {
  const schema = z.unknown().transform((raw, ctx): Initializer => {
    const reading = readInitializer(raw);
    if (reading.ok) return reading.value;
    ctx.addIssue({ code: 'custom', message: `is not a valid initialiser: ${reading.reason}`, params: { fix: reading.fix } });
    return z.NEVER;
  });
  const expects = 'an initialiser\'s name, such as "glorot_uniform", or Keras\'s form, such as {"class_name": "Constant", "config": {"value": 0.1}}';
  return { kind: 'initializer', options: INITIALIZER_OPTIONS, default: o.default, doc: o.doc, schema, expects };
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

export interface ParamIssue {
  readonly param: string;
  readonly message: string;
  readonly fix: string;
  readonly unknown?: boolean;
}

/**
 * Checks raw parameters against specs. Missing values take their defaults;
 * unknown names and bad values are reported, never silently dropped.
 */
export function parseParams<S extends ParamSpecs>(specs: S, raw: Readonly<Record<string, unknown>>): { values: ParamValues<S>; issues: ParamIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: ParamIssue[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (!(name in raw) || raw[name] === undefined) {
      values[name] = clone(spec.default);
      continue;
    }
    const result = spec.schema.safeParse(raw[name]);
    if (result.success) values[name] = result.data;
    else {
      values[name] = clone(spec.default);
      issues.push(badValue(name, spec, raw[name], result.error.issues));
    }
  }
  for (const name of Object.keys(raw)) {
    if (!(name in specs)) {
      const known = Object.keys(specs);
      issues.push({
        param: name,
        unknown: true,
        message: `This layer has no parameter called "${name}".`,
        fix: known.length ? `Remove "${name}" or use one of: ${known.join(', ')}.` : `Remove "${name}"; this layer takes no parameters.`,
      });
    }
  }
  return { values: values as ParamValues<S>, issues };
}

/**
 * The issue for a rejected value. A spec whose schema explains itself (a
 * custom zod issue with a `fix`, its message continuing the parameter's
 * name) gets its own words; others say what the spec expects.
 */
function badValue(name: string, spec: ParamSpec, value: unknown, zodIssues: readonly z.core.$ZodIssue[]): ParamIssue {
  const custom = zodIssues.find((i) => i.code === 'custom');
  const fix = custom?.code === 'custom' ? custom.params?.['fix'] : undefined;
  if (custom && typeof fix === 'string') return { param: name, message: `"${name}" ${custom.message}.`, fix };
  return { param: name, message: `"${name}" is ${JSON.stringify(value)}, but it must be ${spec.expects}.`, fix: `Set "${name}" to ${spec.expects}, for example ${JSON.stringify(spec.default)}.` };
}

/** Defaults are plain JSON values; copy them so no layer shares a mutable default. */
function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
