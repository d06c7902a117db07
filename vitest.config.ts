import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
