// Test runner configuration: unit tests under tests/, CLI tests run the built bin. The global setup installs
// the test-only Bluesky server when it is missing (tests/servers/bluesky/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
