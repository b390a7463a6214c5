// Time passes for an account with channels (X, Bluesky, Mastodon): each post goes out exactly once on every
// channel it targets and never on one it was narrowed away from, with that network's variant (text and
// thread), at its explicit time or in that channel's own slot, kills and reruns notwithstanding; each
// channel's ledger agrees with what its server holds. Called by time-passes-run.ts after the simulation.
import { expect } from 'vitest';
import { localToInstant } from '../../src/model/time.js';
import type { TestPds } from '../helpers/pds.js';
import {
  ledgerOf,
  localParts,
  partOutcomes,
  type SimNetwork,
  versionOn,
  type World,
  type WorldServers,
} from './world.js';

/** A post as a network holds it: its id, its text and the id of the post it answers. */
interface HeldPost {
  id: string;
  text: string;
  replyTo: string | undefined;
}

async function heldOn(
  network: SimNetwork,
  account: string,
  servers: WorldServers,
  pds: TestPds,
  did: string,
): Promise<HeldPost[]> {
  if (network === 'x')
    return servers.x.postsOf(account).map((p) => ({ id: p.id, text: p.text, replyTo: p.inReplyTo }));
  if (network === 'mastodon')
    return servers.mastodon
      .statusesOf(account)
      .map((s) => ({ id: s.id, text: s.text, replyTo: s.inReplyToId ?? undefined }));
  return (await pds.listRecords(did)).map((r) => {
    const reply = r.value.reply as { parent?: { uri?: string } } | undefined;
    return { id: r.uri, text: String(r.value.text), replyTo: reply?.parent?.uri };
  });
}

/** Per channel, how many posts (thread replies included) its network holds, all checked exactly once. */
export type ChannelFigures = Record<SimNetwork, number>;

/** Check the account with channels after the simulation; returns what each network holds. */
export async function checkChannelAccount(
  world: World,
  root: string,
  servers: WorldServers,
  pds: TestPds,
  did: string,
  stateEnv: Record<string, string>,
): Promise<ChannelFigures> {
  const account = world.channelAccount;
  const late = world.lateWindowMinutes * 60_000;
  const figures: ChannelFigures = { x: 0, bluesky: 0, mastodon: 0 };
  // The account itself keeps no ledger: every record is in a channel's.
  expect(await ledgerOf(root, account.id, stateEnv)).toEqual([]);
  for (const channel of account.channels) {
    const key = `${account.id}@${channel.network}`;
    const records = await ledgerOf(root, key, stateEnv);
    expect(records.length, `${key} has a ledger`).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.account, `${key}: a record of ${record.post}`).toBe(account.id);
      expect(record.channel, `${key}: a record of ${record.post}`).toBe(channel.network);
    }
    const sent = partOutcomes(records);
    const held = await heldOn(channel.network, account.id, servers, pds, did);
    // Exactly once on the network: every post held has a distinct id, and the ledger's successes are exactly
    // the posts held, one (post, part) each.
    const heldById = new Map(held.map((p) => [p.id, p]));
    expect(heldById.size, `${key}: distinct ids on the network`).toBe(held.length);
    const sentIds = [...sent.values()].map((o) => o.platformId);
    expect(new Set(sentIds).size, `${key}: one network post per part`).toBe(sentIds.length);
    expect(new Set(sentIds), `${key}: the ledger agrees with the network`).toEqual(new Set(heldById.keys()));

    const expected = new Set<string>();
    for (const post of account.posts) {
      const version = versionOn(post, channel.network);
      if (!version) {
        // Narrowed away from this channel: nothing about it in the ledger, nothing on the network.
        expect(
          records.filter((r) => r.post === post.id),
          `${key}: ${post.id} is not for ${channel.network}`,
        ).toEqual([]);
        continue;
      }
      const texts = [version.text, ...version.thread];
      texts.forEach((text, part) => {
        const partKey = `${post.id}#${part}`;
        expected.add(partKey);
        const outcome = sent.get(partKey);
        expect(outcome, `${key}: ${partKey} went out`).toBeDefined();
        const onNetwork = heldById.get(outcome!.platformId)!;
        // That network's variant: its text, and each reply answers the part before it.
        expect(onNetwork.text, `${key}: ${partKey}'s text`).toBe(text);
        expect(onNetwork.replyTo, `${key}: ${partKey} answers`).toBe(
          part === 0 ? undefined : sent.get(`${post.id}#${part - 1}`)!.platformId,
        );
      });
      const { planned, sentAt } = sent.get(`${post.id}#0`)!;
      expect(planned, `${key}: ${post.id} has its planned time in the ledger`).toBeDefined();
      expect(sentAt.getTime() - planned!.getTime()).toBeGreaterThanOrEqual(0);
      expect(sentAt.getTime() - planned!.getTime()).toBeLessThanOrEqual(late);
      const local = localParts(planned!, account.timezone);
      if (post.kind === 'explicit') {
        const explicit = localToInstant(post.at.slice(0, 10), post.at.slice(11), account.timezone).instant;
        expect(planned!.getTime(), `${key}: ${post.id} at its time`).toBe(explicit.getTime());
      } else {
        // In this channel's own slots, on a day that slot exists (not in the DST gap).
        expect(channel.slotsOn(local.weekday), `${key}: ${post.id} at ${local.time}`).toContain(local.time);
        const roundTrip = localToInstant(local.date, local.time, account.timezone);
        expect(roundTrip.fold).not.toBe('gap');
        expect(roundTrip.instant.getTime()).toBe(planned!.getTime());
        if (post.kind === 'date-only') expect(local.date).toBe(post.date);
      }
    }
    // Nothing else went out on this channel (no stray part, no other post).
    expect(new Set(sent.keys()), `${key}: the parts that went out`).toEqual(expected);
    // Nothing is stuck: no intent is left without an outcome.
    const open = new Set<string>();
    for (const r of records) {
      if (r.type === 'intent') open.add(`${r.post}#${r.part}`);
      else if (r.type !== 'missed') open.delete(`${r.post}#${r.part}`);
    }
    expect([...open], `${key}: intents without an outcome`).toEqual([]);
    figures[channel.network] = held.length;
  }
  return figures;
}
