// `chorus metrics` end to end: the built CLI, the real twitter-api-v2 client and the X stand-in.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMetrics } from '../../src/state/metrics.js';
import { formatLedgerRecord, type LedgerRecord } from '../../src/state/ledger.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';
import {
  APP_KEY,
  APP_SECRET,
  envFor,
  type FixtureAccount,
  NOW,
  publishWorkspace,
  secretOf,
  usersFor,
} from '../publish/fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts: FixtureAccount[] = [
  {
    id: 'news',
    posts: [
      { id: 'a', at: '2026-11-22T08:15:00Z', text: 'Morning news', thread: ['More morning news'] },
      { id: 'b', at: '2026-11-22T08:30:00Z', text: 'Later news' },
    ],
  },
];

async function readSnapshots(root: string, account: string) {
  const text = await readFile(path.join(root, 'state', `${account}.metrics.jsonl`), 'utf8');
  return { text, ...parseMetrics(text) };
}

const metricsJson = (stdout: string) =>
  JSON.parse(stdout) as {
    at: string;
    accounts: {
      account: string;
      status: string;
      followers: number | null;
      parts: number;
      fetched: number;
      missing: { post: string }[];
      reason: string | null;
    }[];
  };

describe('chorus metrics', () => {
  it('appends dated snapshots of published posts and followers, and a second run appends again', async () => {
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    const env = envFor(accounts, server.url);
    const published = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
    expect(published.code).toBe(0);
    const [a0, a1, b0] = server.postsOf('news');
    expect(server.postsOf('news').map((p) => p.text)).toEqual([
      'Morning news',
      'More morning news',
      'Later news',
    ]);
    server.setPostMetrics(a0!.id, { likes: 7, reposts: 2, replies: 1, quotes: 1, impressions: 300 });
    server.setPostMetrics(a1!.id, { likes: 3 });
    server.setPostMetrics(b0!.id, { likes: 1, reposts: 1 });
    server.setFollowers('news', 1234);

    const first = await runCliAsync(
      ['metrics', '--root', root, '--now', '2026-11-23T06:00:00Z', '--format', 'json'],
      { env },
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(metricsJson(first.stdout).accounts).toEqual([
      {
        account: 'news',
        status: 'ok',
        file: 'state/news.metrics.jsonl',
        followers: 1234,
        parts: 3,
        fetched: 3,
        missing: [],
        reason: null,
      },
    ]);
    const { records, problems, text } = await readSnapshots(root, 'news');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({
      v: 1,
      type: 'account',
      account: 'news',
      followers: 1234,
      at: '2026-11-23T06:00:00.000Z',
    });
    expect(records.filter((r) => r.type === 'post')).toEqual([
      expect.objectContaining({
        post: 'a',
        part: 0,
        platform_id: a0!.id,
        likes: 7,
        reposts: 2,
        replies: 1,
        quotes: 1,
        impressions: 300,
      }),
      expect.objectContaining({ post: 'a', part: 1, platform_id: a1!.id, likes: 3, reposts: 0 }),
      expect.objectContaining({ post: 'b', part: 0, platform_id: b0!.id, likes: 1, reposts: 1 }),
    ]);
    // impressions are left out where X gives none; stable key order.
    expect(text.split('\n')[2]).toMatch(
      /^\{"v":1,"type":"post","account":"news","post":"a","part":1,"platform_id":"\d+","likes":3,"reposts":0,"replies":0,"quotes":0,"at":"2026-11-23T06:00:00.000Z","run":"[^"]+"\}$/,
    );
    // One lookup for the three parts, with the public_metrics field asked for.
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === '/2/tweets')).toHaveLength(1);

    server.setFollowers('news', 1300);
    const second = await runCliAsync(['metrics', '--root', root, '--now', '2026-11-24T06:00:00Z'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^ok\s+news\s+1300 followers, metrics of 3\/3 post parts → state\/news\.metrics\.jsonl\n$/,
    );
    const after = await readSnapshots(root, 'news');
    expect(after.text.startsWith(text)).toBe(true); // append-only
    expect(after.records).toHaveLength(8);
    // No secret value anywhere.
    for (const output of [first.stdout, second.stdout, after.text]) {
      for (const secret of [APP_KEY, APP_SECRET, secretOf('news', 'token'), secretOf('news', 'secret')])
        expect(output).not.toContain(secret);
    }
  });

  /** A workspace whose ledger already holds `count` published posts with ids known to the stand-in. */
  async function ledgerWorkspace(count: number, options: { lookupsPerWindow?: number } = {}) {
    server = await startXServer({ users: usersFor(accounts), ...options });
    const records: LedgerRecord[] = [];
    for (let i = 0; i < count; i++) {
      const id = String(9_000_000 + i);
      server.setPostMetrics(id, { likes: i });
      records.push({
        v: 1,
        type: 'published',
        account: 'news',
        post: `p${i}`,
        part: 0,
        platform_id: id,
        url: `https://x.com/news/status/${id}`,
        at: NOW,
        run: 'r',
      });
    }
    const root = await publishWorkspace(accounts, {
      files: { 'state/news.jsonl': records.map(formatLedgerRecord).join('') },
    });
    return { root, env: envFor(accounts, server.url) };
  }

  it('asks for at most 100 ids per request and lists posts X no longer has', async () => {
    const { root, env } = await ledgerWorkspace(150);
    const extra: LedgerRecord = {
      v: 1,
      type: 'published',
      account: 'news',
      post: 'gone',
      part: 0,
      platform_id: '42',
      url: 'u',
      at: NOW,
      run: 'r',
    };
    await import('node:fs/promises').then((fs) =>
      fs.appendFile(path.join(root, 'state/news.jsonl'), formatLedgerRecord(extra)),
    );
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(result.code).toBe(0);
    expect(metricsJson(result.stdout).accounts[0]).toMatchObject({
      status: 'ok',
      parts: 151,
      fetched: 150,
      missing: [{ post: 'gone', part: 0, platformId: '42' }],
    });
    expect(server!.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(2);
    expect((await readSnapshots(root, 'news')).records.filter((r) => r.type === 'post')).toHaveLength(150);
  });

  it('waits for a near rate-limit reset (429) and then fetches', async () => {
    const { root, env } = await ledgerWorkspace(3);
    server!.queueLookupFaults({ kind: 'rate-limit', resetInSeconds: 1 });
    const started = Date.now();
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(metricsJson(result.stdout).accounts[0]).toMatchObject({ status: 'ok', fetched: 3 });
    expect(server!.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(2);
  });

  it('stops and says so when the reset is far away, keeping what was fetched (exit 1)', async () => {
    const { root, env } = await ledgerWorkspace(150, { lookupsPerWindow: 1 });
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^partial\s+news\s+0 followers, metrics of 100\/150 post parts/);
    expect(result.stdout).toMatch(
      /X's lookup rate limit is used up until \S+; 50 post parts not fetched, run again later/,
    );
    expect((await readSnapshots(root, 'news')).records.filter((r) => r.type === 'post')).toHaveLength(100);
    expect(server!.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(1);
  });

  it('refuses credentials of another account and names missing variables, never their values', async () => {
    server = await startXServer({
      users: [{ id: '1', username: 'someone_else', accessToken: secretOf('news', 'token') }],
    });
    const two: FixtureAccount[] = [...accounts, { id: 'shop', posts: [] }];
    const root = await publishWorkspace(two);
    const env = envFor(accounts, server.url);
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'failed   news  the credentials in CHORUS_NEWS_ACCESS_TOKEN / CHORUS_NEWS_ACCESS_SECRET belong to @someone_else, not @news',
    );
    expect(result.stdout).toContain(
      'failed   shop  credentials not set: CHORUS_SHOP_ACCESS_TOKEN, CHORUS_SHOP_ACCESS_SECRET',
    );
    expect(result.stdout).not.toContain(secretOf('news', 'token'));
  });

  it('refuses counts that are not whole numbers ≥ 0 (issue 19, finding 15): nothing made up is written', async () => {
    const { root, env } = await ledgerWorkspace(150);
    // The second batch (post ids sort as text: p99 comes last) carries a fraction and a negative count.
    server!.setPostMetrics(String(9_000_000 + 99), { likes: 1.5, reposts: -3 });
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^partial\s+news\s+0 followers, metrics of 100\/150 post parts/);
    expect(result.stdout).toContain(
      "X's answer to read the metrics of published posts was refused: data[49].public_metrics.like_count is not a whole number; nothing from it is written",
    );
    const { records, problems } = await readSnapshots(root, 'news');
    expect(problems).toEqual([]);
    expect(records.filter((r) => r.type === 'post')).toHaveLength(100);
    // The report reads the file as usual.
    const report = await runCliAsync(['report', '--root', root, '--now', NOW], { env });
    expect(report.code).toBe(0);
  });

  it('a bad line in a metrics file leaves out that line only: report still reports every account', async () => {
    const { root, env } = await ledgerWorkspace(3);
    const run = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
    expect(run.code).toBe(0);
    const file = path.join(root, 'state/news.metrics.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    // As an older Chorus could have written it: a fraction and a negative count on line 2.
    lines[1] = lines[1]!.replace(/"likes":\d+/, '"likes":1.5').replace(/"reposts":\d+/, '"reposts":-3');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, lines.join('\n')));
    const report = await runCliAsync(['report', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(report.code).toBe(1);
    expect(report.stderr).toBe(
      'chorus: state/news.metrics.jsonl:2: this line is not a metrics record: not type post or account with whole counts ≥ 0; left out of the report.\n',
    );
    expect(JSON.stringify(JSON.parse(report.stdout))).toContain('"news"');
  });

  it('a snapshot that cannot be written fails its account with a clear reason, not a crash', async () => {
    const { root, env } = await ledgerWorkspace(2);
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(root, 'state/news.metrics.jsonl')));
    const result = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'failed   news  cannot write state/news.metrics.jsonl (EISDIR); nothing of this run is kept for the account\n',
    );
  });

  it('rejects an unknown account as a usage error', async () => {
    const root = await makeWorkspace({
      'accounts/news.yaml': 'platform: x\nhandle: "@news"\ntimezone: UTC\nlanguage: en\nowner: ana\n',
    });
    const result = await runCliAsync(['metrics', '--root', root, '--account', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no account "nope"');
  });
});
