/**
 * Web mode's build: the same renderer as the desktop app (electron.vite.config.ts),
 * into out/web, served by `netwright serve` (src-main/web/server.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { renderer } from './electron.vite.config.js';

export default defineConfig({
  ...renderer,
  build: { ...renderer.build, outDir: fileURLToPath(new URL('./out/web', import.meta.url)) },
});
