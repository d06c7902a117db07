/**
 * The Data column: pick a dataset, read what it is (task, sizes, shape of a
 * sample), whether it fits the model, how balanced its classes are, and a few
 * of its samples.
 */
import { useEffect, useMemo, useState } from 'react';
import { modelShapes } from '../evaluation/model-shapes';
import { useProjectStore } from '../project/store';
import type { DatasetDescription } from '../../../shared/ipc/services';
import { ClassBalanceChart } from './ClassBalanceChart';
import { datasetKey } from './dataset-store';
import { fitProblems, taskText } from './dataset-fit';
import { builtinDataset, describeSamples } from './datasets';
import { DataImport } from './DataImport';
import { DatasetPicker } from './DatasetPicker';
import { SamplePreview } from './SamplePreview';
import { useDatasetStore } from './use-training';

function Facts({ d }: { d: DatasetDescription }) {
  const { train, validation, test } = d.counts;
  return (
    <dl className="facts facts--data" data-testid="dataset-facts">
      <div>
        <dt>Task</dt>
        <dd>{taskText(d)}</dd>
      </div>
      <div>
        <dt>Samples</dt>
        <dd>
          {train.toLocaleString()} to train
          {validation ? `, ${validation.toLocaleString()} to validate` : ''}
          {test ? `, ${test.toLocaleString()} to test` : ''}
        </dd>
      </div>
      <div>
        <dt>One sample</dt>
        <dd>
          {d.inputShape.join(' × ')} value{d.inputShape.reduce((a, v) => a * v, 1) === 1 ? '' : 's'}
        </dd>
      </div>
    </dl>
  );
}

function Described({ d }: { d: DatasetDescription }) {
  const project = useProjectStore((s) => s.project);
  const problems = useMemo(() => {
    if (!project) return [];
    const shapes = modelShapes(project);
    return fitProblems(d, shapes.input, shapes.output, builtinDataset(d.name)?.title);
  }, [d, project]);
  return (
    <>
      <Facts d={d} />
      {problems.map((p) => (
        <p key={p} className="callout callout--warning" data-testid="dataset-fit">
          {p}
        </p>
      ))}
      {d.classes && d.classBalance && d.classBalance.length === d.classes.length && (
        <section className="panel__section">
          <h3>Class balance</h3>
          <ClassBalanceChart classes={d.classes} counts={d.classBalance} />
        </section>
      )}
      <section className="panel__section">
        <h3>Samples</h3>
        <SamplePreview d={d} />
      </section>
    </>
  );
}

export function DatasetPanel() {
  const ref = useProjectStore((s) => s.project?.dataset);
  const setDataset = useProjectStore((s) => s.setDataset);
  const describe = useDatasetStore((s) => s.describe);
  const described = useDatasetStore((s) => (ref ? s.described[datasetKey(ref)] : undefined));
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    // Points are shown as a cloud, so more of them; a grid of pictures needs fewer.
    if (ref) void describe(ref, { samples: describeSamples(ref) });
  }, [ref, describe]);

  return (
    <section className="panel" data-testid="dataset-panel" aria-labelledby="dataset-title">
      <h2 id="dataset-title" className="panel__title">
        Data
      </h2>
      <DatasetPicker value={ref?.path ? undefined : ref?.name} imported={ref?.path} onPick={(name) => setDataset({ name })} />
      {importing ? (
        <DataImport onClose={() => setImporting(false)} />
      ) : (
        <button type="button" className="link-button" data-testid="import-data" onClick={() => setImporting(true)}>
          Use your own data…
        </button>
      )}
      {!ref && <p className="hint">Choose what the model learns from. Each dataset has a short description.</p>}
      {described?.status === 'loading' && (
        <p className="hint" data-testid="dataset-loading">
          Loading the dataset…
        </p>
      )}
      {described?.status === 'failed' && (
        <p className="callout callout--error" role="alert" data-testid="dataset-error">
          {described.error}
        </p>
      )}
      {described?.status === 'ready' && <Described d={described.description} />}
    </section>
  );
}
