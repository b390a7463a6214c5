// Reconciliation for networks that can only be asked "what did this account post lately" (X, Mastodon,
// Weibo): find each part whose outcome is unknown among the account's recent posts, by exact text, by the
// hash of the text the intent recorded, or by the post's tracking code.
import { createHash } from 'node:crypto';
import type { SentQuery } from './types.js';

/** Look back this far before the intent, to allow for clock skew between us and the network. */
export const RECONCILE_MARGIN_MS = 5 * 60_000;

/** A post as read back from an account's timeline. */
export interface TimelinePost {
  id: string;
  /** Text with shortened links expanded back to what was sent. */
  text: string;
  /** The post it replies to, if any. */
  inReplyTo: string | undefined;
}

const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Find the post a query's part became, if the timeline has it. Matches the part's exact text
 * (whitespace-normalised), the text whose hash the intent recorded, or, when the post has a tracking code,
 * any post carrying that code; a reply must also answer the previous part when that one's id is known.
 */
export function matchTimeline(query: SentQuery, recent: readonly TimelinePost[]): TimelinePost | undefined {
  const wanted = normalise(query.text);
  const code = query.key.part === 0 ? query.trackingCode : undefined;
  const parent = query.parent?.id;
  return recent.find((post) => {
    if (query.key.part > 0 && parent !== undefined && post.inReplyTo !== parent) return false;
    if (normalise(post.text) === wanted) return true;
    // The calendar may have changed since the attempt: the intent's hash identifies the text really sent.
    if (sha256(post.text) === query.textSha256) return true;
    return code !== undefined && post.text.includes(code);
  });
}

/** The earliest moment worth searching from for a set of queries. */
export function earliestSince(queries: readonly SentQuery[]): Date {
  return new Date(Math.min(...queries.map((query) => query.since.getTime())));
}
