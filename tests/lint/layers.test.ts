/**
 * Proves the lint rule that enforces design.md's import layers: a
 * deliberately wrong import in each layer must fail, and allowed ones pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

const CASES: { file: string; code: string; fails: boolean }[] = [
  { file: 'shared/graph/bad.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", fails: true },
  { file: 'shared/compiler/bad.ts', code: "import * as fs from 'fs';\nexport const x = fs;\n", fails: true },
  { file: 'shared/layers/bad.ts', code: "import { app } from 'electron';\nexport const x = app;\n", fails: true },
  { file: 'shared/ir/bad.ts', code: "import { createRoot } from 'react-dom/client';\nexport const x = createRoot;\n", fails: true },
  { file: 'shared/ir/bad.ts', code: 'export const width = () => document.body.clientWidth;\n', fails: true },
  { file: 'shared/ir/bad.ts', code: "export const home = () => process.env['HOME'];\n", fails: true },
  { file: 'shared/export/bad.ts', code: "import { main } from '../../src-main/cli/main';\nexport const x = main;\n", fails: true },
  { file: 'src-renderer/src/bad.ts', code: "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", fails: true },
  { file: 'src-renderer/src/bad.ts', code: "import { join } from 'node:path';\nexport const x = join;\n", fails: true },
  { file: 'src-renderer/src/bad.ts', code: "import { main } from '../../src-main/cli/main';\nexport const x = main;\n", fails: true },
  { file: 'shared/graph/good.ts', code: "import { z } from 'zod';\nexport const x = z.string();\n", fails: false },
  { file: 'src-renderer/src/good.ts', code: "import { compile } from '../../shared/compiler';\nexport const w = () => [compile, document.title];\n", fails: false },
  { file: 'src-main/app/good.ts', code: "import { app } from 'electron';\nimport { readFileSync } from 'node:fs';\nexport const x = [app, readFileSync];\n", fails: false },
];

describe('import layers are enforced by lint', () => {
  it.each(CASES)('$file: $code', async ({ file, code, fails }) => {
    const ids = await ruleIds(file, code);
    if (fails) expect(ids.some((id) => id === 'no-restricted-imports' || id === 'no-restricted-globals')).toBe(true);
    else expect(ids).toEqual([]);
  });
});
