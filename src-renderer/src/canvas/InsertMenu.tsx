/**
 * The menu a connection's + button opens: search for a layer and it goes onto
 * that connection (source → new layer → target). Arrow keys move, Enter
 * picks, Escape or a click elsewhere closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LAYERS } from '../../../shared/layers';
import { useEditorStore } from '../editor/store';
import { searchLayers } from '../palette/search';
import { useProjectStore } from '../project/store';

/** Layers that can sit on a connection: everything that takes an input. */
const INSERTABLE = LAYERS.filter((l) => l.arity.max > 0);
const SHOWN = 8;

export function InsertMenu() {
  const menu = useEditorStore((s) => s.insertMenu);
  if (!menu) return null;
  return <InsertMenuOpen key={menu.edgeId} edgeId={menu.edgeId} x={menu.x} y={menu.y} />;
}

function InsertMenuOpen({ edgeId, x, y }: { edgeId: string; x: number; y: number }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const results = useMemo(() => searchLayers(query, INSERTABLE).slice(0, SHOWN), [query]);

  useEffect(() => {
    const close = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) useEditorStore.getState().closeInsertMenu();
    };
    window.addEventListener('pointerdown', close, true);
    return () => window.removeEventListener('pointerdown', close, true);
  }, []);

  const pick = (type: string) => {
    const id = useProjectStore.getState().insertOnEdge(edgeId, type);
    const editor = useEditorStore.getState();
    editor.closeInsertMenu();
    if (id) editor.select([id]);
  };

  const left = Math.min(x, window.innerWidth - 260);
  const top = Math.min(y + 12, window.innerHeight - 320);
  return (
    <div ref={root} className="insert-menu" role="dialog" aria-label="Insert a layer" data-testid="insert-menu" style={{ left, top }}>
      <input
        autoFocus
        type="search"
        placeholder="Insert a layer…"
        aria-label="Layer to insert"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && results[active]) pick(results[active].type);
          else if (e.key === 'Escape') useEditorStore.getState().closeInsertMenu();
          else return;
          e.preventDefault();
        }}
      />
      <ul role="listbox">
        {results.map((def, i) => (
          <li key={def.type} role="option" aria-selected={i === active}>
            <button type="button" className={`insert-menu__item category-${def.category}${i === active ? ' active' : ''}`} onMouseEnter={() => setActive(i)} onClick={() => pick(def.type)}>
              <span className="palette-item__swatch" aria-hidden />
              <span>{def.type}</span>
              <span className="insert-menu__summary">{def.doc.summary}</span>
            </button>
          </li>
        ))}
        {results.length === 0 && <li className="insert-menu__empty">No layer matches “{query}”.</li>}
      </ul>
    </div>
  );
}
