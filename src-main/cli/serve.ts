/** `netwright serve [--port N] [--strict-port] [--root DIR]`: run the app in a browser (web mode). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT, startWebServer, WebServerError } from '../web/server';
import type { Command } from './main';
import { CliError, parseOptions } from './project-file';

const usage = 'netwright serve [--port N] [--strict-port] [--root DIR]';

/** Where `npm run build:web` writes the renderer, relative to this checkout. */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../out/web', import.meta.url));

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535 (found "${text}").\nUsage: ${usage}`, 2);
  return port;
}

/** Resolves once the process is asked to stop (Ctrl+C, or a test runner's SIGTERM). */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  usage,
  summary: 'Serve the app for a browser on 127.0.0.1 (web mode).',
  async run(args) {
    const { values, positionals } = parseOptions(args, { port: { type: 'string', short: 'p' }, 'strict-port': { type: 'boolean' }, root: { type: 'string' } }, usage);
    if (values.help) {
      console.log(`Usage: ${usage}\n\nServes the web build (default ${WEB_BUILD_DIR}; make it with "npm run build:web") on 127.0.0.1.\nWithout --port it uses ${DEFAULT_PORT}, or the next free port; --strict-port fails instead.`);
      return 0;
    }
    if (positionals.length) throw new CliError(`serve takes no files.\nUsage: ${usage}`, 2);
    const root = values.root ? resolve(values.root) : WEB_BUILD_DIR;
    if (!existsSync(join(root, 'index.html'))) throw new CliError(`there is no web build in "${root}". Run "npm run build:web" first.`, 2);
    let server;
    try {
      server = await startWebServer({ root, port: parsePort(values.port), strictPort: values['strict-port'] ?? false });
    } catch (e) {
      if (e instanceof WebServerError) throw new CliError(e.message, 1);
      throw e;
    }
    console.log(`Netwright (web mode) is running at ${server.url}\nPress Ctrl+C to stop.`);
    await untilStopped();
    await server.close();
    return 0;
  },
};
