/** The tabs that switch between the design canvas and the training, evaluation and code views. */
import { useViewStore, VIEWS } from './store';

export function ViewTabs() {
  const view = useViewStore((s) => s.view);
  const show = useViewStore((s) => s.show);
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v) => (
        <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={`view-tabs__tab${view === v.id ? ' view-tabs__tab--active' : ''}`} data-testid={`view-${v.id}`} onClick={() => show(v.id)}>
          {v.label}
        </button>
      ))}
    </nav>
  );
}
