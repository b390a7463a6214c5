// Time passes: the real CLI publishes every few virtual minutes for four days around a DST change, with
// jitter, an outage, SIGKILLs, 5xx and cut connections, over explicit, queued, date-only and feed-imported
// posts in three time zones, and an account with channels on X, Bluesky and Mastodon (variants, a post
// narrowed to one channel, Bluesky's own slots). Every post goes out exactly once (per channel it targets),
// at a time its kind allows; the one post planned inside the outage is missed and reported once; lint has
// no errors before and long after.
// The checks live in time-passes-run.ts; time-passes-postgres.sim.ts runs them with the PostgreSQL state
// (in `npm run simulate`).
import { describe, it } from 'vitest';
import { OPTIONS, timePasses } from './time-passes-run.js';

describe('a schedule that holds still while time passes', () => {
  it(`publishes every post exactly once over 4 virtual days (runs every ${OPTIONS.cadenceMinutes} ± ${OPTIONS.jitterMinutes} min, an outage, SIGKILLs, 5xx, cut connections, a DST change)`, async () => {
    await timePasses('files', {});
  }, 600_000);
});
