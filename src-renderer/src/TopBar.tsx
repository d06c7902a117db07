/** The bar above the canvas: which template is open, the model's size, and whether it checks out. */
import { useEffect, useState } from 'react';
import { host } from './host';
import { useProjectStore } from './project/store';
import { TEMPLATES } from './project/templates';
import { formatCount } from './canvas/flow-graph';

export interface ModelSummary {
  readonly layers: number;
  readonly params: number;
  readonly errors: number;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function useVersion(): string | null {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host.version().then((v) => live && setVersion(v), () => live && setVersion(null));
    return () => {
      live = false;
    };
  }, []);
  return version;
}

export function TopBar({ summary }: { summary: ModelSummary | null }) {
  const template = useProjectStore((s) => s.template);
  const openTemplate = useProjectStore((s) => s.openTemplate);
  const version = useVersion();
  return (
    <header className="top-bar">
      <span className="top-bar__brand">Netwright</span>
      <label className="top-bar__template" data-testid="template" data-template-id={template.id}>
        <span className="top-bar__label">Template</span>
        {TEMPLATES.length > 1 ? (
          <select value={template.id} onChange={(e) => openTemplate(e.target.value)}>
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        ) : (
          <strong>{template.label}</strong>
        )}
      </label>
      <span className="top-bar__spacer" />
      {summary && (
        <span className="top-bar__summary" data-testid="model-summary">
          {plural(summary.layers, 'layer')} · {plural(summary.params, 'parameter')} ·{' '}
          {summary.errors === 0 ? <span className="ok">shapes check out</span> : <span className="bad">{plural(summary.errors, 'problem')}</span>}
        </span>
      )}
      <span className="top-bar__host">
        {host.kind === 'desktop' ? `Desktop (${host.platform})` : 'Web'}
        {version ? ` · v${version}` : ''}
      </span>
    </header>
  );
}
