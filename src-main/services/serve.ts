/**
 * Main's side of the services (shared/ipc/services.ts): serves an
 * implementation of each on a port, through the one generic RPC server. A
 * call "training.start" runs `services.training.start`; only an
 * implementation's own function members are callable, so nothing inherited
 * (toString, constructor) is reachable from the page.
 */
import { serveRpc, type Port, type ResolvedMethod, type RpcServer } from '../../shared/ipc/rpc';
import type { Services } from '../../shared/ipc/services';

export function serveServices(port: Port, services: Services): RpcServer {
  return serveRpc(port, (name): ResolvedMethod | undefined => {
    const dot = name.indexOf('.');
    const service = name.slice(0, dot);
    const method = name.slice(dot + 1);
    if (dot < 0 || !Object.hasOwn(services, service)) return undefined;
    const impl = services[service as keyof Services] as unknown as Record<string, unknown>;
    const fn = Object.hasOwn(impl, method) ? impl[method] : undefined;
    return typeof fn === 'function' ? { fn: (...args) => (fn as (...a: unknown[]) => unknown).apply(impl, args) } : undefined;
  });
}
