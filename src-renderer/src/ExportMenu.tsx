/**
 * The top bar's Export menu: the architecture diagram as SVG or PNG, with or
 * without tensor shapes on the connections. The same entries sit in the More
 * menu when the window is too narrow for the Export button.
 */
import { actionExportPng, actionExportSvg } from './actions';
import { runAction } from './actions/run';
import { usePreferences } from './editor/preferences';
import { Menu } from './ui/Menu';
import { ChevronIcon, DownloadIcon } from './ui/icons';

export function ExportMenu({ className }: { className?: string }) {
  return (
    <Menu
      label="Export the architecture diagram"
      testId="export-menu"
      className={className}
      trigger={
        <>
          <DownloadIcon />
          <span className="tool__label">Export</span>
          <ChevronIcon />
        </>
      }
    >
      {(close) => <DiagramExportItems close={close} />}
    </Menu>
  );
}

export function DiagramExportItems({ close }: { close: () => void }) {
  const shapes = usePreferences((s) => s.diagramShapes);
  const pick = (action: typeof actionExportSvg) => {
    close();
    runAction(action);
  };
  return (
    <>
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
    </>
  );
}
