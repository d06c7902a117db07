/**
 * The desktop bridge: the one object the preload script exposes to the
 * renderer, as `window.netwright`. Declared here once; src-main/app/preload.ts
 * implements it and the renderer's Host reads it. It holds named functions
 * only, never raw ipcRenderer, and each function uses one channel from
 * BRIDGE_CHANNELS, the allow-list main registers handlers for.
 */
export const BRIDGE_KEY = 'netwright';

export interface NetwrightBridge {
  /** Node's platform name: 'linux', 'darwin', 'win32'. */
  readonly platform: string;
  /** Netwright's version, from package.json. */
  version(): Promise<string>;
}

export const BRIDGE_CHANNELS = {
  version: 'netwright:version',
} as const;

export type BridgeChannel = (typeof BRIDGE_CHANNELS)[keyof typeof BRIDGE_CHANNELS];
