// Test runner configuration: unit tests under tests/, CLI tests run the built bin.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm run simulate` (CHORUS_SIMULATE=1) adds the long simulations that `npm test` leaves out for time:
    // the time-passing simulation with the PostgreSQL state (tests/simulation/*.sim.ts).
    include: [
      'tests/**/*.test.ts',
      ...(process.env.CHORUS_SIMULATE === '1' ? ['tests/simulation/*.sim.ts'] : []),
    ],
    testTimeout: 30_000,
    pool: 'forks',
    // A private PostgreSQL cluster for the state tests (skipped, named so, when PostgreSQL is not installed).
    globalSetup: ['tests/setup/postgres.ts'],
  },
});
