import { defineConfig } from 'vitest/config';

/**
 * One run, two databases: every test file runs on SQLite, and again on PostgreSQL when
 * TEST_DATABASE_URL is set. Pure unit tests and process tests run once (SQLite project).
 */
const postgres = process.env.TEST_DATABASE_URL;
const dbTests = ['test/http/**/*.test.ts', 'test/scenarios/**/*.test.ts', 'test/db/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.test-results/results.json' }]],
    projects: [
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          env: { FLOWLANE_TEST_DB: 'sqlite' },
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: dbTests,
                env: { FLOWLANE_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
