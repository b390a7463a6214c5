// A small, hand-checkable workspace for the scorecard tests: two accounts, a known ledger, known metrics
// snapshots and a known conversions file. The expected figures in the tests are worked out by hand from here.
import { formatMetricsRecord, type MetricsRecord } from '../../src/state/metrics.js';
import { formatLedgerRecord, type LedgerRecord } from '../../src/state/ledger.js';
import { trackingCode } from '../../src/tracking/code.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const published = (account: string, post: string, part: number, id: string, at: string): LedgerRecord => ({
  v: 1,
  type: 'published',
  account,
  post,
  part,
  platform_id: id,
  url: `https://x.com/${account}/status/${id}`,
  at,
  run: 'r1',
});

const snapshot = (
  post: string,
  part: number,
  at: string,
  likes: number,
  reposts: number,
  replies: number,
  quotes: number,
  impressions?: number,
): MetricsRecord => ({
  v: 1,
  type: 'post',
  account: 'shop',
  post,
  part,
  platform_id: `p-${post}-${part}`,
  likes,
  reposts,
  replies,
  quotes,
  ...(impressions === undefined ? {} : { impressions }),
  at,
  run: 'm',
});

const followers = (at: string, count: number): MetricsRecord => ({
  v: 1,
  type: 'account',
  account: 'shop',
  followers: count,
  following: 0,
  posts: 0,
  at,
  run: 'm',
});

export const code = trackingCode;

/** The conversions CSV (line numbers matter: the header is line 1). */
export function conversionsCsv(): string {
  return [
    'code,orders,revenue,currency,date',
    `${code('shop', 'd1')},2,50.00,EUR,2026-12-01`, // line 2
    `${code('shop', 'd1')},1,19.99,EUR,2026-12-25`, // line 3: dated after --to 2026-12-20
    `${code('shop', 'd2')},1,125,USD,`, // line 4
    `${code('shop', 'n1')},3,30.01,EUR,2026-12-02`, // line 5
    'zzzzzzzzzzzz,1,5,EUR,2026-12-02', // line 6: unknown
    `${code('shop', 'd3')},1,10,EUR,2026-12-21`, // line 7: planned, never published
    `${code('blogger', 'b1')},1,7.00,EUR,2026-12-02`, // line 8
  ].join('\n');
}

/**
 * Account "shop" (UTC, max 2 posts a day, 60 min gap, 50% promo share): published n1 (12-01 09:00), d1 (12-01
 * 09:50), d2 (12-03 09:00), n2 (12-08 09:00, a thread of two parts) and "old" (11-20, no longer in the
 * calendar); d3 is planned but not published (its one attempt failed). Account "blogger": b1 published 12-02 10:00.
 */
export async function scorecardWorkspace(extra: Record<string, string> = {}): Promise<string> {
  const shopLedger: LedgerRecord[] = [
    published('shop', 'old', 0, 'p-old-0', '2026-11-20T09:00:00.000Z'),
    published('shop', 'n1', 0, 'p-n1-0', '2026-12-01T09:00:00.000Z'),
    published('shop', 'd1', 0, 'p-d1-0', '2026-12-01T09:50:00.000Z'),
    published('shop', 'd2', 0, 'p-d2-0', '2026-12-03T09:00:00.000Z'),
    published('shop', 'n2', 0, 'p-n2-0', '2026-12-08T09:00:00.000Z'),
    published('shop', 'n2', 1, 'p-n2-1', '2026-12-08T09:00:01.000Z'),
    // d3 was tried once and refused, then its time went by: one failed post (not also a missed one).
    {
      v: 1,
      type: 'failed',
      account: 'shop',
      post: 'd3',
      part: 0,
      reason: 'rejected',
      at: '2026-12-20T09:00:05.000Z',
      run: 'r2',
    },
  ];
  const shopMetrics: MetricsRecord[] = [
    followers('2026-11-30T00:00:00.000Z', 1000),
    followers('2026-12-10T00:00:00.000Z', 1100),
    snapshot('n1', 0, '2026-12-10T00:00:00.000Z', 10, 2, 1, 0, 500),
    snapshot('d1', 0, '2026-12-10T00:00:00.000Z', 20, 5, 3, 2),
    snapshot('d2', 0, '2026-12-10T00:00:00.000Z', 30, 6, 0, 1),
    snapshot('n2', 0, '2026-12-10T00:00:00.000Z', 4, 0, 1, 0),
    snapshot('n2', 1, '2026-12-10T00:00:00.000Z', 2, 0, 1, 0),
    followers('2026-12-31T00:00:00.000Z', 1250),
    snapshot('n1', 0, '2026-12-31T00:00:00.000Z', 15, 2, 1, 1, 800),
  ];
  const post = (id: string, category: string, at: string, more = '') =>
    `- id: ${id}\n  category: ${category}\n  text: "Post ${id} of the week, worth reading."\n  at: "${at}"\n${more}`;
  return makeWorkspace({
    'chorus.yaml': 'limits:\n  max_posts_per_day: 2\n  min_gap_minutes: 60\n  promo_share: 0.5\n',
    'accounts/shop.yaml': accountYaml('', { handle: 'shop', timezone: 'UTC' }),
    'accounts/blogger.yaml': accountYaml('', { handle: 'blogger', timezone: 'UTC' }),
    'content/shop/posts.yaml': [
      post('n1', 'news', '2026-12-01T09:00:00Z'),
      post('d1', 'deals', '2026-12-01T09:50:00Z'),
      post('d2', 'deals', '2026-12-03T09:00:00Z'),
      post('n2', 'news', '2026-12-08T09:00:00Z', '  thread:\n    - "And the second part."\n'),
      post('d3', 'deals', '2026-12-20T09:00:00Z'),
    ].join(''),
    'content/blogger/posts.yaml': post('b1', 'blog', '2026-12-02T10:00:00Z'),
    'state/shop.jsonl': shopLedger.map(formatLedgerRecord).join(''),
    'state/shop.metrics.jsonl': shopMetrics.map(formatMetricsRecord).join(''),
    'state/blogger.jsonl': formatLedgerRecord(
      published('blogger', 'b1', 0, 'p-b1-0', '2026-12-02T10:00:00.000Z'),
    ),
    'conversions.csv': conversionsCsv(),
    ...extra,
  });
}
