/**
 * The model at a glance, in the style of Keras's model.summary(): one row per
 * layer with its output shape and parameter count, then the totals, and the
 * cost estimates (shared/compiler/costs.ts) for one sample.
 */
import type { Project } from '../../../shared/graph';
import { formatShape } from '../canvas/flow-graph';
import type { Compiled } from '../project/compiled';
import { formatBytes, formatSi } from './format';

const count = (n: number) => n.toLocaleString('en-US');

export function ModelSummary({ project, compiled }: { project: Project; compiled: Compiled }) {
  const { result, costs } = compiled;
  const ordered = [...result.wiring.order, ...project.nodes.map((n) => n.id).filter((id) => !result.wiring.order.includes(id))];
  const types = new Map(project.nodes.map((n) => [n.id, n.type]));
  const { total, trainable, nonTrainable } = result.totals;
  const batch = project.training?.batchSize;
  return (
    <section className="summary" data-testid="model-summary-panel">
      <table className="summary__table">
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output shape</th>
            <th className="num">Param #</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((id) => {
            const s = result.shapes.get(id);
            return (
              <tr key={id}>
                <td>
                  <span className="summary__id">{id}</span>
                  <span className="summary__type">{types.get(id)}</span>
                </td>
                <td className="mono">{s ? formatShape(s.outputShape) : '?'}</td>
                <td className="num">{s ? count(s.params.trainable + s.params.nonTrainable) : '?'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="summary__totals" data-testid="model-totals">
        <div>
          <dt>Total params</dt>
          <dd data-testid="total-params">
            {count(total)} <span className="muted">({formatBytes(total * 4)})</span>
          </dd>
        </div>
        <div>
          <dt>Trainable params</dt>
          <dd>
            {count(trainable)} <span className="muted">({formatBytes(trainable * 4)})</span>
          </dd>
        </div>
        <div>
          <dt>Non-trainable params</dt>
          <dd>
            {count(nonTrainable)} <span className="muted">({formatBytes(nonTrainable * 4)})</span>
          </dd>
        </div>
        <div className="summary__gap">
          <dt title="Forward pass, one sample; one multiply-accumulate counts as 2 FLOPs. A training step costs about three times this.">FLOPs per sample</dt>
          <dd data-testid="total-flops">{formatSi(costs.totals.flops)}</dd>
        </div>
        <div>
          <dt title="Values every layer outputs for one sample, kept for the backward pass (float32)">Activations per sample</dt>
          <dd>{formatBytes(costs.totals.activationBytes)}</dd>
        </div>
        {batch ? (
          <div>
            <dt>Activations per batch of {batch}</dt>
            <dd>{formatBytes(costs.totals.activationBytes * batch)}</dd>
          </div>
        ) : null}
      </dl>
      {!costs.complete && <p className="summary__note">Layers after a problem have no shape yet, so they are left out of these figures.</p>}
    </section>
  );
}
