// Test runner configuration: unit tests under tests/, CLI tests run the built bin.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // A private PostgreSQL cluster for the state tests (skipped, named so, when PostgreSQL is not installed).
    globalSetup: ['tests/setup/postgres.ts'],
  },
});
