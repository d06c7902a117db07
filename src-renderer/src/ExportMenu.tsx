/**
 * The top bar's Export menu: the architecture diagram as SVG or PNG, with or
 * without tensor shapes on the connections.
 */
import { useEffect, useRef, useState } from 'react';
import { actionExportPng, actionExportSvg } from './actions';
import { runAction } from './actions/run';
import { usePreferences } from './editor/preferences';
import { ChevronIcon, DownloadIcon } from './ui/icons';

export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const shapes = usePreferences((s) => s.diagramShapes);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close, true);
    window.addEventListener('keydown', close, true);
    return () => {
      window.removeEventListener('pointerdown', close, true);
      window.removeEventListener('keydown', close, true);
    };
  }, [open]);

  const pick = (action: typeof actionExportSvg) => {
    setOpen(false);
    runAction(action);
  };

  return (
    <div className="menu" ref={root}>
      <button type="button" className="tool" aria-haspopup="menu" aria-expanded={open} data-testid="export-menu" onClick={() => setOpen((o) => !o)}>
        <DownloadIcon /> Export <ChevronIcon />
      </button>
      {open && (
        <div className="menu__popover" role="menu">
          <div className="menu__label">Architecture diagram</div>
          <button type="button" role="menuitem" className="menu__item" data-testid="export-svg" onClick={() => pick(actionExportSvg)}>
            SVG <span className="muted">for papers and the web</span>
          </button>
          <button type="button" role="menuitem" className="menu__item" data-testid="export-png" onClick={() => pick(actionExportPng)}>
            PNG <span className="muted">for slides, at 2× resolution</span>
          </button>
          <label className="menu__check">
            <input type="checkbox" data-testid="export-shapes" checked={shapes} onChange={(e) => usePreferences.getState().setDiagramShapes(e.target.checked)} />
            Show tensor shapes
          </label>
        </div>
      )}
    </div>
  );
}
