// Unit tests need nothing; integration tests get a database (TEST_DATABASE_URL for PostgreSQL)
// and a built server. Browser tests (test/e2e) run separately via `npm run test:e2e`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    env: { NODE_ENV: 'test' },
  },
});
