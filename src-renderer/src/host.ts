/**
 * The Host: everything the renderer asks of the world outside the page. The
 * desktop app provides it through the preload bridge (window.netwright);
 * in web mode the page stands alone. Components never touch the bridge
 * directly, so the same renderer runs in both.
 */
export interface Host {
  readonly kind: 'desktop' | 'web';
  readonly platform: string;
  version(): Promise<string>;
}

function desktopHost(): Host | undefined {
  const bridge = window.netwright;
  if (!bridge) return undefined;
  return { kind: 'desktop', platform: bridge.platform, version: () => bridge.version() };
}

const webHost: Host = { kind: 'web', platform: 'browser', version: () => Promise.resolve(__NETWRIGHT_VERSION__) };

export const host: Host = desktopHost() ?? webHost;
