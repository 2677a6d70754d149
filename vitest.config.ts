import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing; integration tests (`*.int.test.ts`)
// need real PostgreSQL, Redis and Kafka, resolved once by the global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'node_modules/**'],
          // Some unit tests run the CLI as a child process (tsx start-up: ~2.5 s on an idle
          // 2-core machine, several times that under load): the default 5 s made them flaky.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // A test schema is a development database: verification keys missing from the
          // environment are generated into it (lib/verify/secrets.ts). Child processes get the
          // same opt-in from test/support/db.ts; tests of the production rule pass their own env.
          env: { LAC_ALLOW_GENERATED_SECRETS: '1' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
