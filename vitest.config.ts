import { defineConfig } from 'vitest/config'

/** Servers under test log warnings and errors only, so test output stays readable. */
const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }

/** One run covers every package's tests and the cross-tier tests in tests/. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'], env } },
      {
        test: {
          name: 'edge-agent',
          root: './edge-agent',
          include: ['src/**/*.test.ts'],
          pool: 'forks',
          env,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'cloud',
          root: './cloud',
          include: ['src/**/*.test.ts'],
          pool: 'forks',
          env,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'tests',
          root: './tests',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**'],
          pool: 'forks',
          env,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
