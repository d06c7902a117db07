/**
 * Between what a person types in a parameter field and the value stored in
 * the document. Parsing is lenient about notation ("3, 3", "3x3", "[3, 3]")
 * and strict about meaning: the result is checked with the same parseParams
 * the compiler uses, so the field's message and the compiler's agree.
 */
import { parseParams, type ParamSpec } from '../../../shared/layers';
import { initializerOption, readInitializer, serializeInitializer } from '../../../shared/layers/initializers';
import type { InitializerSpec } from '../../../shared/layers/params';

/** What a stored value looks like in a text field. */
export function formatParam(spec: ParamSpec, value: unknown): string {
  if (spec.kind === 'json') return value === undefined || value === null ? '' : JSON.stringify(value);
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (spec.kind === 'layer') return '';
  return String(value);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function parseNumber(text: string): number | string {
  return NUMBER.test(text) ? Number(text) : text;
}

/** One number box: undefined when empty, the text itself when it is not a number. */
export function parseNumberText(text: string): number | string | undefined {
  const t = text.trim();
  return t === '' ? undefined : parseNumber(t);
}

/** A list of numbers in any of the usual notations; the raw text when some item is not a number. */
function parseList(text: string): number[] | string {
  const items = text.replace(/^\[|\]$/g, '').split(/\s*[,×x*\s]\s*/i).filter((s) => s !== '');
  const numbers = items.map(parseNumber);
  return numbers.every((n) => typeof n === 'number') ? (numbers as number[]) : text;
}

/**
 * The value a field's text stands for. `undefined` (an empty field, where the
 * parameter has a default) means "use the default". Text that is not even the
 * right sort of value comes back as the string, for parseParams to reject
 * with its message.
 */
export function parseParamText(spec: ParamSpec, text: string): unknown {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
    case 'float':
      return t === '' ? undefined : parseNumber(t);
    case 'ints': {
      if (t === '') return undefined;
      const list = parseList(t);
      return Array.isArray(list) && list.length === 1 ? list[0] : list;
    }
    case 'shape':
      return t === '' ? undefined : parseList(t);
    case 'intList':
      return t === '' ? null : parseList(t);
    case 'json':
      // JSON text (an OnnxOp's attributes); text that is not JSON comes back as is, for parseParams to reject.
      if (t === '') return undefined;
      try {
        return JSON.parse(t) as unknown;
      } catch {
        return t;
      }
    default:
      return t;
  }
}

export interface FieldIssue {
  readonly message: string;
  readonly fix: string;
}

/** What is wrong with `value` for this parameter, in the compiler's words; null when it is fine. */
export function checkParam(name: string, spec: ParamSpec, value: unknown): FieldIssue | null {
  if (value === undefined) return null;
  const issue = parseParams({ [name]: spec }, { [name]: value }).issues[0];
  return issue ? { message: issue.message, fix: issue.fix } : null;
}

/**
 * What an initialiser field shows for a stored value: the menu option, and
 * Constant's value as a number and as the value box's text. A Constant whose
 * value is wrong still shows as Constant, with what was stored, so it can be
 * corrected; any other value that does not read shows the default's option.
 * checkParam says what is wrong in both cases.
 */
export function initializerShown(spec: InitializerSpec, stored: unknown): { option: string; constant: number | undefined; text: string } {
  const reading = readInitializer(stored === undefined ? spec.default : stored);
  if (reading.ok) {
    const init = reading.value;
    return typeof init === 'string' ? { option: initializerOption(init), constant: undefined, text: '' } : { option: 'constant', constant: init.value, text: String(init.value) };
  }
  if (isConstant(stored)) {
    const raw = stored.config?.value;
    return { option: 'constant', constant: undefined, text: raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw) };
  }
  return { option: initializerOption(spec.default), constant: undefined, text: '' };
}

function isConstant(v: unknown): v is { class_name: string; config?: { value?: unknown } } {
  return typeof v === 'object' && v !== null && String((v as { class_name?: unknown }).class_name).toLowerCase() === 'constant';
}

/**
 * The stored value for a menu option: the name, or Keras's serialized
 * Constant, starting from the value it had (Keras's 0 for a new one).
 */
export function chooseInitializer(option: string, constant: number | undefined): unknown {
  return option === 'constant' ? serializeInitializer({ name: 'constant', value: constant ?? 0 }) : option;
}

/** The stored value for what is typed in Constant's value box; parseParams rejects one that is not a number. */
export function constantFromText(text: string): unknown {
  const value = parseNumberText(text);
  return { class_name: 'Constant', config: value === undefined ? {} : { value } };
}

/** "kernel_size" → "kernel size". */
export function paramLabel(name: string): string {
  return name.replace(/_/g, ' ');
}
