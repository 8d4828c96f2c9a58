import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000, // generous: a loaded 2-core machine runs sharp and Chromium slowly
    hookTimeout: 120_000,
    // Suites share one PostgreSQL and 2 cores; a few files at a time keeps them fast and steady.
    maxWorkers: 2,
  },
})
