/**
 * A worker that looks inside models off the page's main thread, so it never
 * stutters the editor or the charts: it probes layers' outputs
 * (src-main/engine/probe.ts) and makes fresh weights (code/fresh-weights.ts;
 * an orthogonal or large initialisation takes long enough to be felt).
 */
import { serveRpc, type Port } from '../../../shared/ipc/rpc';
import { freshWeights } from '../code/fresh-weights';
// Browser-safe engine code (typed arrays only), as code/fresh-weights.ts explains.
import { probeLayers } from '../../../src-main/engine/probe';

serveRpc(self as unknown as Port, (method) => {
  if (method === 'probeLayers') return { fn: (...args) => probeLayers(...(args as Parameters<typeof probeLayers>)) };
  if (method === 'freshWeights') return { fn: (...args) => freshWeights(...(args as Parameters<typeof freshWeights>)), spec: { transferResult: true } };
  return undefined;
});
