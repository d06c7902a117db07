/**
 * `npm run bench`: Netwright's benchmarks. Pass --json for one JSON object.
 */
import { benchCompile } from './compile';

const json = process.argv.includes('--json');
const compileResult = benchCompile();
if (json) {
  console.log(JSON.stringify({ compile500: compileResult }));
} else {
  console.log(`compile, ${compileResult.nodes}-node graph: shapes and errors ${compileResult.shapesMs.toFixed(2)} ms, with IR ${compileResult.fullMs.toFixed(2)} ms (median)`);
}
