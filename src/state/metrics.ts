// Metrics snapshots (state/<account>.metrics.jsonl): record types, parsing and stable serialisation.
// Pure; reading and appending the file live in metrics-file.ts.
import { parseJsonLines } from './json-lines.js';

/** Format version written in every record. */
export const METRICS_VERSION = 1 as const;

/** One published post part's public metrics at one moment. */
export interface PostSnapshot {
  v: 1;
  type: 'post';
  account: string;
  post: string;
  /** 0 = the main post, 1… = thread replies. */
  part: number;
  platform_id: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Only when X returned impression_count for the post. */
  impressions?: number;
  at: string;
  run: string;
}

/** The account's public metrics at one moment. */
export interface AccountSnapshot {
  v: 1;
  type: 'account';
  account: string;
  followers: number;
  following: number;
  /** X's own count of the account's posts (all of them, not only Chorus's). */
  posts: number;
  at: string;
  run: string;
}

export type MetricsRecord = PostSnapshot | AccountSnapshot;

/** A bad line of a metrics file. */
export interface MetricsProblem {
  line: number;
  message: string;
}

const count = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isMetricsRecord(value: unknown): value is MetricsRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.account !== 'string' || typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)))
    return false;
  if (r.type === 'account') return count(r.followers);
  if (r.type === 'post') {
    return (
      typeof r.post === 'string' &&
      count(r.part) &&
      typeof r.platform_id === 'string' &&
      count(r.likes) &&
      count(r.reposts) &&
      count(r.replies) &&
      count(r.quotes) &&
      (r.impressions === undefined || count(r.impressions))
    );
  }
  return false;
}

/**
 * Parse a metrics file. Like the ledger, a last line cut short by a crash (no newline) is ignored;
 * any other bad line is a problem located by line.
 */
export function parseMetrics(text: string): { records: MetricsRecord[]; problems: MetricsProblem[] } {
  const { records, problems } = parseJsonLines<MetricsRecord>(
    text,
    (value) => (isMetricsRecord(value) ? undefined : 'not type post or account with whole counts ≥ 0'),
    'this line is not a metrics record',
  );
  return { records, problems };
}

const ORDER = [
  'v',
  'type',
  'account',
  'post',
  'part',
  'platform_id',
  'followers',
  'following',
  'posts',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'impressions',
  'at',
  'run',
];

/** Serialise a record as one line with a fixed key order, so committed files diff cleanly. */
export function formatMetricsRecord(record: MetricsRecord): string {
  const source = record as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of ORDER) if (source[key] !== undefined) ordered[key] = source[key];
  return `${JSON.stringify(ordered)}\n`;
}
