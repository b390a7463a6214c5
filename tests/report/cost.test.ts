// What posting costs: X's documented prices by default, chorus.yaml overrides, exact sums per currency, and
// `chorus plan`'s cost of the posts still to be sent (per account and in total).
import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, priceTable, sumCosts } from '../../src/report/cost.js';
import { netOf } from '../../src/report/scorecard.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const x = DEFAULT_PRICES.x!;

describe('costOf: counts × prices, summed exactly', () => {
  it.each([
    ['nothing', { postsWithoutUrl: 0, postsWithUrl: 0, reads: 0 }, 0],
    ['one post', { postsWithoutUrl: 1, postsWithUrl: 0, reads: 0 }, 0.015],
    ['one post with a URL', { postsWithoutUrl: 0, postsWithUrl: 1, reads: 0 }, 0.2],
    ['one owned read', { postsWithoutUrl: 0, postsWithUrl: 0, reads: 1 }, 0.001],
    ['3 posts: 0.045, not 0.045000000000000005', { postsWithoutUrl: 3, postsWithUrl: 0, reads: 0 }, 0.045],
    ['the outlet in December', { postsWithoutUrl: 2, postsWithUrl: 6, reads: 35 }, 1.265],
    ['50 posts a day for 30 days, all with a URL', { postsWithoutUrl: 0, postsWithUrl: 1500, reads: 0 }, 300],
  ])('%s', (_name, counts, amount) => {
    expect(costOf(x, counts)).toEqual({ ...counts, currency: 'USD', amount });
  });

  it('adds costs per currency, never across currencies', () => {
    const usd = costOf(x, { postsWithoutUrl: 1, postsWithUrl: 1, reads: 10 });
    const eur = costOf({ ...x, currency: 'EUR' }, { postsWithoutUrl: 10, postsWithUrl: 0, reads: 0 });
    expect(sumCosts([usd, eur, usd])).toEqual([
      { currency: 'EUR', postsWithoutUrl: 10, postsWithUrl: 0, reads: 0, amount: 0.15 },
      { currency: 'USD', postsWithoutUrl: 2, postsWithUrl: 2, reads: 20, amount: 0.45 },
    ]);
  });

  it('revenue minus cost only subtracts a cost in its own currency', () => {
    const cost = costOf(x, { postsWithoutUrl: 0, postsWithUrl: 4, reads: 20 });
    expect(
      netOf(
        [
          { currency: 'JPY', orders: 6, revenue: 70723 },
          { currency: 'USD', orders: 1, revenue: 90.35 },
        ],
        [cost],
      ),
    ).toEqual([
      { currency: 'JPY', revenue: 70723, cost: 0, net: 70723 },
      { currency: 'USD', revenue: 90.35, cost: 0.82, net: 89.53 },
    ]);
  });
});

describe('priceTable: chorus.yaml `prices:` over the documented defaults', () => {
  it('defaults to X pay-per-use prices', () => {
    expect(priceTable(undefined).x).toEqual({
      currency: 'USD',
      post: 0.015,
      post_with_url: 0.2,
      owned_read: 0.001,
    });
  });
  it('takes the fields written and keeps the rest', () => {
    expect(priceTable({ prices: { x: { post_with_url: 0.25 } } }).x).toEqual({ ...x, post_with_url: 0.25 });
  });
  it('falls back to the defaults when `prices:` is invalid (validate reports it)', () => {
    expect(priceTable({ prices: { x: { post: -1 } } }).x).toEqual(x);
  });
});

describe('chorus plan: the cost of the posts still to be sent', () => {
  const post = (id: string, at: string, more = '') =>
    `- id: ${id}\n  category: news\n  text: "Post ${id}, a different text each time."\n  at: "${at}"\n${more}`;

  it('prices each part, with and without a URL, per account and in total; chorus.yaml prices apply', async () => {
    const root = await makeWorkspace({
      'chorus.yaml': 'limits:\n  min_gap_minutes: 0\nprices:\n  x: { post: 0.01 }\n',
      'accounts/a.yaml': accountYaml('', { handle: 'a' }),
      'accounts/b.yaml': accountYaml('', { handle: 'b' }),
      'content/a/posts.yaml':
        post('p1', '2026-12-01T09:00:00Z') +
        post('p2', '2026-12-01T11:00:00Z', '  link: https://example.com/p2\n') +
        post('p3', '2026-12-09T11:00:00Z'), // after --to
      'content/b/posts.yaml': post('p4', '2026-12-02T09:00:00Z', '  thread:\n    - "A second part."\n'),
    });
    const run = runCli([
      'plan',
      '--root',
      root,
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-07',
      '--format',
      'json',
      '--now',
      '2026-11-30T00:00:00Z',
    ]);
    expect(run.code).toBe(0);
    const { cost } = JSON.parse(run.stdout) as { cost: { accounts: unknown[]; total: unknown[] } };
    expect(cost.accounts).toEqual([
      { account: 'a', currency: 'USD', postsWithoutUrl: 1, postsWithUrl: 1, reads: 0, amount: 0.21 },
      { account: 'b', currency: 'USD', postsWithoutUrl: 2, postsWithUrl: 0, reads: 0, amount: 0.02 },
    ]);
    expect(cost.total).toEqual([
      { currency: 'USD', postsWithoutUrl: 3, postsWithUrl: 1, reads: 0, amount: 0.23 },
    ]);
    const table = runCli(['plan', '--root', root, '--to', '2026-12-07', '--now', '2026-11-30T00:00:00Z']);
    expect(table.stdout).toContain('cost  $0.21 for 2 posts to send, thread parts included (1 with a URL)');
    expect(table.stdout).toMatch(/3 posts in 2 accounts; cost \$0\.23 for 4 posts to send/);
  }, 20_000);

  it('a price that is not a number is a located chorus.yaml error', async () => {
    const root = await makeWorkspace({
      'chorus.yaml': 'prices:\n  x:\n    post: free\n',
      'accounts/a.yaml': accountYaml('', { handle: 'a' }),
    });
    const run = runCli(['lint', '--root', root, '--now', '2026-11-30T00:00:00Z']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/chorus\.yaml\n {2}3:11 {2}error/);
  }, 20_000);
});
