// Unknown outcomes (timeout, cut connection, 5xx, crash between sending and recording) are never retried
// blindly: the account's recent posts are searched for the part, by tracking code or exact text.

import type { TimelineEntry } from '../schedule/timeline.js';
import { type IntentRecord, textSha256 } from '../state/ledger.js';
import type { TimelinePost } from './x-client.js';

/** Look back this far before the intent, to allow for clock skew between us and X. */
export const RECONCILE_MARGIN_MS = 5 * 60_000;

const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Find the post that an intent created, if X has it. Matches a part's exact text (whitespace-normalised),
 * the text whose hash the intent recorded, or, when the post has a tracking code, any post carrying that
 * code; a reply must also answer the previous part when that one's id is known.
 */
export function findSentPart(
  entry: TimelineEntry,
  intent: IntentRecord,
  previousPartId: string | undefined,
  recent: readonly TimelinePost[],
): TimelinePost | undefined {
  const text = entry.rendered.parts[intent.part]?.text;
  if (text === undefined) return undefined;
  const wanted = normalise(text);
  const code = intent.part === 0 ? entry.rendered.trackingCode : undefined;
  return recent.find((post) => {
    if (intent.part > 0 && previousPartId !== undefined && post.inReplyTo !== previousPartId) return false;
    if (normalise(post.text) === wanted) return true;
    // The calendar may have changed since the attempt: the intent's hash identifies the text really sent.
    if (textSha256(post.text) === intent.text_sha256) return true;
    return code !== undefined && post.text.includes(code);
  });
}

/** The earliest moment worth searching from for a set of intents. */
export function searchSince(intents: readonly IntentRecord[]): Date {
  const earliest = Math.min(...intents.map((intent) => new Date(intent.at).getTime()));
  return new Date(earliest - RECONCILE_MARGIN_MS);
}
