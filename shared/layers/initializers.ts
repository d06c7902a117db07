/**
 * Weight initialisers as layer parameters. A parameter such as
 * kernel_initializer takes what Keras takes: a name ("he_normal" or
 * "HeNormal"), or Keras's serialized form as found in a Keras model config
 * ({"class_name": "HeNormal", "config": {"seed": null}}). Constant is the one
 * with a setting: {"class_name": "Constant", "config": {"value": 0.1}}.
 * Either form is read into one `Initializer`: a name, or
 * `{ name: 'constant', value }`.
 *
 * A seed in a pasted config is accepted and ignored: the project's training
 * seed decides every starting weight, so that runs agree across backends.
 */

/**
 * The initialisers the engine knows, named as in Keras. 'unit_forget_bias' is
 * Keras's LSTM bias with unit_forget_bias=True: zeros, except ones over the
 * forget gate's block (the second quarter of the gates·units vector).
 */
export type InitializerName =
  | 'glorot_uniform' | 'glorot_normal' | 'he_uniform' | 'he_normal' | 'lecun_uniform' | 'lecun_normal'
  | 'orthogonal' | 'random_uniform' | 'zeros' | 'ones' | 'unit_forget_bias';

/** Every weight starts at `value`. */
export interface ConstantInitializer {
  readonly name: 'constant';
  readonly value: number;
}

export type Initializer = InitializerName | ConstantInitializer;

/** What an initialiser parameter offers, in menu order; 'constant' also takes a value. */
export const INITIALIZER_OPTIONS = [
  'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal',
  'orthogonal', 'random_uniform', 'zeros', 'ones', 'constant',
] as const;

export type InitializerOption = (typeof INITIALIZER_OPTIONS)[number];

/** Keras's class name for each option (Keras 3 also writes Orthogonal as OrthogonalInitializer). */
export const KERAS_CLASS_NAMES: Readonly<Record<InitializerOption, string>> = {
  glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal',
  lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal', orthogonal: 'Orthogonal', random_uniform: 'RandomUniform',
  zeros: 'Zeros', ones: 'Ones', constant: 'Constant',
};

/** "HeNormal", "he_normal" → "henormal": how Keras's names and class names are matched. */
const squash = (name: string) => name.toLowerCase().replace(/_/g, '');

const BY_NAME = new Map<string, InitializerOption>([
  ...INITIALIZER_OPTIONS.map((o): [string, InitializerOption] => [squash(o), o]),
  ...INITIALIZER_OPTIONS.map((o): [string, InitializerOption] => [squash(KERAS_CLASS_NAMES[o]), o]),
  // Keras's aliases.
  ['orthogonalinitializer', 'orthogonal'], ['uniform', 'random_uniform'], ['one', 'ones'], ['zero', 'zeros'],
]);

/**
 * Settings Keras's initialiser has but Netwright's keeps at Keras's default;
 * a config may repeat the default, not change it.
 */
const FIXED: Partial<Record<InitializerOption, Record<string, number>>> = {
  orthogonal: { gain: 1 },
  random_uniform: { minval: -0.05, maxval: 0.05 },
};

/** The keys a serialized initialiser may have; Keras 3 adds module and registered_name. */
const TOP_KEYS = new Set(['class_name', 'config', 'module', 'registered_name']);

export type InitializerReading =
  | { readonly ok: true; readonly value: Initializer }
  | { readonly ok: false; readonly reason: string; readonly fix: string };

const EXAMPLE = '{"class_name": "Constant", "config": {"value": 0.1}}';
const NAMES = `Use one of ${INITIALIZER_OPTIONS.filter((o) => o !== 'constant').map((o) => `"${o}"`).join(', ')}, or Keras's form for Constant: ${EXAMPLE}.`;

const fail = (reason: string, fix: string): InitializerReading => ({ ok: false, reason, fix });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a message quotes it: JSON, except numbers JSON cannot write (NaN, Infinity). */
const quote = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Reads a parameter's raw value; a `reason` completes "<param> is not a valid initialiser: …". */
export function readInitializer(raw: unknown): InitializerReading {
  if (typeof raw === 'string') {
    const option = BY_NAME.get(squash(raw.trim()));
    if (!option) return fail(`Netwright has no initialiser called "${raw}"`, NAMES);
    // Keras's "constant" by name is Constant(value=0).
    return { ok: true, value: option === 'constant' ? { name: 'constant', value: 0 } : option };
  }
  if (!isRecord(raw) || typeof raw['class_name'] !== 'string') {
    return fail(`it must be a name such as "glorot_uniform", or Keras's {"class_name": …, "config": {…}} form, not ${quote(raw)}`, NAMES);
  }
  const className = raw['class_name'];
  const option = BY_NAME.get(squash(className));
  if (!option) return fail(`Netwright has no ${className} initialiser`, `Use one of ${Object.values(KERAS_CLASS_NAMES).join(', ')}.`);
  const extra = Object.keys(raw).find((k) => !TOP_KEYS.has(k));
  if (extra !== undefined) return fail(`a serialized initialiser has no "${extra}" key`, `Remove "${extra}": only "class_name" and "config" are read.`);
  const config = raw['config'] ?? {};
  if (!isRecord(config)) return fail(`its "config" must be an object such as {"seed": null}`, `Set "config" to an object, or remove it.`);
  return readConfig(className, option, config);
}

function readConfig(className: string, option: InitializerOption, config: Record<string, unknown>): InitializerReading {
  const fixed = FIXED[option] ?? {};
  const allowed = option === 'constant' ? ['value'] : ['seed', ...Object.keys(fixed)];
  for (const [key, v] of Object.entries(config)) {
    if (!allowed.includes(key)) {
      return fail(`${className} has no setting "${key}"`, `Remove "${key}"; ${className} takes ${allowed.map((k) => `"${k}"`).join(', ')}.`);
    }
    if (key === 'seed' && v !== null && !Number.isInteger(v)) return fail(`${className}'s seed must be a whole number or null`, 'Set "seed" to null: the project\'s training seed decides the starting weights.');
    if (key in fixed && v !== fixed[key]) {
      return fail(`Netwright's ${className} keeps ${key} at ${fixed[key]}, so it cannot be ${quote(v)}`, `Set "${key}" to ${fixed[key]} or remove it.`);
    }
  }
  if (option !== 'constant') return { ok: true, value: option };
  const value = config['value'];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(`Constant needs a finite number as its value${value === undefined ? '' : `, not ${quote(value)}`}`, `Give Constant a number such as 0.1; in a project file, ${EXAMPLE}.`);
  }
  return { ok: true, value: { name: 'constant', value } };
}

/** Keras's serialized form of an initialiser, as the inspector stores it. */
export function serializeInitializer(init: Initializer): { class_name: string; config: Record<string, unknown> } | string {
  return typeof init === 'string' ? init : { class_name: 'Constant', config: { value: init.value } };
}

/** The menu option an initialiser is shown as. */
export function initializerOption(init: Initializer): string {
  return typeof init === 'string' ? init : init.name;
}

/** Whether every weight starts at a fixed number (no random draw), such as biases. */
export function startsConstant(init: Initializer): boolean {
  return typeof init !== 'string' || init === 'zeros' || init === 'ones' || init === 'unit_forget_bias';
}
