/**
 * A Host for unit tests of the file actions: the desktop's, with every call a
 * mock to answer and inspect. Tests make it inside vi.hoisted, since vi.mock
 * replaces '../host' before any import runs:
 *   const fakeHost = await vi.hoisted(async () => (await import('./fake-host')).fakeHost());
 */
import { vi } from 'vitest';

export function fakeHost() {
  return {
    kind: 'desktop' as 'desktop' | 'web',
    platform: 'linux',
    version: () => Promise.resolve('0'),
    saveFile: vi.fn(() => Promise.resolve(true)),
    openFile: vi.fn(),
    saveProject: vi.fn(),
  };
}
