// The overview is the scorecards in brief: on the shipped example, every figure of an overview row is the
// figure of that account's section, the totals are the sums of the rows, and JSON, CSV and table agree.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/format/report-numbers.js';
import type { Report } from '../../src/report/scorecard.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = (format: string) =>
  runCli(
    [
      'report',
      '--state',
      'examples/scorecards/state',
      '--conversions',
      'examples/scorecards/conversions.csv',
      '--format',
      format,
      '--now',
      '2027-01-04T12:00:00Z',
    ],
    { cwd: REPO },
  );

let report: Report;
let table: string;
let csv: string;
beforeAll(() => {
  const json = example('json');
  expect(json.code).toBe(0);
  report = JSON.parse(json.stdout) as Report;
  table = example('table').stdout;
  csv = example('csv').stdout;
}, 30_000);

/** How the table and the sections name a row: the channel key (`larkspur-news@x`) or the account id. */
const nameOf = (row: { account: string; channel?: string | null }) =>
  row.channel ? `${row.account}@${row.channel}` : row.account;

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 1e6) / 1e6;

describe('the overview of the example workspace', () => {
  it('has one row per account, in the order of the sections, largest revenue (USD) first', () => {
    expect(report.primaryCurrency).toBe('USD');
    expect(report.overview.map(nameOf)).toEqual(report.accounts.map(nameOf));
    expect(report.overview[0]!.account).toBe('larkspur-outlet');
    const usd = report.overview.map((r) => r.revenue.find((m) => m.currency === 'USD')?.revenue ?? 0);
    expect(usd).toEqual([...usd].sort((a, b) => b - a));
  });

  it('shows in each row exactly the figures of its section', () => {
    for (const [i, row] of report.overview.entries()) {
      const card = report.accounts[i]!;
      expect(row).toMatchObject({
        published: card.posts.published,
        missed: card.posts.missed,
        failed: card.posts.failed,
        promotionalShare: card.posts.promotionalShare,
        promoLimit: card.posts.promoLimit?.max ?? null,
        followerChange: card.followers.growth,
        engagementPerPost: card.engagement.perPost,
        cost: card.cost,
        net: card.net,
        verdict: card.verdict,
      });
      expect(row.published).toBe(report.posts.filter((p) => nameOf(p) === nameOf(row)).length);
      expect(row.revenue).toEqual(
        card.business.byCurrency.map(({ currency, orders, revenue }) => ({ currency, orders, revenue })),
      );
      expect(row.rulesBroken).toBe(card.verdict.broken.reduce((n, b) => n + b.dates.length, 0));
    }
  });

  it('adds up to the business totals, per currency', () => {
    for (const total of report.business.byCurrency) {
      const rows = report.overview.flatMap((r) => r.revenue.filter((m) => m.currency === total.currency));
      expect(sum(rows.map((m) => m.revenue))).toBe(total.revenue);
      expect(sum(rows.map((m) => m.orders))).toBe(total.orders);
      // And the posts' own revenue adds up to the same.
      const posts = report.posts.flatMap((p) => p.business.filter((m) => m.currency === total.currency));
      expect(sum(posts.map((m) => m.revenue))).toBe(total.revenue);
    }
    // Only X has default prices: the Mastodon and Weibo accounts (nothing published either) have no cost.
    const [cost] = report.business.cost;
    expect(cost!.currency).toBe('USD');
    const priced = report.overview.flatMap((r) => (r.cost ? [r.cost] : []));
    expect(priced).toHaveLength(report.overview.filter((r) => r.network === 'x').length);
    expect(sum(priced.map((c) => c.amount))).toBe(cost!.amount);
    expect(sum(priced.map((c) => c.postsWithUrl + c.postsWithoutUrl))).toBe(
      cost!.postsWithUrl + cost!.postsWithoutUrl,
    );
    const usdNet = report.business.net.find((n) => n.currency === 'USD')!;
    expect(usdNet.net).toBe(sum([usdNet.revenue, -usdNet.cost]));
  });

  it('prints the same figures in the table overview and in each account section', () => {
    const [overview, ...sections] = table.split('\n\n').slice(1);
    for (const row of report.overview) {
      const line = overview!.split('\n').find((l) => l.trim().startsWith(`${nameOf(row)} `))!;
      const section = sections.find((s) => s.startsWith(`${nameOf(row)} (`))!;
      for (const m of row.revenue) {
        const text = formatMoney(m.revenue, m.currency, row.locale);
        expect(line).toContain(text);
        expect(section).toMatch(new RegExp(`Business\\s+${text.replace(/[$.]/g, '\\$&')} from`));
      }
      if (row.cost) {
        const cost = formatMoney(row.cost.amount, row.cost.currency, row.locale);
        expect(line).toContain(cost);
        expect(section).toContain(`Posting cost ${cost}`);
      } else expect(section).not.toContain('Posting cost');
      expect(line).toMatch(/within its limits$/);
    }
  });

  it('leads the CSV with the same rows', () => {
    const rows = parse(csv.split('\n\n')[0]!, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => nameOf({ account: r.account!, channel: r.channel }))).toEqual(
      report.overview.map(nameOf),
    );
    for (const [i, row] of report.overview.entries()) {
      expect(Number(rows[i]!.published)).toBe(row.published);
      expect(rows[i]!.cost).toBe(row.cost ? String(row.cost.amount) : '');
      for (const m of row.revenue) expect(Number(rows[i]![`revenue_${m.currency}`])).toBe(m.revenue);
    }
  });
});
