// The pure planner: places an account's queued posts into its posting slots without breaking any constraint.
import { tzOffset } from '@date-fns/tz';
import { expiryInstant, localDate, localToInstant, toLocalIso } from '../model/time.js';
import type { Account, Post } from '../model/types.js';
import {
  type AccountConstraints,
  beforeExpiry,
  dayHasRoom,
  isQuietTime,
  keepsMinGap,
  lowerBound,
  promoWindowAllows,
  promoWindowMs,
  upperBound,
} from './constraints.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** One posting slot on one local day. */
export interface Slot {
  /** The instant, in epoch milliseconds. */
  at: number;
  /** Local date "YYYY-MM-DD". */
  date: string;
  /** Local time "HH:MM" as written in `slots`. */
  time: string;
}

/** Why a slot cannot take a post; the first four hold for every post, `category` for one category. */
export type BlockReason = 'taken' | 'quiet' | 'day' | 'gap' | 'category' | 'promo' | 'expired';

/** Why a queued post got no slot. */
export interface Unplaced {
  /** The last local date searched: the end of the horizon, or the post's own date for date-only posts. */
  until: string;
  horizonDays: number;
  /** Set for a date-only post: the only day it may take. */
  date: string | undefined;
  /** The main reason, in words ("every slot is taken", "max-posts-per-day (3 a day) fills the days", …). */
  reason: string;
  /**
   * True when time alone made the post impossible: its day, its free slots or its deal went by with no run
   * to send it. Such a post is missed (a warning, reported once by publish), not a problem to fix.
   */
  missed: boolean;
}

/** A post whose time is already known: explicit `at` or published. */
export interface FixedPost {
  post: Post;
  at: number;
  /** The slot a published post was planned for, when it differs from the time it went out: still taken. */
  slotAt?: number | undefined;
}

export interface PlanAccountInput {
  account: Account;
  constraints: AccountConstraints;
  /** Posts with an explicit time or published; they are never moved. */
  fixed: readonly FixedPost[];
  /** Queued posts (no `at`, or a date-only `at`), in calendar order. */
  queued: readonly Post[];
  now: number;
  /**
   * The earliest slot a queued post may take: `now` minus the late window. A slot that passed within the
   * late window and that no post has taken is still served by the run at `now`, so plan and publish agree
   * at any instant and a run that comes a little late still sends what the slot held.
   */
  anchor?: number;
  horizonDays: number;
  /** End of each post's validity (from `expires`), when the caller has it already. */
  expiresAt?: (post: Post) => number | undefined;
}

/** The planner's answer for one queued post: an instant, or why there is none. */
export type Placement =
  | { post: Post; at: number; unplaced?: undefined }
  | { post: Post; at?: undefined; unplaced: Unplaced }
  /**
   * Missed, with the slot it would have had (a past one): the post keeps that place as context for the
   * rules (a day's count, a promo window), as an explicit post that was missed keeps its time.
   */
  | { post: Post; at: number; unplaced: Unplaced & { missed: true } };

const GLOBAL_BLOCKS: ReadonlySet<BlockReason> = new Set(['taken', 'quiet', 'day', 'gap']);

/** Seven weekday lists → the instants of a local day's slots (DST: a slot in the spring-forward gap does not exist that day; a slot in the repeated autumn hour is its first occurrence). */
export function slotsOfDay(
  account: Account,
  date: string,
  offsetAt: (instant: number) => number = (instant) => tzOffset(account.timezone, new Date(instant)),
): Slot[] {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const times = account.slots[weekday] ?? [];
  if (times.length === 0) return [];
  const zone = account.timezone;
  // One offset for the whole day when it has no DST change: the instants of a local day lie between
  // its wall-clock midnight − 14 h and + 36 h, so equal offsets at −14 h and +58 h (both on a grid of
  // midnights − 14 h, which slotsInHorizon reuses) mean none. Saves localToInstant's look-ups.
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const early = offsetAt(midnight - 14 * HOUR_MS);
  const steady = early === offsetAt(midnight + 58 * HOUR_MS) ? early : undefined;
  const out: Slot[] = [];
  for (const time of times) {
    if (steady !== undefined) {
      const [h, m] = time.split(':').map(Number) as [number, number];
      out.push({ at: midnight + (h * 60 + m - steady) * 60_000, date, time });
      continue;
    }
    const resolved = localToInstant(date, time, zone);
    if (resolved.fold === 'gap') continue;
    out.push({ at: resolved.instant.getTime(), date, time });
  }
  return out.sort((a, b) => a.at - b.at);
}

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Index of the first slot at or after `at` (slots are sorted by time). */
function firstSlotAtOrAfter(slots: readonly Slot[], at: number): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every slot of an account at or after `from` and no later than `now + horizonDays`. */
export function slotsInHorizon(account: Account, now: number, horizonDays: number, from = now): Slot[] {
  const end = now + horizonDays * DAY_MS;
  return slotsBetween(account, from, end);
}

/** Every slot of an account at or after `from` and at or before `end`. */
function slotsBetween(account: Account, from: number, end: number): Slot[] {
  const last = localDate(new Date(end), account.timezone);
  const out: Slot[] = [];
  if (account.slots.every((list) => list.length === 0)) return out;
  const samples = new Map<number, number>();
  const offsetAt = (instant: number): number => {
    let offset = samples.get(instant);
    if (offset === undefined) {
      offset = tzOffset(account.timezone, new Date(instant));
      samples.set(instant, offset);
    }
    return offset;
  };
  for (let date = localDate(new Date(from), account.timezone); date <= last; date = nextDate(date)) {
    for (const slot of slotsOfDay(account, date, offsetAt))
      if (slot.at >= from && slot.at <= end) out.push(slot);
  }
  return out;
}

/** What the planner knows about an account while it places posts: occupied times and counts. */
class AccountState {
  readonly times: number[] = [];
  readonly deals: number[] = [];
  readonly perDay = new Map<string, number>();
  readonly perDayCategory = new Map<string, number>();
  /** Slots that published posts were planned for and went out a little after: nobody else takes them. */
  readonly takenSlots = new Set<number>();

  constructor(
    readonly account: Account,
    readonly constraints: AccountConstraints,
    fixed: readonly FixedPost[],
  ) {
    for (const { post, at, slotAt } of fixed) {
      this.count(post, at, localDate(new Date(at), account.timezone));
      if (slotAt !== undefined && slotAt !== at) this.takenSlots.add(slotAt);
    }
    this.times.sort((a, b) => a - b);
    this.deals.sort((a, b) => a - b);
  }

  private count(post: Post, at: number, date: string): void {
    this.times.push(at);
    if (post.category === 'deals') this.deals.push(at);
    this.perDay.set(date, (this.perDay.get(date) ?? 0) + 1);
    const key = `${date}|${post.category}`;
    this.perDayCategory.set(key, (this.perDayCategory.get(key) ?? 0) + 1);
  }

  /** Record a placed post, keeping the time lists sorted. */
  place(post: Post, slot: Slot): void {
    this.times.splice(upperBound(this.times, slot.at), 0, slot.at);
    if (post.category === 'deals') this.deals.splice(upperBound(this.deals, slot.at), 0, slot.at);
    this.perDay.set(slot.date, (this.perDay.get(slot.date) ?? 0) + 1);
    const key = `${slot.date}|${post.category}`;
    this.perDayCategory.set(key, (this.perDayCategory.get(key) ?? 0) + 1);
  }

  /** The first constraint that stops `post` from taking `slot`, or undefined when it may. */
  check(slot: Slot, post: Post, expiresAt: number | undefined): BlockReason | undefined {
    const { times, constraints: c } = this;
    const index = lowerBound(times, slot.at);
    if (times[index] === slot.at || this.takenSlots.has(slot.at)) return 'taken';
    if (c.quietHours && isQuietTime(slot.time, c.quietHours)) return 'quiet';
    if (c.maxPostsPerDay !== undefined && !dayHasRoom(this.perDay.get(slot.date) ?? 0, c.maxPostsPerDay))
      return 'day';
    if (c.minGapMinutes !== undefined) {
      const previous = times[index - 1];
      const next = times[index];
      if (previous !== undefined && !keepsMinGap(slot.at - previous, c.minGapMinutes)) return 'gap';
      if (next !== undefined && !keepsMinGap(next - slot.at, c.minGapMinutes)) return 'gap';
    }
    const categoryLimit = c.maxPerCategoryPerDay?.[post.category];
    if (
      categoryLimit !== undefined &&
      !dayHasRoom(this.perDayCategory.get(`${slot.date}|${post.category}`) ?? 0, categoryLimit)
    )
      return 'category';
    if (c.respectExpiry && expiresAt !== undefined && !beforeExpiry(slot.at, expiresAt)) return 'expired';
    if (post.category === 'deals' && c.promoShare && !this.promoAllows(slot.at)) return 'promo';
    return undefined;
  }

  /**
   * When the last promo refusal (see `promoAllows`) can end at the earliest: slots before it would be
   * refused the same way, so the planner skips them.
   */
  promoBlockedUntil = 0;

  /**
   * Whether one more deal at `at` keeps every promo window it would fall in (its own and later deals').
   * On refusal, sets `promoBlockedUntil`:
   * - own window over: until a post enters it or its oldest deal leaves (in between, deals stay and
   *   posts only leave, so the allowance cannot grow);
   * - a later deal's window over: until that deal's time (any deal before it is in its window).
   */
  private promoAllows(at: number): boolean {
    const promo = this.constraints.promoShare!;
    const width = promoWindowMs(promo);
    const windowAt = (end: number) => ({
      posts: upperBound(this.times, end) - upperBound(this.times, end - width) + 1,
      deals: upperBound(this.deals, end) - upperBound(this.deals, end - width) + 1,
    });
    const own = windowAt(at);
    if (!promoWindowAllows(promo, own.deals, own.posts)) {
      const entering = this.times[upperBound(this.times, at)] ?? Number.POSITIVE_INFINITY;
      const oldestDeal = this.deals[upperBound(this.deals, at - width)];
      const leaving =
        oldestDeal !== undefined && oldestDeal <= at ? oldestDeal + width : Number.POSITIVE_INFINITY;
      this.promoBlockedUntil = Math.min(entering, leaving);
      return false;
    }
    // Later deals whose window (t − days, t] would now also hold this one.
    for (let j = upperBound(this.deals, at); j < this.deals.length && this.deals[j]! < at + width; j++) {
      const later = windowAt(this.deals[j]!);
      if (!promoWindowAllows(promo, later.deals, later.posts)) {
        this.promoBlockedUntil = this.deals[j]!;
        return false;
      }
    }
    return true;
  }
}

function describe(
  reason: BlockReason,
  account: Account,
  c: AccountConstraints,
  post: Post,
  expiresAt?: number,
): string {
  switch (reason) {
    case 'taken':
      return 'every slot is taken';
    case 'quiet':
      return `quiet-hours (${c.quietHours?.start}-${c.quietHours?.end}) cover the slots`;
    case 'day':
      return `max-posts-per-day (${c.maxPostsPerDay} a day) fills the days`;
    case 'gap':
      return `min-gap (${c.minGapMinutes} min) to neighbouring posts blocks the slots`;
    case 'category':
      return `max-per-category-per-day (${post.category}: ${c.maxPerCategoryPerDay?.[post.category]} a day) fills the days`;
    case 'promo':
      return `promo-share (at most ${Math.round((c.promoShare?.max ?? 0) * 100)}% deals in ${c.promoShare?.days} days) leaves no room for another deal`;
    case 'expired':
      return `the post expires at ${toLocalIso(new Date(expiresAt!), account.timezone)} before a slot is free`;
  }
}

/** The reason blocking most of `slots` for `post` (ties: the order of BlockReason). */
function mainReason(
  state: AccountState,
  slots: readonly Slot[],
  post: Post,
  expiresAt: number | undefined,
): { text: string; kind: BlockReason | 'none'; promo: boolean } {
  const { account, constraints } = state;
  if (slots.length === 0) {
    const text = account.slots.every((list) => list.length === 0)
      ? 'the account has no posting slots (add `slots:` to its account file)'
      : 'no posting slot falls in that time';
    return { text, kind: 'none', promo: false };
  }
  const tally = new Map<BlockReason, number>();
  for (const slot of slots) {
    const reason = state.check(slot, post, expiresAt);
    if (reason === 'expired') {
      return {
        text: describe('expired', account, constraints, post, expiresAt),
        kind: 'expired',
        promo: tally.has('promo'),
      };
    }
    if (reason) tally.set(reason, (tally.get(reason) ?? 0) + 1);
  }
  let best: BlockReason = 'taken';
  let bestCount = -1;
  for (const [reason, count] of tally) {
    if (count > bestCount) {
      best = reason;
      bestCount = count;
    }
  }
  return {
    text: describe(best, account, constraints, post, expiresAt),
    kind: best,
    promo: tally.has('promo'),
  };
}

/**
 * Place an account's queued posts, date-only ones first, each group in calendar order, each post into the
 * first slot at or after the anchor
 * (`now` minus the late window) that no post has taken and that breaks no constraint with the fixed posts
 * and the posts placed before it. A date-only post takes the first such slot of its local day. A post that
 * time alone made impossible (its day, or its deal, went by with no run) is marked `missed`. Pure and
 * deterministic. Cost: slots are visited from per-account and per-category cursors that only move forward
 * past slots that can never open again, so a long queue does not rescan from the anchor for every post.
 */
export function planAccount(input: PlanAccountInput): Placement[] {
  const { account, constraints, now, horizonDays } = input;
  const anchor = Math.min(input.anchor ?? now, now);
  const state = new AccountState(account, constraints, input.fixed);
  const slots = slotsInHorizon(account, now, horizonDays, anchor);
  const until = localDate(new Date(now + horizonDays * DAY_MS), account.timezone);
  let cursor = 0;
  const categoryCursor = new Map<string, number>();
  // A category whose last post found no slot up to the horizon: later ones fail the same way.
  // `promo` says whether promo-share blocked some slot, so a later non-deal could make room.
  const exhausted = new Map<string, { text: string; promo: boolean }>();
  const promoRefused = new Set<Post>();
  const placed = (post: Post): void => {
    if (post.category !== 'deals' && exhausted.get('deals')?.promo) exhausted.delete('deals');
  };
  // Slots of the horizon before the anchor, for asking whether a post would have had room there (only for
  // the rare post that finds none now); computed once.
  let pastSlots: Slot[] | undefined;
  const pastRoom = (post: Post, expiresAt: number | undefined): Slot | undefined => {
    pastSlots ??= anchor > 0 ? slotsBetween(account, anchor - horizonDays * DAY_MS, anchor - 1) : [];
    return pastSlots.find(
      (slot) =>
        (expiresAt === undefined || beforeExpiry(slot.at, expiresAt)) &&
        state.check(slot, post, expiresAt) === undefined,
    );
  };
  // A missed post keeps the past slot it would have had, if any, as context for the rules.
  const missedAt = (post: Post, slot: Slot | undefined, unplaced: Unplaced & { missed: true }): Placement => {
    if (!slot) return { post, unplaced };
    state.place(post, slot);
    return { post, at: slot.at, unplaced };
  };

  const placeOne = (post: Post): Placement => {
    const expiresAt = input.expiresAt
      ? input.expiresAt(post)
      : post.expires
        ? expiryInstant(post.expires, account.timezone).getTime()
        : undefined;
    if (post.at?.kind === 'date') {
      const day = post.at.date;
      const ofDay = slotsOfDay(account, day);
      const candidates = ofDay.filter((slot) => slot.at >= anchor);
      const slot = candidates.find((s) => state.check(s, post, expiresAt) === undefined);
      if (slot) {
        state.place(post, slot);
        placed(post);
        return { post, at: slot.at };
      }
      const unplaced = (reason: string, missed: boolean): Placement => ({
        post,
        unplaced: { until: day, horizonDays, date: day, reason, missed },
      });
      const missed = (reason: string) =>
        missedAt(
          post,
          ofDay.find((s) => s.at < anchor && state.check(s, post, expiresAt) === undefined),
          { until: day, horizonDays, date: day, reason, missed: true },
        );
      const dayOver =
        ofDay.length > 0 ? candidates.length === 0 : day < localDate(new Date(anchor), account.timezone);
      if (dayOver)
        return missed(
          day < localDate(new Date(now), account.timezone)
            ? `its day, ${day}, has passed`
            : `its last slot on ${day} has passed`,
        );
      if (ofDay.some((s) => s.at < anchor && state.check(s, post, expiresAt) === undefined))
        return missed(`its free slots on ${day} have passed and the rest are taken`);
      if (ofDay.length === 0) return unplaced('the account has no posting slot that day', false);
      const main = mainReason(state, candidates, post, expiresAt);
      if (main.promo) promoRefused.add(post);
      return unplaced(main.text, false);
    }

    if (expiresAt !== undefined && expiresAt <= now) {
      const reason = `the deal expired at ${toLocalIso(new Date(expiresAt), account.timezone)}`;
      return { post, unplaced: { until, horizonDays, date: undefined, reason, missed: true } };
    }
    const known = exhausted.get(post.category);
    if (known?.promo) promoRefused.add(post);
    if (known !== undefined)
      return { post, unplaced: { until, horizonDays, date: undefined, reason: known.text, missed: false } };
    let index = Math.max(cursor, categoryCursor.get(post.category) ?? 0);
    let movesGlobal = index === cursor;
    let movesCategory = true;
    let found: Slot | undefined;
    let expired = false;
    for (; index < slots.length; index++) {
      const slot = slots[index]!;
      if (expiresAt !== undefined && constraints.respectExpiry && !beforeExpiry(slot.at, expiresAt)) {
        expired = true;
        break;
      }
      const reason = state.check(slot, post, expiresAt);
      if (reason === undefined) {
        found = slot;
        break;
      }
      if (reason === 'promo') {
        // Skip the slots before the promo windows can change: they would be refused the same way.
        const change = state.promoBlockedUntil;
        movesGlobal = false;
        movesCategory = false;
        index = Math.max(index, firstSlotAtOrAfter(slots, change) - 1);
        continue;
      }
      const permanentForAll = GLOBAL_BLOCKS.has(reason);
      if (movesGlobal && permanentForAll) cursor = index + 1;
      else movesGlobal = false;
      if (movesCategory && (permanentForAll || reason === 'category'))
        categoryCursor.set(post.category, index + 1);
      else movesCategory = false;
    }
    if (found) {
      state.place(post, found);
      placed(post);
      return { post, at: found.at };
    }
    // A deal that had room before its expiry, but only in slots that have passed: time made it
    // impossible, which is not a mistake in the calendar to fix (lint must not turn red as time passes).
    // A queued deal's past slot is not kept as context (unlike a date-only post's, which had one day):
    // which past slot it would have had depends on when it was written, which Chorus cannot know.
    if (expired && pastRoom(post, expiresAt)) {
      const reason = `no free slot is left before the deal expires at ${toLocalIso(new Date(expiresAt!), account.timezone)}; the last one has passed`;
      return { post, unplaced: { until, horizonDays, date: undefined, reason, missed: true } };
    }
    const reason = mainReason(state, slots, post, expiresAt);
    // Searched to the end of the horizon: later posts of this category cannot fit either, since
    // placing posts only adds constraints (except that a non-deal may make room under promo-share).
    if (!expired) exhausted.set(post.category, reason);
    if (reason.promo) promoRefused.add(post);
    return { post, unplaced: { until, horizonDays, date: undefined, reason: reason.text, missed: false } };
  };

  // Date-only posts first: each has one day, while a post without `at` can go anywhere. Otherwise queued
  // posts moving forward as time passes (with no run to send them) could crowd a date-only post out of
  // its day, and lint would turn red with no file changed.
  const ordered = [
    ...input.queued.filter((post) => post.at?.kind === 'date'),
    ...input.queued.filter((post) => post.at?.kind !== 'date'),
  ];
  const placements = ordered.map(placeOne);
  // A deal refused for the promo share may fit once the posts after it in the file are placed.
  if (promoRefused.size > 0) {
    exhausted.delete('deals');
    for (let i = 0; i < placements.length; i++) {
      const placement = placements[i]!;
      if (placement.unplaced && promoRefused.has(placement.post)) placements[i] = placeOne(placement.post);
    }
  }
  return placements;
}
