/**
 * One parameter's form field, chosen by its spec's kind: a number box with its
 * range, a checkbox, a menu of choices, one box per axis for tuples such as
 * kernel_size, a list box for shapes, a menu of initialisers with a value box
 * for Constant, or a whole nested form for the layer a wrapper
 * (Bidirectional, TimeDistributed) holds. A value is stored only once
 * it is valid; until then the field keeps what was typed and says what is
 * wrong, in the compiler's words.
 */
import { useId, useState } from 'react';
import { getLayer, type ParamSpec } from '../../../shared/layers';
import type { InitializerSpec, InnerLayer, IntsSpec, LayerSpec } from '../../../shared/layers/params';
import { checkParam, chooseInitializer, constantFromText, formatParam, initializerShown, paramLabel, parseNumberText, parseParamText, type FieldIssue } from './param-text';
import { draftKeys } from '../ui/draft-keys';

export interface FieldProps<S extends ParamSpec = ParamSpec> {
  readonly name: string;
  readonly spec: S;
  /** As stored in the document; undefined when the default applies. */
  readonly value: unknown;
  /** Stores a value; undefined resets to the default. */
  onChange(value: unknown): void;
}

function rangeHint(spec: ParamSpec): string | null {
  if (spec.kind !== 'int' && spec.kind !== 'float') return null;
  const lo = spec.min;
  const hi = spec.kind === 'int' && spec.max !== undefined && spec.max >= 1 << 20 ? undefined : spec.max;
  if (lo === undefined && hi === undefined) return null;
  if (lo !== undefined && hi !== undefined) return `${lo} to ${hi}`;
  return lo !== undefined ? `≥ ${lo}` : `≤ ${hi}`;
}

function Issue({ issue }: { issue: FieldIssue | null }) {
  if (!issue) return null;
  return (
    <div className="field__issue" role="alert" data-testid="field-issue">
      {issue.message}
      <div className="field__fix">{issue.fix}</div>
    </div>
  );
}

/**
 * A text box whose draft stays while it is wrong. The draft is dropped on
 * blur, so the box shows the stored value again (undo changes it too).
 */
function TextField({ name, spec, value, onChange, id, placeholder, width }: FieldProps & { id: string; placeholder: string; width?: 'narrow' }) {
  const [draft, setDraft] = useState<string | null>(null);
  // An unset parameter shows its default: that is the value the layer uses.
  const text = draft ?? formatParam(spec, value === undefined ? spec.default : value);
  const parsed = draft === null ? value : parseParamText(spec, draft);
  const issue = checkParam(name, spec, parsed);
  return (
    <>
      <input
        id={id}
        className={`field__input${width ? ` field__input--${width}` : ''}${issue ? ' invalid' : ''}`}
        type="text"
        inputMode={spec.kind === 'float' || spec.kind === 'int' ? 'decimal' : 'text'}
        spellCheck={false}
        autoComplete="off"
        value={text}
        placeholder={placeholder}
        aria-invalid={issue ? true : undefined}
        data-testid={`param-${name}`}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = parseParamText(spec, e.target.value);
          if (!checkParam(name, spec, next)) onChange(next);
        }}
        {...draftKeys(setDraft)}
      />
      <Issue issue={issue} />
    </>
  );
}

/** One box per axis: kernel_size [3] × [3]. */
function TupleField({ name, spec, value, onChange, id }: FieldProps<IntsSpec> & { id: string }) {
  const stored = value === undefined ? spec.default : value;
  const axes = Array.isArray(stored) ? stored : Array<unknown>(spec.length).fill(stored);
  const [drafts, setDrafts] = useState<(string | null)[]>(() => Array<string | null>(spec.length).fill(null));
  const texts = axes.map((v, i) => drafts[i] ?? String(v));
  const parsed = texts.map(parseNumberText);
  // An empty axis is not a value: check the text, which parseParams rejects with its message.
  const candidate = parsed.some((p) => p === undefined) ? texts.join(', ') : parsed;
  const issue = checkParam(name, spec, candidate);
  return (
    <>
      <div className="field__tuple">
        {texts.map((t, i) => (
          <span key={i} className="field__axis">
            {i > 0 && <span className="field__times">×</span>}
            <input
              id={i === 0 ? id : undefined}
              className={`field__input field__input--axis${issue ? ' invalid' : ''}`}
              type="text"
              inputMode="numeric"
              aria-label={`${paramLabel(name)}, axis ${i + 1}`}
              data-testid={`param-${name}-${i}`}
              value={t}
              onChange={(e) => {
                const nextDrafts = texts.map((x, j) => (j === i ? e.target.value : drafts[j] ?? null));
                setDrafts(nextDrafts);
                const next = nextDrafts.map((d, j) => (d === null ? axes[j] : parseNumberText(d)));
                if (!next.includes(undefined) && !checkParam(name, spec, next)) onChange(next);
              }}
              onBlur={() => setDrafts(Array<string | null>(spec.length).fill(null))}
            />
          </span>
        ))}
      </div>
      <Issue issue={issue} />
    </>
  );
}

/**
 * A weight initialiser: the menu of Keras's names and, once Constant is
 * chosen, a box for its value. The document stores a name, or Keras's
 * {"class_name": "Constant", "config": {"value": …}}.
 */
function InitializerField({ name, spec, value, onChange, id }: FieldProps<InitializerSpec> & { id: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = initializerShown(spec, value);
  const issue = checkParam(name, spec, draft === null ? value : constantFromText(draft));
  return (
    <>
      <div className="field__initializer">
        <select
          id={id}
          className={`field__input${issue && shown.option !== 'constant' ? ' invalid' : ''}`}
          data-testid={`param-${name}`}
          value={shown.option}
          onChange={(e) => {
            setDraft(null);
            onChange(chooseInitializer(e.target.value, shown.constant));
          }}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {shown.option === 'constant' && (
          <input
            className={`field__input field__input--value${issue ? ' invalid' : ''}`}
            type="text"
            inputMode="decimal"
            spellCheck={false}
            autoComplete="off"
            aria-label={`${paramLabel(name)}, constant value`}
            aria-invalid={issue ? true : undefined}
            placeholder="value"
            data-testid={`param-${name}-value`}
            value={draft ?? shown.text}
            onChange={(e) => {
              setDraft(e.target.value);
              const next = constantFromText(e.target.value);
              if (!checkParam(name, spec, next)) onChange(next);
            }}
            {...draftKeys(setDraft)}
          />
        )}
      </div>
      <Issue issue={issue} />
    </>
  );
}

/** A wrapped layer: its type, then its own parameters, indented. */
function LayerField({ name, spec, value, onChange, id }: FieldProps<LayerSpec> & { id: string }) {
  const inner = (value ?? spec.default) as InnerLayer;
  const def = getLayer(inner.type);
  const issue = checkParam(name, spec, value);
  return (
    <div className="field__layer">
      <select
        id={id}
        className="field__input"
        value={inner.type}
        data-testid={`param-${name}-type`}
        onChange={(e) => {
          const nextDef = getLayer(e.target.value);
          // Keep the settings both layer types share (units, activation…).
          const params = Object.fromEntries(Object.entries(inner.params).filter(([k]) => nextDef && k in nextDef.params));
          onChange({ type: e.target.value, params });
        }}
      >
        {spec.allowed.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <Issue issue={issue} />
      {def && (
        <div className="field__nested">
          {Object.entries(def.params).map(([innerName, innerSpec]) => (
            <ParamField
              key={`${inner.type}.${innerName}`}
              name={innerName}
              spec={innerSpec}
              value={inner.params[innerName]}
              onChange={(v) => {
                const params = { ...inner.params };
                if (v === undefined) delete params[innerName];
                else params[innerName] = v;
                onChange({ type: inner.type, params });
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function Control(props: FieldProps & { id: string }) {
  const { spec, value, onChange, id, name } = props;
  switch (spec.kind) {
    case 'bool':
      return (
        <input
          id={id}
          type="checkbox"
          className="field__check"
          data-testid={`param-${name}`}
          checked={value === undefined ? spec.default : value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'choice':
      return (
        <>
          <select id={id} className="field__input" data-testid={`param-${name}`} value={typeof value === 'string' ? value : spec.default} onChange={(e) => onChange(e.target.value)}>
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <Issue issue={checkParam(name, spec, value)} />
        </>
      );
    case 'ints':
      return spec.length <= 4 ? <TupleField {...props} spec={spec} /> : <TextField {...props} placeholder={formatParam(spec, spec.default)} />;
    case 'layer':
      return <LayerField {...props} spec={spec} />;
    case 'initializer':
      return <InitializerField {...props} spec={spec} />;
    case 'intList':
      return <TextField {...props} placeholder={spec.default === null ? 'none' : formatParam(spec, spec.default)} />;
    case 'shape':
    case 'json':
      return <TextField {...props} placeholder={formatParam(spec, spec.default)} />;
    default:
      return <TextField {...props} width="narrow" placeholder={formatParam(spec, spec.default)} />;
  }
}

export function ParamField(props: FieldProps) {
  const id = useId();
  const { name, spec, value, onChange } = props;
  const hint = rangeHint(spec);
  const isSet = value !== undefined;
  return (
    <div className={`field field--${spec.kind}`} data-testid="param-field" data-param={name}>
      <div className="field__head">
        <label htmlFor={id} className="field__label" title={name}>
          {paramLabel(name)}
        </label>
        {hint && <span className="field__range">{hint}</span>}
        {isSet && (
          <button type="button" className="field__reset" title={`Back to the default (${JSON.stringify(spec.default)})`} aria-label={`Reset ${paramLabel(name)}`} onClick={() => onChange(undefined)}>
            ↺
          </button>
        )}
      </div>
      <Control {...props} id={id} />
      <p className="field__doc">{spec.doc}</p>
    </div>
  );
}
