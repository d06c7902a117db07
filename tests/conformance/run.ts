/**
 * `npm run conformance [-- --json] [-- --all]`: the ONNX backend test models
 * through Netwright's importer and engine (see runner.ts). Prints a table of
 * the applicable models (--all: every model, with why the others do not
 * apply) and a summary; --json prints {total, applicable, passed, kept, failed}.
 */
import { existsSync } from 'node:fs';
import { DATA, runConformance, summarise } from './runner';

const args = process.argv.slice(2);
if (!existsSync(DATA)) {
  console.error(`No ONNX test data at ${DATA}: install Debian's libonnx-testdata (apt-get install -y libonnx-testdata).`);
  process.exitCode = 2;
} else {
  const results = runConformance();
  const summary = summarise(results);
  if (args.includes('--json')) {
    console.log(JSON.stringify(summary));
  } else {
    const shown = args.includes('--all') ? results : results.filter((r) => r.outcome !== 'not applicable');
    const width = Math.max(...shown.map((r) => r.suite.length + r.name.length + 1), 10);
    for (const r of shown) console.log(`${`${r.suite}/${r.name}`.padEnd(width)}  ${r.outcome.padEnd(14)}  ${r.note}`);
    console.log('');
    console.log(`${summary.total} models, ${summary.applicable} applicable (they import and the engine runs them), ${summary.total - summary.applicable} not applicable (${summary.kept} of them import with ONNX ops the engine cannot run, kept for export).`);
    console.log(`conformance: ${summary.passed} passed, ${summary.failed.length} failed`);
  }
}
