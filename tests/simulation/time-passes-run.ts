// Time passes: the real CLI publishes every few virtual minutes for four days around a DST change, with
// jitter, an outage, SIGKILLs, 5xx and cut connections, over explicit, queued, date-only and feed-imported
// posts in three time zones, and an account with channels on X, Bluesky and Mastodon (its checks:
// time-passes-channels.ts). Every post goes out exactly once (per channel it targets), at a time its kind
// allows; the one post planned inside the outage is missed and reported once; lint has no errors before and
// long after. `npm run simulate` runs the same world at a 5-minute cadence (CHORUS_SIM_CADENCE_MINUTES and
// friends).
// Shared by the test with the file state and the one with the PostgreSQL state.
import { expect } from 'vitest';
import { localToInstant } from '../../src/model/time.js';
import { startPds } from '../helpers/pds.js';
import { checkChannelAccount } from './time-passes-channels.js';
import {
  defaultWorld,
  importFeed,
  ledgerOf,
  lintAt,
  localParts,
  outcomes,
  simulate,
  type SimulationOptions,
  startServers,
  writeWorld,
} from './world.js';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const OPTIONS: SimulationOptions = {
  cadenceMinutes: number('CHORUS_SIM_CADENCE_MINUTES', 40),
  jitterMinutes: number('CHORUS_SIM_JITTER_MINUTES', 8),
  seed: number('CHORUS_SIM_SEED', 20270328),
  killShare: number('CHORUS_SIM_KILL_SHARE', 0.06),
  createKillShare: number('CHORUS_SIM_CREATE_KILL_SHARE', 0.08),
  faults: { cutAfterAccept: 0.08, error5xx: 0.08 },
};

/** The simulation and its checks; `stateEnv` points the CLI at the state (empty: files under state/). */
export async function timePasses(label: string, stateEnv: Record<string, string>): Promise<void> {
  const world = defaultWorld();
  // The Bluesky account lives on the real PDS, started for the whole simulation.
  const pds = await startPds();
  const users = new Map<string, { handle: string; appPassword: string; did: string }>();
  for (const account of world.accounts.filter((a) => a.platform === 'bluesky')) {
    users.set(account.id, await pds.createAccount(account.id));
  }
  // The account with channels has its Bluesky channel on the same PDS.
  users.set(world.channelAccount.id, await pds.createAccount(world.channelAccount.id));
  world.bluesky = { url: pds.url, users };
  const servers = await startServers(world, OPTIONS);
  const server = servers.x;
  try {
    const root = await writeWorld(world);

    // The daily feed goes in first, as the deals job does; its rows with a date in `starts` are date-only.
    const imported = importFeed(world, root, stateEnv);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    // Lint before anything happens: no errors.
    const before = lintAt(root, world.start, stateEnv);
    expect(before.code, before.stdout + before.stderr).toBe(0);

    const log = await simulate(world, root, OPTIONS, servers, stateEnv);
    console.log(
      `simulation (${label}): ${log.runs} runs (${log.kills} killed, ${log.killsAfterCreate.x + log.killsAfterCreate.mastodon} of them right after a create, ${log.skipped} skipped for the outage) over 4 virtual days, ${(log.wallMs / 1000).toFixed(1)} s wall time (${(log.lockWaitMs / 1000).toFixed(1)} s waiting out ownerless locks)`,
    );
    expect(log.badExits).toEqual([]);
    expect(log.stopped).toEqual([]);
    // The runs must have been killed some of the time, or the test proves nothing about crashes.
    expect(log.kills).toBeGreaterThan(0);
    // And right after creates of the account with channels reached X and Mastodon.
    expect(log.killsAfterCreate.channelAccount).toBeGreaterThanOrEqual(2);

    const late = world.lateWindowMinutes * 60_000;
    let published = 0;
    let blueskyPosts = 0;
    for (const account of world.accounts) {
      const records = await ledgerOf(root, account.id, stateEnv);
      const sent = outcomes(records);
      // Exactly once on the network: as many posts there as ledger successes, every id distinct and known.
      const onNetwork =
        account.platform === 'bluesky'
          ? (await pds.listRecords(users.get(account.id)!.did)).map((r) => ({ id: r.uri }))
          : server.postsOf(account.id);
      expect(new Set(onNetwork.map((p) => p.id)).size).toBe(onNetwork.length);
      expect(new Set([...sent.values()].map((o) => o.platformId))).toEqual(
        new Set(onNetwork.map((p) => p.id)),
      );
      if (account.platform === 'bluesky') blueskyPosts += onNetwork.length;

      const imports = world.feed.account === account.id ? world.feed.rows.length : 0;
      for (const post of account.posts) {
        const outcome = sent.get(post.id);
        if (post.id === 'b-explicit-outage' || post.id === 'b-dated-thu') {
          // Planned inside the outage, or on a day before the first run: missed, recorded once, never sent;
          // and the ledger, with that record in it, stays readable: the account went on publishing.
          expect(outcome).toBeUndefined();
          expect(records.filter((r) => r.type === 'missed' && r.post === post.id)).toHaveLength(1);
          continue;
        }
        expect(outcome, `${account.id}/${post.id} went out`).toBeDefined();
        const { planned, sentAt } = outcome!;
        expect(planned, `${account.id}/${post.id} has its planned time in the ledger`).toBeDefined();
        // Sent within the late window after its planned time.
        expect(sentAt.getTime() - planned!.getTime()).toBeGreaterThanOrEqual(0);
        expect(sentAt.getTime() - planned!.getTime()).toBeLessThanOrEqual(late);
        const local = localParts(planned!, account.timezone);
        if (post.kind === 'explicit') {
          const explicit = post.at.includes('T')
            ? new Date(post.at)
            : localToInstant(post.at.slice(0, 10), post.at.slice(11), account.timezone).instant;
          expect(planned!.getTime()).toBe(explicit.getTime());
        } else {
          // Queued and date-only posts go in a slot that exists that day (not in the DST gap).
          expect(account.slotsOn(local.weekday), `${account.id}/${post.id} at ${local.time}`).toContain(
            local.time,
          );
          const roundTrip = localToInstant(local.date, local.time, account.timezone);
          expect(roundTrip.fold).not.toBe('gap');
          expect(roundTrip.instant.getTime()).toBe(planned!.getTime());
          if (post.kind === 'date-only') expect(local.date).toBe(post.date);
        }
        published++;
      }
      // Feed deals: every imported row went out on its own local day, in a slot.
      const feedPosts = [...sent.entries()].filter(([id]) => !account.posts.some((p) => p.id === id));
      expect(feedPosts).toHaveLength(imports);
      for (const [, outcome] of feedPosts) {
        const local = localParts(outcome.planned!, account.timezone);
        expect(world.feed.rows.map((r) => r.starts)).toContain(local.date);
        expect(account.slotsOn(local.weekday)).toContain(local.time);
      }
      published += feedPosts.length;
      // Nothing is stuck: no intent is left without an outcome.
      const open = new Map<string, number>();
      for (const r of records) {
        const key = `${r.post}#${r.part}`;
        if (r.type === 'intent') open.set(key, (open.get(key) ?? 0) + 1);
        else if (r.type !== 'missed') open.delete(key);
      }
      expect([...open.keys()]).toEqual([]);
    }
    expect(blueskyPosts).toBe(world.accounts.find((a) => a.platform === 'bluesky')!.posts.length);
    const channels = world.channelAccount;
    expect(server.posts.filter((p) => p.username !== channels.id)).toHaveLength(published - blueskyPosts);

    // The account with channels: once per channel, with each network's variant, in each channel's slots.
    const perChannel = await checkChannelAccount(
      world,
      root,
      servers,
      pds,
      users.get(channels.id)!.did,
      stateEnv,
    );
    console.log(
      `simulation (${label}), ${channels.id} on ${channels.channels.map((c) => c.network).join(', ')}: the same ${log.runs} runs (${log.kills} killed; ${log.killsAfterCreate.channelAccount} right after a create of ${channels.id} reached X or Mastodon); ${channels.channels.map((c) => `${perChannel[c.network]} posts on ${c.network}`).join(', ')} (thread replies included), each exactly once, in its channel's slot, with its network's variant`,
    );

    // Ten days after the end, with no file changed: lint has no errors.
    const after = lintAt(root, new Date(Date.parse(world.end) + 10 * 86_400_000).toISOString(), stateEnv);
    expect(after.code, after.stdout + after.stderr).toBe(0);
  } finally {
    await servers.close();
    await pds.stop();
  }
}
