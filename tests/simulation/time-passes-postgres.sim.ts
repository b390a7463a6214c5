// The time-passing simulation (time-passes-run.ts) with the ledger and the locks in PostgreSQL: the same
// world, faults and checks as with the files, every command (import, lint, publish) reading the database.
// Run by `npm run simulate` (about as long as the file-state run, so `npm test` leaves it out).
import { it } from 'vitest';
import { describePostgres } from '../helpers/postgres.js';
import { migratedDatabase } from '../helpers/state-backends.js';
import { OPTIONS, timePasses } from './time-passes-run.js';

describePostgres('a schedule that holds still while time passes, with the PostgreSQL state', () => {
  it(`publishes every post exactly once over 4 virtual days (runs every ${OPTIONS.cadenceMinutes} ± ${OPTIONS.jitterMinutes} min, an outage, SIGKILLs, 5xx, cut connections, a DST change)`, async () => {
    await timePasses('postgres', { CHORUS_STATE_URL: await migratedDatabase() });
  }, 600_000);
});
