#!/usr/bin/env node
// `npm run simulate`: the time-passing simulation (tests/simulation) at a heavier cadence than `npm test`
// runs it, with the file state and with the PostgreSQL state (time-passes-postgres.sim.ts, left out of
// `npm test` for time), and the fleet: `chorus publish` every 5 ± 2 virtual minutes for 4 days (about
// 1,150 runs per state). Any variable below
// may be set to override: CHORUS_SIM_CADENCE_MINUTES, CHORUS_SIM_JITTER_MINUTES, CHORUS_SIM_SEED,
// CHORUS_SIM_KILL_SHARE, CHORUS_SIM_CREATE_KILL_SHARE.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = {
  // Also the simulations `npm test` leaves out for time (tests/simulation/*.sim.ts: the PostgreSQL state).
  CHORUS_SIMULATE: '1',
  CHORUS_SIM_CADENCE_MINUTES: '5',
  CHORUS_SIM_JITTER_MINUTES: '2',
  CHORUS_SIM_KILL_SHARE: '0.03',
  ...process.env,
};
const vitest = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const result = spawnSync(process.execPath, [vitest, 'run', 'tests/simulation'], { stdio: 'inherit', env });
process.exitCode = result.status ?? 1;
