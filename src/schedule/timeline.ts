// The schedule stage's output: every post of every known account with the instant it goes out.

import type { Account, Post, RenderedPost } from '../model/types.js';
import type { Unplaced } from './planner.js';

/** Where a post's time came from. */
export type TimeSource = 'explicit' | 'slot';

/** A post the ledger says went out (filled by src/publish from state/<account>.jsonl). */
export interface PublishedPost {
  postId: string;
  /** When it was published. */
  at: Date;
  /** Platform ids of the main post and each thread part, in order. */
  platformIds: string[];
  url: string | undefined;
  /** The time it was planned for (recorded by publish), when known: its slot stays taken. */
  planned?: Date | undefined;
}

/**
 * A post that time made impossible: not published, and its time (beyond the late window), its day or its
 * deal went by. Reported once by publish (recorded in the ledger under `key`), a warning in lint.
 */
export interface MissedPost {
  /** What it was missed for, as the ledger's `planned` field: the planned instant (ISO), or the date. */
  key: string;
  reason: string;
}

/** One post on the timeline. */
export interface TimelineEntry {
  post: Post;
  account: Account;
  /** When the post goes out; undefined when it is queued but no slot could be found. */
  at: Date | undefined;
  source: TimeSource;
  /** Why a queued post has no time (no free slot until …). */
  unplacedReason: string | undefined;
  /** The same, as data (the last day searched, the horizon, the main reason). */
  unplaced?: Unplaced | undefined;
  /** End of a deal (from `expires`), if any. */
  expiresAt: Date | undefined;
  /** Final text of each part, filled by the render stage. */
  rendered: RenderedPost;
  /** Set when the ledger records the post as published; it then keeps its real time. */
  published: PublishedPost | undefined;
  /** Set when the post can no longer go out (see MissedPost); rules treat it as history, not as a plan. */
  missed?: MissedPost | undefined;
}

/** All entries, sorted by time (unplaced last), plus a per-account index in the same order. */
export interface Timeline {
  entries: TimelineEntry[];
  byAccount: Map<string, TimelineEntry[]>;
}

/** Sort key: time, then account, then calendar order; unplaced entries go last. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const ta = a.at?.getTime() ?? Number.POSITIVE_INFINITY;
  const tb = b.at?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  if (a.account.id !== b.account.id) return a.account.id < b.account.id ? -1 : 1;
  return a.post.order - b.post.order;
}

/** Build the indexes of a timeline from its entries. */
export function makeTimeline(entries: TimelineEntry[]): Timeline {
  entries.sort(compareEntries);
  const byAccount = new Map<string, TimelineEntry[]>();
  for (const entry of entries) {
    const list = byAccount.get(entry.account.id);
    if (list) list.push(entry);
    else byAccount.set(entry.account.id, [entry]);
  }
  return { entries, byAccount };
}

/** A past duration in words for messages: "45 min", "26 h", "48 days". */
export function durationAgo(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 72) return `${hours} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}

/** Why a post planned for `at` was not sent: the late window went by (as lint, plan and publish say it). */
export function lateMessage(at: Date, now: Date, lateWindowMinutes: number): string {
  return `planned for ${at.toISOString()}, ${durationAgo(now.getTime() - at.getTime())} ago: more than the late window of ${lateWindowMinutes} min`;
}
