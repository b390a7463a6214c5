// The publish ledger (state/<account>.jsonl): record types, parsing that tolerates a torn last line,
// and the replay that tells, per post and part, what went out. Pure; the file side lives in ledger-file.ts.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PublishedPost } from '../schedule/timeline.js';
import { parseJsonLines } from './json-lines.js';

/** Format version written in every record. */
export const LEDGER_VERSION = 1 as const;

/** Written (and fsynced) just before a part is sent. */
export interface IntentRecord {
  v: 1;
  type: 'intent';
  account: string;
  /** The channel's network when the account has `channels:` (absent: channel-less, or written before). */
  channel?: string;
  post: string;
  /** 0 = the main post, 1… = thread replies. */
  part: number;
  /** SHA-256 of the exact text sent, so a later run can tell whether the text changed. */
  text_sha256: string;
  /** The instant the post was planned for (ISO); its slot stays taken once the post is out. */
  planned?: string;
  at: string;
  run: string;
}

/** The part went out: the network gave it this id (and, on Bluesky, this content hash). */
export interface PublishedRecord {
  v: 1;
  type: 'published';
  account: string;
  /** The channel's network when the account has `channels:` (absent: channel-less, or written before). */
  channel?: string;
  post: string;
  part: number;
  platform_id: string;
  /** Bluesky: the record's CID, which a reply to it needs. */
  cid?: string;
  url: string;
  at: string;
  run: string;
}

/** The part was definitely not sent (X refused it, or it was rate limited); safe to try again. */
export interface FailedRecord {
  v: 1;
  type: 'failed';
  account: string;
  /** The channel's network when the account has `channels:` (absent: channel-less, or written before). */
  channel?: string;
  post: string;
  part: number;
  reason: string;
  at: string;
  run: string;
}

/** After an unknown outcome, the account's timeline was searched: found (with its id) or not. */
export interface ReconciledRecord {
  v: 1;
  type: 'reconciled';
  account: string;
  /** The channel's network when the account has `channels:` (absent: channel-less, or written before). */
  channel?: string;
  post: string;
  part: number;
  found: boolean;
  platform_id?: string;
  cid?: string;
  url?: string;
  at: string;
  run: string;
}

/** The post was reported missed (late window or expired deal) for this planned time; not reported again. */
export interface MissedRecord {
  v: 1;
  type: 'missed';
  account: string;
  /** The channel's network when the account has `channels:` (absent: channel-less, or written before). */
  channel?: string;
  post: string;
  part: number;
  /**
   * What it was missed for: the planned instant (ISO), or a date-only post's date (YYYY-MM-DD); a post
   * moved to a new time or day is judged again.
   */
  planned: string;
  reason: string;
  at: string;
  run: string;
}

export type LedgerRecord = IntentRecord | PublishedRecord | FailedRecord | ReconciledRecord | MissedRecord;

/** Why a ledger could not be read, located by line. */
export interface LedgerProblem {
  line: number;
  message: string;
}

export interface ParsedLedger {
  records: LedgerRecord[];
  /** True when the last line was cut short by a crash (no newline, not JSON); it is ignored. */
  tornTail: boolean;
  problems: LedgerProblem[];
}

/** One part that went out. */
export interface SentPart {
  platformId: string;
  /** Bluesky: the record's CID. */
  cid?: string | undefined;
  url: string;
  at: Date;
}

/** What the ledger says about one post. */
export interface PostState {
  /** Parts that went out, by part index. */
  sent: Map<number, SentPart>;
  /** Parts with an intent but no outcome yet: the outcome is unknown and must be reconciled. */
  unknown: Map<number, IntentRecord>;
  /** Planned times (ISO) the post was already reported missed for. */
  missedFor: Set<string>;
  /** The instant the main part was planned for, from its intent (ISO), when recorded. */
  planned?: string | undefined;
}

/** What the ledger says about one account. */
export interface LedgerState {
  posts: Map<string, PostState>;
  /** When the account last published anything (for min-gap). */
  lastPublishedAt: Date | undefined;
}

/** The hex SHA-256 of a text as UTF-8. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An ISO 8601 instant as Chorus writes it (`Date#toISOString`), that is a real time. */
const instant = z
  .string({ error: 'is not a time' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, {
    error: 'is not an ISO 8601 time like 2026-11-23T08:00:01.204Z',
  })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'is not a real time' });
/** What a missed post was missed for: its planned instant, or for a date-only post its local date. */
const missedFor = z.union([instant, z.string().regex(/^\d{4}-\d{2}-\d{2}$/)], {
  error: 'is neither an ISO 8601 time like 2026-11-23T08:00:01.204Z nor a date like 2026-11-23',
});
const text = z.string({ error: 'is not a text' }).min(1, { error: 'is empty' }).max(10_000);
const common = {
  v: z.literal(LEDGER_VERSION, { error: `is not ${LEDGER_VERSION}` }),
  account: text,
  channel: z
    .string({ error: 'is not a text' })
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'is not a network id' })
    .optional(),
  post: text,
  part: z
    .number({ error: 'is not a number' })
    .int({ error: 'is not a whole number' })
    .nonnegative({ error: 'is negative' })
    .max(1000, { error: 'is too large' }),
  at: instant,
  run: z.string({ error: 'is not a text' }).max(200),
};
// Ids and URLs are checked for the network's shape where they come from the network (src/platforms/); on
// read, a ledger written by hand or by an older version is taken as long as they are bounded texts (an id
// is an X status id or a Bluesky at:// URI).
const platformId = z
  .string({ error: 'is not a text' })
  .min(1, { error: 'is empty' })
  .max(512, { error: 'is too long' });
const cid = z.string({ error: 'is not a text' }).regex(/^[a-z0-9]{8,128}$/, { error: 'is not a content id' });
const url = z.string({ error: 'is not a text' }).max(2000, { error: 'is too long' });

/** The records a ledger may hold, checked on read, so a bad value stops only its own account, located. */
const ledgerRecordSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      ...common,
      type: z.literal('intent'),
      text_sha256: z.string({ error: 'is not a text' }).max(128, { error: 'is too long' }),
      planned: instant.optional(),
    }),
    z.object({ ...common, type: z.literal('published'), platform_id: platformId, cid: cid.optional(), url }),
    z.object({ ...common, type: z.literal('failed'), reason: z.string().max(10_000) }),
    z.object({
      ...common,
      type: z.literal('reconciled'),
      found: z.boolean({ error: 'is not true or false' }),
      platform_id: platformId.optional(),
      cid: cid.optional(),
      url: url.optional(),
    }),
    z.object({ ...common, type: z.literal('missed'), planned: missedFor, reason: z.string().max(10_000) }),
  ],
  { error: 'has no known record type (intent, published, failed, reconciled, missed)' },
);

/** Why a value is not a ledger record, naming the field; undefined when it is one. */
function recordProblem(value: unknown): string | undefined {
  const result = ledgerRecordSchema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return field ? `"${field}" ${issue.message}` : `the record ${issue.message}`;
}

/**
 * Parse a ledger's text. A last line without a newline that is not valid JSON is a write cut short by a
 * crash: it is dropped (`tornTail`). Any other bad line (not JSON, or a record with a bad field, such as an
 * `at` that is not a time) is a problem, located by line.
 */
export function parseLedger(text: string): ParsedLedger {
  return parseJsonLines<LedgerRecord>(text, recordProblem, 'this line is not a ledger record');
}

/** Replay records in order into the state of each post. Linear in the number of records. */
export function replayLedger(records: readonly LedgerRecord[]): LedgerState {
  const posts = new Map<string, PostState>();
  let lastPublishedAt: Date | undefined;
  const stateOf = (post: string): PostState => {
    let state = posts.get(post);
    if (!state) {
      state = { sent: new Map(), unknown: new Map(), missedFor: new Set() };
      posts.set(post, state);
    }
    return state;
  };
  const markSent = (
    record: { post: string; part: number; at: string; cid?: string | undefined },
    id: string,
    url: string,
  ) => {
    const at = new Date(record.at);
    const sent: SentPart = { platformId: id, url, at, ...(record.cid ? { cid: record.cid } : {}) };
    stateOf(record.post).sent.set(record.part, sent);
    stateOf(record.post).unknown.delete(record.part);
    if (!lastPublishedAt || at > lastPublishedAt) lastPublishedAt = at;
  };
  for (const record of records) {
    switch (record.type) {
      case 'intent':
        if (record.part === 0 && typeof record.planned === 'string')
          stateOf(record.post).planned = record.planned;
        // An intent for a part that already went out cannot happen in a healthy ledger; the sent state wins.
        if (!stateOf(record.post).sent.has(record.part))
          stateOf(record.post).unknown.set(record.part, record);
        break;
      case 'published':
        markSent(record, record.platform_id, record.url);
        break;
      case 'reconciled':
        if (record.found && record.platform_id) markSent(record, record.platform_id, record.url ?? '');
        else stateOf(record.post).unknown.delete(record.part);
        break;
      case 'failed':
        stateOf(record.post).unknown.delete(record.part);
        break;
      case 'missed':
        stateOf(record.post).missedFor.add(record.planned);
        break;
    }
  }
  return { posts, lastPublishedAt };
}

/** Posts whose main part went out, in the shape the timeline takes (post id → record). */
export function publishedPosts(state: LedgerState): Map<string, PublishedPost> {
  const out = new Map<string, PublishedPost>();
  for (const [postId, post] of state.posts) {
    const main = post.sent.get(0);
    if (!main) continue;
    const parts = [...post.sent.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part.platformId);
    const planned = post.planned === undefined ? undefined : new Date(post.planned);
    out.set(postId, {
      postId,
      at: main.at,
      platformIds: parts,
      url: main.url,
      ...(planned && !Number.isNaN(planned.getTime()) ? { planned } : {}),
    });
  }
  return out;
}

/** Serialise a record as one stable line: fixed key order, so diffs of committed ledgers stay readable. */
export function formatLedgerRecord(record: LedgerRecord): string {
  const order = [
    'v',
    'type',
    'account',
    'channel',
    'post',
    'part',
    'found',
    'platform_id',
    'cid',
    'url',
    'text_sha256',
    'planned',
    'reason',
    'at',
    'run',
  ];
  const source = record as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (source[key] !== undefined) ordered[key] = source[key];
  return `${JSON.stringify(ordered)}\n`;
}

/**
 * Which ledger a record belongs to: its account, or `<account>@<network>` for a channel of an account with
 * channels (the key of the channel, see src/model/types.ts `channelKey`).
 */
export function ledgerKeyOf(record: { account: string; channel?: string | undefined }): string {
  return record.channel === undefined ? record.account : `${record.account}@${record.channel}`;
}
