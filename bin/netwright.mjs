#!/usr/bin/env node
// The `netwright` command. Runs the TypeScript sources directly through tsx,
// so `npx netwright …` works from a checkout right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
