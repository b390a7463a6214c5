// Builds the timeline: explicit and published posts are fixed, then the planner places queued posts into slots.

import { expiryInstant, postTimeToInstant } from '../model/time.js';
import type { Account, Post, RenderedPost } from '../model/types.js';
import type { Workspace } from '../model/validate.js';
import { type AccountConstraints, NO_CONSTRAINTS } from './constraints.js';
import { type FixedPost, planAccount, type Unplaced } from './planner.js';
import {
  lateMessage,
  makeTimeline,
  type MissedPost,
  type PublishedPost,
  type Timeline,
  type TimelineEntry,
} from './timeline.js';

export interface BuildTimelineInput {
  workspace: Workspace;
  /** The render stage, for each placed post (the pipeline passes it in: render comes after schedule). */
  render: (post: Post, account: Account, at: Date | undefined) => RenderedPost;
  /** What the planner must respect per account (from the rules that constrain scheduling); absent: nothing. */
  constraints: ReadonlyMap<string, AccountConstraints>;
  now: Date;
  /** Published posts from the ledger: account id → post id → record. */
  published?: ReadonlyMap<string, ReadonlyMap<string, PublishedPost>>;
}

/** The one-line reason stored on an unplaced entry, as `no-free-slot` reports it. */
export function unplacedMessage(unplaced: Unplaced): string {
  return unplaced.date !== undefined
    ? `no free slot on ${unplaced.date}: ${unplaced.reason}`
    : `no free slot until ${unplaced.until} (horizon ${unplaced.horizonDays} days): ${unplaced.reason}`;
}

/**
 * Schedule and render every post of a known account. Pure. Explicit and published posts keep their
 * times; queued posts (no `at`, or a date-only `at`) are placed per account by the planner into free
 * slots at or after `now` minus the late window (a slot that passed within the window is still served)
 * and within `workspace.settings.horizonDays`, respecting every constraint rule that is not off for the
 * account. Posts that time made impossible are marked missed (see MissedPost), never moved.
 */
export function buildTimeline({
  workspace,
  constraints,
  render,
  now,
  published,
}: BuildTimelineInput): Timeline {
  const entries: TimelineEntry[] = [];
  const lateMs = workspace.settings.lateWindowMinutes * 60_000;
  const anchor = now.getTime() - lateMs;
  const postsByAccount = new Map<string, Post[]>();
  for (const post of workspace.posts) {
    if (!workspace.accounts.has(post.account)) continue;
    const list = postsByAccount.get(post.account);
    if (list) list.push(post);
    else postsByAccount.set(post.account, [post]);
  }

  for (const [accountId, posts] of postsByAccount) {
    const account = workspace.accounts.get(accountId)!;
    const publishedHere = published?.get(accountId);
    // Many posts share an `expires` date; resolving it in the zone once each saves time zone look-ups.
    const expiries = new Map<string, Date>();
    const expiresAt = (post: Post): Date | undefined => {
      if (!post.expires) return undefined;
      let instant = expiries.get(post.expires.raw);
      if (!instant) {
        instant = expiryInstant(post.expires, account.timezone);
        expiries.set(post.expires.raw, instant);
      }
      return instant;
    };
    const fixed: FixedPost[] = [];
    const queued: Post[] = [];
    const entry = (post: Post, at: number | undefined, unplaced?: Unplaced): TimelineEntry => {
      const instant = at === undefined ? undefined : new Date(at);
      const record = publishedHere?.get(post.id);
      const expires = expiresAt(post);
      return {
        post,
        account,
        at: instant,
        source: post.at?.kind === 'datetime' ? 'explicit' : 'slot',
        unplacedReason: unplaced ? unplacedMessage(unplaced) : undefined,
        unplaced,
        expiresAt: expires,
        rendered: render(post, account, instant),
        published: record,
        missed: record ? undefined : missedOf(post, instant, expires, unplaced),
      };
    };
    const missedOf = (
      post: Post,
      at: Date | undefined,
      expires: Date | undefined,
      unplaced: Unplaced | undefined,
    ): MissedPost | undefined => {
      if (unplaced?.missed)
        return { key: unplaced.date ?? (at ?? expires ?? now).toISOString(), reason: unplaced.reason };
      if (!at) return undefined;
      if (expires && expires.getTime() <= now.getTime() && at.getTime() <= now.getTime())
        return {
          key: at.toISOString(),
          reason: `the deal expired at ${expires.toISOString()}`,
        };
      if (post.at?.kind === 'datetime' && at.getTime() < anchor)
        return {
          key: at.toISOString(),
          reason: lateMessage(at, now, workspace.settings.lateWindowMinutes),
        };
      return undefined;
    };
    for (const post of posts) {
      const record = publishedHere?.get(post.id);
      const explicit = post.at ? postTimeToInstant(post.at, account.timezone)?.instant : undefined;
      const at = record?.at ?? explicit;
      if (at) {
        fixed.push({ post, at: at.getTime(), slotAt: record?.planned?.getTime() });
        entries.push(entry(post, at.getTime()));
      } else {
        queued.push(post);
      }
    }
    if (queued.length === 0) continue;
    const placements = planAccount({
      account,
      constraints: constraints.get(accountId) ?? NO_CONSTRAINTS,
      fixed,
      queued,
      now: now.getTime(),
      anchor,
      horizonDays: workspace.settings.horizonDays,
      expiresAt: (post) => expiresAt(post)?.getTime(),
    });
    for (const placement of placements) entries.push(entry(placement.post, placement.at, placement.unplaced));
  }
  return makeTimeline(entries);
}
