import { defineConfig } from 'vitest/config';

// Two projects: `node` for the domain, the backend, infra and cross-cutting tests;
// `jsdom` for the add-in, which runs in a browser (Office's webview).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          // One in-memory DynamoDB Local for the whole run; workers get its endpoint.
          globalSetup: ['test/setup/dynamodb.global.ts'],
          include: [
            'domain/**/*.test.ts',
            'functions/**/*.test.ts',
            'infra/**/*.test.ts',
            'test/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['addin/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
