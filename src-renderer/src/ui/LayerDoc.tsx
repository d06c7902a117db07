/** The learner's text for a layer type: what it does, its formula, when to use it. */
import type { LayerDef } from '../../../shared/layers';

function inputsNote(def: LayerDef): string | null {
  const { min, max } = def.arity;
  if (max === 0) return 'Where data enters the model: it takes no input.';
  if (max > 1) return `Takes ${min === max ? min : `${min} or more`} inputs, one per slot (in0, in1, …).`;
  return null;
}

export function LayerDoc({ def }: { def: LayerDef }) {
  const note = inputsNote(def);
  return (
    <div className="layer-doc">
      <p className="layer-doc__summary" data-testid="layer-summary">{def.doc.summary}</p>
      <div className="layer-doc__formula" data-testid="layer-formula" aria-label="Formula">
        {def.doc.formula}
      </div>
      <h4>When to use it</h4>
      <p className="layer-doc__when" data-testid="layer-when">{def.doc.whenToUse}</p>
      {note && <p className="layer-doc__note">{note}</p>}
    </div>
  );
}
