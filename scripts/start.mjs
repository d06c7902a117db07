#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is here, else web mode.
//
//   npm start                  desktop if possible, else web mode
//   npm start -- --web         web mode, even where Electron could run
//   npm start -- --port 8080   (web mode) serve on this port
//
// The electron package fetches its binary lazily, the first time something
// calls require('electron'). We look for the binary before calling it, so
// `npm start` never starts a download (these machines cannot make one, and
// elsewhere it would be a surprise); fetch it on purpose with `npx install-electron`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron executable, or why there is none. */
function findElectron() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !existsSync(pathFile)) return { reason: 'its binary has not been downloaded' };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  if (!existsSync(binary)) return { reason: `${binary} does not exist` };
  // The binary is in place, so this returns its path without downloading anything.
  return { binary: require('electron') };
}

/** Runs a command to completion; resolves with its exit status. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
    child.on('error', (e) => {
      console.error(`Could not run ${command}: ${e.message}`);
      resolve(1);
    });
  });
}

const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** The newest modification time under the given paths (files or folders). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

/** Whether out/web is missing, or older than the sources it is built from. */
function webBuildIsStale() {
  const index = join(ROOT, 'out', 'web', 'index.html');
  if (!existsSync(index)) return true;
  const sources = ['src-renderer', 'shared', 'resources/templates', 'electron.vite.config.ts', 'vite.web.config.ts'].map((p) => join(ROOT, p));
  return newest(sources) > statSync(index).mtimeMs;
}

async function startDesktop(binary) {
  console.log('Building the desktop app…');
  const built = await run(bin('electron-vite'), ['build']);
  if (built !== 0) return built;
  return run(binary, [ROOT]);
}

async function startWeb(args) {
  if (webBuildIsStale()) {
    console.log('Building the web app…');
    const built = await run(bin('vite'), ['build', '--config', 'vite.web.config.ts']);
    if (built !== 0) return built;
  }
  return run(process.execPath, [join(ROOT, 'bin', 'netwright.mjs'), 'serve', ...args]);
}

const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const serveArgs = args.filter((a) => a !== '--web');

let status;
if (forceWeb) {
  status = await startWeb(serveArgs);
} else {
  const electron = findElectron();
  if (electron.binary) {
    status = await startDesktop(electron.binary);
  } else {
    console.log(`Electron's binary is not available on this machine; starting web mode instead.\n(${electron.reason}.)`);
    status = await startWeb(serveArgs);
  }
}
process.exitCode = status;
