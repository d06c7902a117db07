/**
 * The desktop build (electron-vite): main, preload and renderer into out/.
 *   src-main/app/main.ts     → out/main/index.js      (ESM; package.json "main")
 *   src-main/app/preload.ts  → out/preload/index.cjs  (CommonJS: a sandboxed preload cannot be an ES module)
 *   src-renderer/index.html  → out/renderer/          (served as app://netwright/)
 * `renderer` is exported so vite.web.config.ts builds the same renderer for web mode.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const { version } = JSON.parse(readFileSync(here('./package.json'), 'utf8')) as { version: string };

export const renderer = {
  root: here('./src-renderer'),
  base: './',
  plugins: [react()],
  define: { __NETWRIGHT_VERSION__: JSON.stringify(version) },
  build: {
    outDir: here('./out/renderer'),
    emptyOutDir: true,
    // One bundle, read from disk or loopback: its size costs little, and splitting it would only add requests.
    chunkSizeWarningLimit: 2048,
    // The app window, and the hidden compute window whose workers run the engine (src-main/app/compute-window.ts).
    rolldownOptions: { input: { index: here('./src-renderer/index.html'), compute: here('./src-renderer/compute.html') } },
  },
};

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      lib: { entry: { index: here('./src-main/app/main.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      lib: { entry: { index: here('./src-main/app/preload.ts') }, formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer,
});
