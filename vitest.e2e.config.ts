// Browser journeys: Playwright (playwright-core) driving Debian's Chromium against the built server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One browser journey at a time: the machine has two cores.
    fileParallelism: false,
    env: { NODE_ENV: 'test' },
  },
});
