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
  /**
   * Hands a file to the person: a download in web mode. `name` is the
   * suggested file name; `type` its media type.
   */
  saveFile(name: string, bytes: Uint8Array, type: string): Promise<void>;
}

/**
 * A browser download through a temporary link. In the desktop app this also
 * works (Electron shows its save dialog for downloads) until the bridge offers
 * a native save.
 */
function download(name: string, bytes: Uint8Array, type: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return Promise.resolve();
}

function desktopHost(): Host | undefined {
  // No window outside a page (unit tests import this module too).
  const bridge = typeof window === 'undefined' ? undefined : window.netwright;
  if (!bridge) return undefined;
  return { kind: 'desktop', platform: bridge.platform, version: () => bridge.version(), saveFile: download };
}

const webHost: Host = { kind: 'web', platform: 'browser', version: () => Promise.resolve(__NETWRIGHT_VERSION__), saveFile: download };

export const host: Host = desktopHost() ?? webHost;
