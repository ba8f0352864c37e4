import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and browser tests spawn processes; on a loaded 2-core machine 5 s is not enough
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
