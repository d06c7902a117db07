// Lint, and the import layers from design.md, enforced rather than remembered:
//   shared/        pure TypeScript: no Node, no Electron, no DOM
//   src-renderer/  the browser: no Node, no Electron; reaches main only through the Host interface
//   src-main/      Node and Electron
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import { fileURLToPath } from 'node:url';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

const forbid = (names, message) => ({
  paths: names.map((name) => ({ name, message })),
  patterns: [{ group: ['node:*'], message }],
});

const nodeAndElectron = forbid([...NODE_BUILTINS, 'electron', 'webgpu', 'onnxruntime-node'], 'This layer must not depend on Node or Electron (see design.md, "Layout").');

/** DOM globals, forbidden in shared/: the compiler and exporters run anywhere. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'Element', 'Node', 'location', 'fetch', 'requestAnimationFrame', 'Image', 'Blob', 'File', 'FileReader', 'alert'];

export default tseslint.config(
  // Whatever git ignores (builds, scratch files) is not linted either.
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/fixtures/**', 'tests/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        ...forbid([...NODE_BUILTINS, 'electron', 'react', 'react-dom', 'webgpu', 'onnxruntime-node'], 'shared/ is pure TypeScript: no Node, Electron or DOM (see design.md, "Layout").'),
        patterns: [
          { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node imports.' },
          { group: ['react/*', 'react-dom/*', 'electron/*', '@xyflow/*', 'monaco-editor', 'monaco-editor/*'], message: 'shared/ is pure TypeScript: no DOM or UI libraries.' },
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'shared/ must not import from src-main or src-renderer.' },
        ],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'shared/ must not use the DOM.' })), { name: 'process', message: 'shared/ must not use Node globals.' }, { name: 'Buffer', message: 'shared/ must not use Node globals.' }, { name: 'require', message: 'shared/ must not use Node globals.' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        ...nodeAndElectron,
        patterns: [
          ...nodeAndElectron.patterns,
          { group: ['electron/*'], message: 'The renderer must not import Electron.' },
          { group: ['**/src-main/**'], message: 'The renderer reaches main only through the Host interface (shared/ipc).' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The renderer has no Node globals.' }, { name: 'require', message: 'The renderer has no Node globals.' }, { name: 'Buffer', message: 'The renderer has no Node globals.' }],
    },
  },
  {
    // The compute worker hosts the engine, which is written against the WebGPU API and typed arrays only
    // (design.md, "Where the engine runs"), so this one renderer folder may import src-main/engine, but not
    // its Node host or anything else of main's.
    files: ['src-renderer/src/compute/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...nodeAndElectron,
        patterns: [
          ...nodeAndElectron.patterns,
          { group: ['electron/*'], message: 'The renderer must not import Electron.' },
          { regex: '(^|/)src-main/(?!engine/)', message: 'The compute worker may import the engine (src-main/engine), nothing else of main.' },
          { regex: '(^|/)src-main/engine/(hosts/node|create-trainer|testing|webgpu/test-harness)$', message: 'This part of the engine needs Node; the compute worker runs in a browser.' },
        ],
      }],
    },
  },
  {
    // The engine runs in Node and in a browser worker alike: only its Node host (and test helpers) may touch Node.
    files: ['src-main/engine/**/*.ts'],
    ignores: ['src-main/engine/**/*.test.ts', 'src-main/engine/hosts/node.ts', 'src-main/engine/create-trainer.ts', 'src-main/engine/testing.ts', 'src-main/engine/webgpu/test-harness.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid([...NODE_BUILTINS, 'electron', 'webgpu', 'onnxruntime-node'], 'The engine must run in a browser worker too: no Node or Electron (see design.md, "Where the engine runs").')],
      'no-restricted-globals': ['error', { name: 'process', message: 'The engine has no Node globals.' }, { name: 'require', message: 'The engine has no Node globals.' }, { name: 'Buffer', message: 'The engine has no Node globals.' }],
    },
  },
  {
    // Tests build and mutate arbitrary JSON documents on purpose.
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'bin/**/*.mjs', '*.config.{js,ts}', 'shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
