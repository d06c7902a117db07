/**
 * The palette: every layer type, grouped by category, with a search box.
 * Drag an item onto the canvas (or onto a connection, to insert it there), or
 * click it to add it below the selected layer. Hovering or focusing an item
 * shows its card with the learner's text.
 */
import { memo, useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { getLayer, type LayerDef } from '../../../shared/layers';
import { LayerDoc } from '../ui/LayerDoc';
import { addLayerFromPalette } from './add-layer';
import { LAYER_MIME } from './drag';
import { CATEGORY_TITLES, paletteGroups, searchLayers } from './search';

/** How long the pointer rests on an item before its card opens, so sweeping past does not flash cards. */
const CARD_DELAY_MS = 250;

interface CardState {
  readonly type: string;
  readonly top: number;
}

const PaletteItem = memo(function PaletteItem({ def, onShow, onHide }: { def: LayerDef; onShow(type: string, el: HTMLElement, now: boolean): void; onHide(): void }) {
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(LAYER_MIME, def.type);
    event.dataTransfer.setData('text/plain', def.type);
    event.dataTransfer.effectAllowed = 'copy';
    onHide();
  };
  return (
    <li>
      <button
        type="button"
        className={`palette-item category-${def.category}`}
        draggable
        data-testid="palette-item"
        data-layer-type={def.type}
        onDragStart={onDragStart}
        onClick={() => addLayerFromPalette(def.type)}
        onMouseEnter={(e) => onShow(def.type, e.currentTarget, false)}
        onMouseLeave={onHide}
        onFocus={(e) => onShow(def.type, e.currentTarget, true)}
        onBlur={onHide}
        title=""
      >
        <span className="palette-item__swatch" aria-hidden />
        <span className="palette-item__name">{def.type}</span>
      </button>
    </li>
  );
});

function LayerCard({ card }: { card: CardState }) {
  const def = getLayer(card.type);
  if (!def) return null;
  return (
    <div className="layer-card" role="tooltip" data-testid="layer-card" data-layer-type={def.type} style={{ top: card.top }}>
      <div className="layer-card__head">
        <strong>{def.type}</strong>
        <span className={`chip category-${def.category}`}>{CATEGORY_TITLES[def.category]}</span>
      </div>
      <LayerDoc def={def} />
      <p className="layer-card__hint">Drag onto the canvas or onto a connection, or click to add.</p>
    </div>
  );
}

export function Palette() {
  const [query, setQuery] = useState('');
  const [card, setCard] = useState<CardState | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const groups = useMemo(() => (query.trim() ? null : paletteGroups()), [query]);
  const results = useMemo(() => (query.trim() ? searchLayers(query) : []), [query]);

  const onShow = useCallback((type: string, el: HTMLElement, now: boolean) => {
    window.clearTimeout(timer.current);
    const place = () => {
      const rect = el.getBoundingClientRect();
      // Keep the card on screen: it is about 300 px tall.
      setCard({ type, top: Math.max(56, Math.min(rect.top - 8, window.innerHeight - 320)) });
    };
    if (now) place();
    else timer.current = window.setTimeout(place, CARD_DELAY_MS);
  }, []);
  const onHide = useCallback(() => {
    window.clearTimeout(timer.current);
    setCard(null);
  }, []);

  return (
    <aside className="palette" aria-label="Layers" data-testid="palette">
      <div className="palette__search">
        <input
          type="search"
          placeholder="Search layers"
          aria-label="Search layers"
          data-testid="palette-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && results[0]) addLayerFromPalette(results[0].type);
            if (e.key === 'Escape') setQuery('');
          }}
        />
      </div>
      <div className="palette__list">
        {groups
          ? groups.map((g) => (
              <section key={g.category} className="palette__group">
                <h3>{g.title}</h3>
                <ul>
                  {g.layers.map((def) => (
                    <PaletteItem key={def.type} def={def} onShow={onShow} onHide={onHide} />
                  ))}
                </ul>
              </section>
            ))
          : (
              <section className="palette__group">
                <h3>{results.length ? `${results.length} match${results.length === 1 ? '' : 'es'}` : 'No layer matches'}</h3>
                <ul>
                  {results.map((def) => (
                    <PaletteItem key={def.type} def={def} onShow={onShow} onHide={onHide} />
                  ))}
                </ul>
              </section>
            )}
      </div>
      {card && <LayerCard card={card} />}
    </aside>
  );
}
