import { configDefaults, defineConfig } from 'vitest/config';

// Three projects: `node` for the domain, the HTTP contract (api/), the backend, infra and cross-cutting tests;
// `jsdom` for the add-in, which runs in a browser (Office's webview); `faults` for the
// reliability suite (`npm run test:faults`): crashes, bursts, recovery and limits, run one file
// at a time after the others so that its load does not disturb them (nor they its figures).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          // One in-memory DynamoDB Local for the whole run; workers get its endpoint.
          globalSetup: ['test/setup/dynamodb.global.ts'],
          // The handlers' request lines (functions/http/telemetry.ts) at warnings and errors only.
          env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
          include: [
            'api/**/*.test.ts',
            'domain/**/*.test.ts',
            'xlsx/**/*.test.ts',
            'functions/**/*.test.ts',
            'infra/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'test/faults/**'],
        },
      },
      {
        test: {
          name: 'faults',
          environment: 'node',
          globalSetup: ['test/setup/dynamodb.global.ts'],
          include: ['test/faults/**/*.test.ts'],
          env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
          fileParallelism: false,
          // Each scenario bounds itself; this is the backstop.
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['addin/**/*.test.{ts,tsx}'],
          // Fluent UI renders slowly in jsdom, and more so while the browser tests share the cores:
          // a whole-pane interaction test can take several seconds without anything being wrong.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
