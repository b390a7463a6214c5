// `chorus report` on a small hand-checkable workspace: joins, totals, ranges, unknown codes, currencies, shapes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/scorecard.js';
import { runCli } from '../helpers/run-cli.js';
import { code, scorecardWorkspace } from './fixture.js';

let root: string;
beforeAll(async () => {
  root = await scorecardWorkspace();
});

const report = (...args: string[]) =>
  runCli(['report', '--root', root, '--now', '2027-01-05T00:00:00Z', ...args], { cwd: root });
const json = (stdout: string) => JSON.parse(stdout) as Report;
const shop = (r: Report) => r.accounts.find((a) => a.account === 'shop')!;

describe('chorus report: joins and totals', () => {
  it('counts posts by category and week, the promotional share and the limits broken', () => {
    const result = report('--format', 'json', '--account', 'shop');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const card = shop(json(result.stdout));
    expect(card.posts.total).toBe(5);
    expect(card.posts.byCategory).toEqual({ news: 2, deals: 2, blog: 0, community: 0, removed: 1 });
    expect(card.posts.promotionalShare).toBe(0.4);
    expect(card.posts.byWeek.map((w) => [w.week, w.total])).toEqual([
      ['2026-11-16', 1],
      ['2026-11-23', 0],
      ['2026-11-30', 3],
      ['2026-12-07', 1],
    ]);
    // 12-01 holds 2 posts at a cap of 2: at the cap, not over it, so no finding. d1 (1 deal of 2 posts, 1
    // allowed) keeps the promo share as lint counts it; d2 (2 deals of 3) does not.
    expect(card.limits.findings).toEqual([
      { rule: 'min-gap', date: '2026-12-01', post: 'd1', previous: 'n1', minutes: 50, minGap: 60 },
      {
        rule: 'promo-share',
        date: '2026-12-03',
        post: 'd2',
        deals: 2,
        posts: 3,
        days: 7,
        allowed: 1,
        limit: 0.5,
      },
    ]);
    // Lint's own reports of these rules are the same findings, so they are not listed twice.
    expect(card.limits.problems.filter((p) => ['min-gap', 'promo-share'].includes(p.ruleId))).toEqual([]);
    // The fixture's deals also lack an approval, an expiry and a tracked link: error-level rules broken too.
    expect(card.verdict.ok).toBe(false);
    expect(
      card.verdict.broken.filter((b) => ['min-gap', 'promo-share', 'max-posts-per-day'].includes(b.rule)),
    ).toEqual([
      { rule: 'min-gap', dates: ['2026-12-01'] },
      { rule: 'promo-share', dates: ['2026-12-03'] },
    ]);
    expect(card.posts).toMatchObject({
      published: 5,
      missed: 0,
      failed: 1,
      promoLimit: { max: 0.5, days: 7 },
    });
  });

  it('takes the latest snapshot of each part, sums thread parts, and derives per-post figures', () => {
    const card = shop(json(report('--format', 'json', '--account', 'shop').stdout));
    expect(card.followers).toMatchObject({ start: { count: 1000 }, end: { count: 1250 }, growth: 250 });
    expect(card.engagement).toMatchObject({
      measuredPosts: 4,
      likes: 15 + 20 + 30 + 6,
      reposts: 2 + 5 + 6,
      replies: 1 + 3 + 0 + 2,
      quotes: 1 + 2 + 1,
      impressions: 800,
      total: 94,
      perPost: 23.5,
      participation: 1.5,
      influence: 4.25,
    });
    expect(card.engagement.byCategory).toEqual([
      { category: 'news', posts: 2, engagement: 27, perPost: 13.5 },
      { category: 'deals', posts: 2, engagement: 67, perPost: 33.5 },
    ]);
    expect(card.topPosts.map((p) => [p.post, p.metrics!.engagement])).toEqual([
      ['d2', 37],
      ['d1', 30],
      ['n1', 19],
      ['n2', 8],
    ]);
  });

  it('joins conversions by tracking code, per post, category and account, never adding currencies', () => {
    const result = report('--format', 'json', '--conversions', 'conversions.csv');
    const r = json(result.stdout);
    const card = shop(r);
    expect(card.business.byCurrency).toEqual([
      { currency: 'EUR', orders: 6, revenue: 100, perThousandFollowers: 80 },
      { currency: 'USD', orders: 1, revenue: 125, perThousandFollowers: 100 },
    ]);
    expect(card.business.byCategory).toEqual([
      { category: 'news', currency: 'EUR', orders: 3, revenue: 30.01 },
      { category: 'deals', currency: 'EUR', orders: 3, revenue: 69.99 },
      { category: 'deals', currency: 'USD', orders: 1, revenue: 125 },
    ]);
    const d1 = r.posts.find((p) => p.post === 'd1')!;
    expect(d1.code).toBe(code('shop', 'd1'));
    expect(d1.business).toEqual([{ currency: 'EUR', orders: 3, revenue: 69.99 }]);
    expect(r.business.byCurrency).toEqual([
      { currency: 'EUR', orders: 7, revenue: 107 },
      { currency: 'USD', orders: 1, revenue: 125 },
    ]);
  });

  it('reports unknown and unpublished codes with their CSV line on stderr and in the report, and exits 1', () => {
    const result = report('--format', 'json', '--conversions', 'conversions.csv');
    expect(result.code).toBe(1);
    expect(json(result.stdout).business.unmatched).toEqual([
      { line: 6, code: 'zzzzzzzzzzzz', orders: 1, revenue: 5, currency: 'EUR', reason: 'unknown' },
      {
        line: 7,
        code: code('shop', 'd3'),
        orders: 1,
        revenue: 10,
        currency: 'EUR',
        reason: 'unpublished',
        account: 'shop',
        channel: null,
        post: 'd3',
      },
    ]);
    expect(result.stderr).toContain(
      'conversions.csv:6: tracking code "zzzzzzzzzzzz" matches no post of any account',
    );
    expect(result.stderr).toContain(
      `conversions.csv:7: tracking code "${code('shop', 'd3')}" belongs to shop/d3`,
    );
  });

  it('limits posts, snapshots and dated conversions to --from/--to', () => {
    const r = json(
      report(
        '--format',
        'json',
        '--conversions',
        'conversions.csv',
        '--from',
        '2026-12-01',
        '--to',
        '2026-12-20',
      ).stdout,
    );
    const card = shop(r);
    expect(card.posts.total).toBe(4); // "old" (11-20) is outside
    expect(card.followers).toMatchObject({ start: { count: 1000 }, end: { count: 1100 }, growth: 100 });
    expect(r.posts.find((p) => p.post === 'n1')!.metrics).toMatchObject({
      likes: 10,
      engagement: 13,
      impressions: 500,
    });
    // d1's row dated 12-25 is outside: 50 + 30.01 EUR remain.
    expect(card.business.byCurrency[0]).toEqual({
      currency: 'EUR',
      orders: 5,
      revenue: 80.01,
      perThousandFollowers: 72.74,
    });
    expect(r.business.outsideReport).toBe(1);
  });
});

describe('chorus report: formats', () => {
  it('writes one CSV row per post with one revenue column per currency', () => {
    const result = report('--format', 'csv', '--conversions', 'conversions.csv', '--account', 'shop');
    const [overview, posts] = result.stdout.split('\n\n');
    const accounts = parse(overview!, { columns: true }) as Record<string, string>[];
    expect(accounts).toEqual([
      expect.objectContaining({
        account: 'shop',
        published: '5',
        promotional_share: '0.4',
        // (rule, date) pairs: min-gap, promo-share, and the deals' approval, deal-link and deal-expiry errors.
        rules_broken: '8',
        revenue_EUR: '100.00',
        revenue_USD: '125.00',
        cost_currency: 'USD',
        verdict: expect.stringMatching(/^broke .*min-gap \(2026-12-01\); promo-share \(2026-12-03\)$/),
      }),
    ]);
    const rows = parse(posts!, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'account',
      'post_id',
      'category',
      'published_at',
      'url',
      'code',
      'likes',
      'reposts',
      'replies',
      'quotes',
      'impressions',
      'engagement',
      'orders',
      'revenue_EUR',
      'revenue_USD',
      'channel',
    ]);
    expect(rows.map((r) => r.post_id)).toEqual(['old', 'n1', 'd1', 'd2', 'n2']);
    expect(rows.find((r) => r.post_id === 'd1')).toMatchObject({
      orders: '3',
      revenue_EUR: '69.99',
      revenue_USD: '',
      engagement: '30',
      impressions: '',
    });
    expect(rows.find((r) => r.post_id === 'old')).toMatchObject({
      category: 'removed',
      likes: '',
      orders: '0',
    });
  });

  it('keeps every JSON key, with null for absent values', () => {
    const r = json(report('--format', 'json', '--account', 'blogger').stdout);
    expect(Object.keys(r)).toEqual([
      'version',
      'generatedAt',
      'range',
      'overview',
      'accounts',
      'primaryCurrency',
      'posts',
      'business',
    ]);
    expect(r.version).toBe(2);
    expect(r.range).toEqual({ from: null, to: null });
    const card = r.accounts[0]!;
    expect(Object.keys(card)).toEqual([
      'account',
      'channel',
      'handle',
      'name',
      'network',
      'networkName',
      'purpose',
      'locale',
      'timezone',
      'posts',
      'verdict',
      'limits',
      'followers',
      'engagement',
      'topPosts',
      'business',
      'cost',
      'net',
    ]);
    expect(card.followers).toEqual({ start: null, end: null, growth: null, series: [] });
    expect(card.engagement.perPost).toBeNull();
    expect(r.posts[0]).toMatchObject({
      account: 'blogger',
      post: 'b1',
      category: 'blog',
      metrics: null,
      business: [],
    });
    // b1 is one post with no URL ($0.015) and no metrics read.
    const cost = { currency: 'USD', postsWithoutUrl: 1, postsWithUrl: 0, reads: 0, amount: 0.015 };
    expect(card.cost).toEqual(cost);
    expect(r.business).toEqual({
      conversions: false,
      byCurrency: [],
      unmatched: [],
      outsideReport: 0,
      cost: [cost],
      net: [{ currency: 'USD', revenue: 0, cost: 0.015, net: -0.015 }],
    });
  });

  it('prints a readable table and writes --out atomically', async () => {
    const table = report('--account', 'shop', '--conversions', 'conversions.csv');
    expect(table.stdout).toContain('shop (@shop) · X · brand · UTC');
    expect(table.stdout).toMatch(/Verdict\s+broke .*min-gap \(Dec 1\); promo-share \(Dec 3\)\n/);
    expect(table.stdout).toMatch(
      /Posts\s+5 published \(news 2, deals 2, removed 1\), 0 missed, 1 failed; promotional share 40% \(limit 50%\)/,
    );
    expect(table.stdout).toMatch(/Business\s+€100\.00 from 6 orders, €80\.00 per 1,000 followers/);
    const out = report('--account', 'shop', '--format', 'html', '--out', 'out/report.html');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    const html = await readFile(path.join(root, 'out/report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // Self-contained: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).toContain('new Chart(');
  });
});

describe('chorus report: mistakes', () => {
  it('refuses a bad conversions file with file:line and exit 2', async () => {
    const bad = await scorecardWorkspace({
      'bad.csv': 'code,orders,revenue,currency\nabc,2,12.50,EUR\nabc,two,1,EUR\n',
    });
    const result = runCli(['report', '--root', bad, '--conversions', 'bad.csv'], { cwd: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.csv:3:1: orders should be a whole number, not "two"/);
    expect(result.stderr).toContain('hint:');
  });

  it('refuses a missing column, a bad date and an unknown account (exit 2)', async () => {
    const bad = await scorecardWorkspace({ 'nocur.csv': 'code,orders,revenue\nabc,1,1\n' });
    const noCurrency = runCli(['report', '--root', bad, '--conversions', 'nocur.csv'], { cwd: bad });
    expect(noCurrency.code).toBe(2);
    expect(noCurrency.stderr).toMatch(/nocur\.csv:1:1: the header has no currency column/);
    expect(runCli(['report', '--root', bad, '--from', '2026-13-01']).stderr).toMatch(
      /--from "2026-13-01" is not a date/,
    );
    expect(runCli(['report', '--root', bad, '--account', 'shpo']).stderr).toMatch(
      /There is no account "shpo"\n {2}hint: Accounts in this workspace: blogger, shop\./,
    );
  });
});
