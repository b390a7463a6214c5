// Lint and the scorecard judge the same published posts with the same walks (src/lint/limits.ts): for each
// case, the (rule, local date) pairs lint reports on published posts are exactly the scorecard's findings.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { buildReport, LIMIT_RULES } from '../../src/report/scorecard.js';
import { type LedgerRecord, publishedPosts, replayLedger } from '../../src/state/ledger.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

interface Case {
  name: string;
  limits: Record<string, number>;
  /** Published posts: id, category, UTC time. */
  posts: [string, 'news' | 'deals', string][];
  /** The broken (rule, local date) pairs both must find. */
  broken: [string, string][];
}

const cases: Case[] = [
  {
    // The case the old scorecard got wrong: 1 deal of 2 posts is 50% > 30%, but at least one deal is
    // always allowed, so lint accepts it; the report must too.
    name: 'a news post and a deal in a quiet week, promo share 0.3',
    limits: { promo_share: 0.3 },
    posts: [
      ['n1', 'news', '2026-12-01T09:00:00Z'],
      ['d1', 'deals', '2026-12-02T09:00:00Z'],
    ],
    broken: [],
  },
  {
    name: 'two deals in a row, promo share 0.3',
    limits: { promo_share: 0.3 },
    posts: [
      ['d1', 'deals', '2026-12-01T09:00:00Z'],
      ['d2', 'deals', '2026-12-02T09:00:00Z'],
    ],
    broken: [['promo-share', '2026-12-02']],
  },
  {
    name: 'deals eight days apart are in different windows',
    limits: { promo_share: 0.3 },
    posts: [
      ['d1', 'deals', '2026-12-01T09:00:00Z'],
      ['d2', 'deals', '2026-12-09T09:00:00Z'],
    ],
    broken: [],
  },
  {
    name: 'at the daily cap is within the limit',
    limits: { max_posts_per_day: 2 },
    posts: [
      ['n1', 'news', '2026-12-01T09:00:00Z'],
      ['n2', 'news', '2026-12-01T15:00:00Z'],
    ],
    broken: [],
  },
  {
    name: 'over the daily cap of the local day (Berlin)',
    limits: { max_posts_per_day: 2 },
    posts: [
      ['n1', 'news', '2026-12-01T08:00:00Z'],
      ['n2', 'news', '2026-12-01T12:00:00Z'],
      ['n3', 'news', '2026-12-01T22:30:00Z'], // 23:30 in Berlin: still Dec 1
    ],
    broken: [['max-posts-per-day', '2026-12-01']],
  },
  {
    name: 'a gap of 50 minutes under a minimum of 60',
    limits: { min_gap_minutes: 60 },
    posts: [
      ['n1', 'news', '2026-12-01T09:00:00Z'],
      ['n2', 'news', '2026-12-01T09:50:00Z'],
      ['n3', 'news', '2026-12-01T10:50:00Z'],
    ],
    broken: [['min-gap', '2026-12-01']],
  },
];

const published = (post: string, at: string): LedgerRecord => ({
  v: 1,
  type: 'published',
  account: 'shop',
  post,
  part: 0,
  platform_id: `id-${post}`,
  url: `https://x.com/shop/status/${post}`,
  at: new Date(at).toISOString(),
  run: 'r',
});

describe('lint and the scorecard agree on the limits of published posts', () => {
  it.each(cases)('$name', ({ limits, posts, broken }) => {
    // Every limit not under test is generous, so only the one under test can break.
    const all = { max_posts_per_day: 10, min_gap_minutes: 0, promo_share: 1, ...limits };
    const chorus = `limits:\n${Object.entries(all)
      .map(([key, value]) => `  ${key}: ${value}\n`)
      .join('')}`;
    const calendar = posts
      .map(
        ([id, category, at]) =>
          `- id: ${id}\n  category: ${category}\n  text: "Post ${id}, different from the others."\n  at: "${at}"\n` +
          (category === 'deals'
            ? `  link: https://shop.example.com/${id}\n  expires: 2027-01-31\n  approved_by: ben\n`
            : ''),
      )
      .join('');
    const raw = rawWorkspaceFromFiles({
      'chorus.yaml': chorus,
      'accounts/shop.yaml': accountYaml('', { handle: 'shop' }),
      'content/shop/posts.yaml': calendar,
    });
    const ledger = replayLedger(posts.map(([id, , at]) => published(id, at)));
    const now = new Date('2027-01-05T00:00:00Z');
    const outcome = analyseWorkspace(raw, { now, published: new Map([['shop', publishedPosts(ledger)]]) });
    const report = buildReport({
      outcome,
      ledgers: new Map([['shop', ledger]]),
      metrics: new Map(),
      conversions: undefined,
      accounts: [],
      from: undefined,
      to: undefined,
      now,
    });
    // The workspace itself is valid: only the limit under test can be broken.
    expect(outcome.problems.filter((p) => p.ruleId === 'schema')).toEqual([]);
    const card = report.accounts[0]!;
    const localDateOf = new Map(report.posts.map((p) => [p.post, p.localDate]));
    const limitRules = new Set<string>(LIMIT_RULES);
    // Lint's reports on published posts are history (not problems to fix), judged with the real times.
    const lint = [
      ...new Set(
        outcome.history
          .filter((p) => limitRules.has(p.ruleId))
          .map((p) => `${p.ruleId} ${localDateOf.get(p.postId!)}`),
      ),
    ].sort();
    const scorecard = card.limits.findings.map((f) => `${f.rule} ${f.date}`).sort();
    const expected = broken.map(([rule, date]) => `${rule} ${date}`).sort();
    expect(lint).toEqual(expected);
    expect(scorecard).toEqual(expected);
    expect(card.verdict.ok).toBe(expected.length === 0);
  });
});
