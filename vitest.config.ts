// Test runner configuration: unit tests under tests/, CLI tests run the built bin. The global setup installs
// the test-only Bluesky server when it is missing (tests/servers/bluesky/).
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
    // A private PostgreSQL cluster for the state tests (skipped, named so, when PostgreSQL is not installed),
    // and the test-only Bluesky server (installed on first use, kept in node_modules/.chorus-test-pds).
    globalSetup: ['tests/setup/postgres.ts', 'tests/helpers/global-setup.ts'],
  },
});
