/**
 * A worker that probes models (src-main/engine/probe.ts) off the page's main
 * thread, so looking inside a model never stutters the editor or the charts.
 */
import { serveRpc, type Port } from '../../../shared/ipc/rpc';
// Browser-safe engine code (typed arrays only), as code/fresh-weights.ts explains.
import { probeLayers } from '../../../src-main/engine/probe';

serveRpc(self as unknown as Port, (method) => (method === 'probeLayers' ? { fn: (...args) => probeLayers(...(args as Parameters<typeof probeLayers>)) } : undefined));
