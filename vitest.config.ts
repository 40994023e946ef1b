import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Two test files at a time (vitest's default is one fewer than the cores: one on this 2-core
    // machine), and one module cache per worker rather than per file: no test mocks modules or
    // keeps global state, and loading the sources once per file cost ~40 s of the suite.
    maxWorkers: 2,
    isolate: false,
  },
});
