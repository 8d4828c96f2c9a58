import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Suites share one PostgreSQL and 2 cores; a few files at a time keeps them fast and steady.
    maxWorkers: 2,
    reporters: process.env.CI === 'true' ? ['default'] : ['default'],
  },
})
