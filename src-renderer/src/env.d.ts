/** Globals the renderer build provides (electron.vite.config.ts `define`) or the preload exposes. */
import type { NetwrightBridge } from '../../shared/ipc/bridge';

declare global {
  /** package.json's version, baked in at build time. */
  const __NETWRIGHT_VERSION__: string;
  interface Window {
    /** Present in the desktop app only: the preload bridge. */
    readonly netwright?: NetwrightBridge;
  }
}

export {};
