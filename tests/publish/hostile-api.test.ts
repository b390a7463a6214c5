// A misbehaving X API or gateway (issue 19): answers without ids or with ids that are not X's, endless near
// 429s, error texts echoing the credentials, a redirect on /2/users/me. Nothing is sent twice, nothing is
// lost, nothing hangs, every message is clear and carries no secret.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishCommand } from '../../src/cli/publish.js';
import type { CliIO } from '../../src/cli/io.js';
import { MAX_RATE_LIMIT_RETRIES_PER_POST } from '../../src/publish/publisher.js';
import { parseLedger } from '../../src/state/ledger.js';
import { createXClient } from '../../src/platforms/x/api.js';
import { PlatformError } from '../../src/platforms/types.js';
import { startXServer, type XServer, type XUser } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { envFor, type FixtureAccount, NOW, publishWorkspace, usersFor } from './fixture.js';

const servers: XServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(users: XUser[]): Promise<XServer> {
  const server = await startXServer({ users });
  servers.push(server);
  return server;
}

type Json = Record<
  'published' | 'deferred' | 'missed' | 'skipped' | 'failed',
  { account: string; id: string; reason?: string; url?: string; platformId?: string }[]
>;

const three: FixtureAccount[] = [
  {
    id: 'news',
    posts: [
      { id: 'a', at: '2026-11-22T08:10:00Z', text: 'First news of the day' },
      { id: 'b', at: '2026-11-22T08:20:00Z', text: 'Second news of the day' },
      { id: 'c', at: '2026-11-22T08:30:00Z', text: 'Third news of the day' },
    ],
  },
];

async function setup(accounts: FixtureAccount[], config?: string) {
  const server = await serve(usersFor(accounts));
  const root = await publishWorkspace(accounts, config ? { config } : {});
  const env = envFor(accounts, server.url);
  const publish = async (...args: string[]) => {
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json', ...args], {
      env,
    });
    return { ...result, out: JSON.parse(result.stdout || '{}') as Json };
  };
  const ledgerText = async (account = 'news') =>
    readFile(path.join(root, 'state', `${account}.jsonl`), 'utf8').catch(() => '');
  return { server, root, env, publish, ledgerText };
}

const creates = (server: XServer) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets').length;

describe('a 2xx answer to a create that cannot be understood (finding 2)', () => {
  it(
    '201 without data.id, post stored: one request per post, found on X and recorded, never re-posted',
    { timeout: 20_000 },
    async () => {
      const { server, publish, ledgerText } = await setup(three);
      server.setPostAnswer({ kind: 'created-without-id', store: true });
      const started = Date.now();
      const first = await publish();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(first.stderr).toBe('');
      expect(creates(server)).toBe(3);
      expect(server.posts).toHaveLength(3);
      expect(first.out.published.map((p) => p.id)).toEqual(['a', 'b', 'c']);
      expect(first.out.published.map((p) => p.platformId)).toEqual(server.posts.map((p) => p.id));
      const records = parseLedger(await ledgerText()).records;
      expect(records.map((r) => r.type)).toEqual([
        'intent',
        'reconciled',
        'intent',
        'reconciled',
        'intent',
        'reconciled',
      ]);
      // Back to normal: nothing is due, nothing is sent again.
      server.setPostAnswer({ kind: 'normal' });
      const second = await publish();
      expect(second.code).toBe(0);
      expect(second.out.published).toEqual([]);
      expect(creates(server)).toBe(3);
    },
  );

  it(
    '201 without data.id, post not stored: an unknown outcome, the account stops, the next run checks X before sending again',
    { timeout: 20_000 },
    async () => {
      const { server, publish, ledgerText } = await setup(three);
      server.setPostAnswer({ kind: 'created-without-id', store: false });
      const first = await publish();
      expect(first.code).toBe(1);
      expect(creates(server)).toBe(1);
      expect(first.out.failed).toEqual([
        {
          account: 'news',
          id: 'a',
          reason: expect.stringMatching(
            /^X's answer to create a post could not be understood \(a success without a valid post id\); the outcome is unknown, so the next run checks X for it before any retry$/,
          ),
        },
      ]);
      expect(first.out.deferred.map((d) => d.id)).toEqual(['b', 'c']);
      expect(parseLedger(await ledgerText()).records.map((r) => r.type)).toEqual(['intent']);
      // The next run searches the timeline first (not there), records that, and only then sends once.
      const second = await publish();
      expect(creates(server)).toBe(2);
      const records = parseLedger(await ledgerText()).records;
      expect(records.map((r) => r.type)).toEqual(['intent', 'reconciled', 'intent']);
      expect(records[1]).toMatchObject({ found: false });
      expect(second.out.failed.map((f) => f.id)).toEqual(['a']);
    },
  );

  it(
    'a post id that is not X\'s ("../../=cmd|calc") is an unknown outcome, never stored, never made a URL (finding 13)',
    { timeout: 20_000 },
    async () => {
      const { server, publish, ledgerText } = await setup(three);
      server.setPostAnswer({ kind: 'created-with-id', id: '../../=cmd|calc' });
      const first = await publish();
      expect(first.code).toBe(1);
      expect(creates(server)).toBe(1);
      expect(first.out.failed[0]).toMatchObject({ id: 'a' });
      expect(first.out.failed[0]!.reason).toMatch(/could not be understood/);
      // The timeline shows the same odd id: it cannot tell what went out, so the next run sends nothing.
      server.setPostAnswer({ kind: 'normal' });
      const second = await publish();
      expect(second.code).toBe(1);
      expect(second.out.failed[0]!.reason).toMatch(
        /^the outcome of an earlier attempt is unknown and X could not be checked \(X's answer to read the account's recent posts could not be understood/,
      );
      expect(creates(server)).toBe(1);
      const ledger = await ledgerText();
      expect(parseLedger(ledger).records.map((r) => r.type)).toEqual(['intent']);
      for (const text of [ledger, first.stdout, second.stdout, first.stderr, second.stderr]) {
        expect(text).not.toContain('=cmd');
      }
    },
  );
});

describe('a 429 whose reset is always near (finding 14)', () => {
  it(
    'retries a bounded number of times within the wait budget, then defers the account, with a bounded ledger',
    { timeout: 20_000 },
    async () => {
      const { server, publish, ledgerText } = await setup(
        three,
        'limits:\n  min_gap_minutes: 0\npublish:\n  max_rate_limit_wait_seconds: 1\n',
      );
      server.setPostAnswer({ kind: 'always-rate-limited', resetInSeconds: 0 });
      const started = Date.now();
      const result = await publish();
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeLessThan(8);
      expect(result.code).toBe(0);
      expect(creates(server)).toBeGreaterThanOrEqual(2);
      expect(creates(server)).toBeLessThanOrEqual(1 + MAX_RATE_LIMIT_RETRIES_PER_POST);
      expect(result.out.deferred.map((d) => d.id)).toEqual(['a', 'b', 'c']);
      expect(result.out.deferred[0]!.reason).toMatch(
        /^rate limited by X again and again although X said the limit resets soon \(\d+ attempts for this post, .*; deferred to the next run$/,
      );
      expect(server.posts).toHaveLength(0);
      const lines = parseLedger(await ledgerText()).records;
      expect(lines.length).toBe(2 * creates(server));
      expect(new Set(lines.map((r) => r.type))).toEqual(new Set(['intent', 'failed']));
    },
  );

  it('counts retries per post whatever the waits: at most 1 + 3 requests for a post in one run', async () => {
    const server = await serve(usersFor(three));
    const root = await publishWorkspace(three);
    server.setPostAnswer({ kind: 'always-rate-limited', resetInSeconds: 1 });
    const output: string[] = [];
    const io: CliIO = {
      stdout: (text) => output.push(text),
      stderr: (text) => output.push(text),
      env: envFor(three, server.url),
      cwd: root,
      now: () => new Date(),
      color: false,
    };
    // Waits take no time here: only the count bounds the loop.
    let slept = 0;
    const code = await publishCommand(
      { root, accounts: [], dryRun: false, now: new Date(NOW), shard: undefined, format: 'json' },
      io,
      { sleep: async () => void slept++ },
    );
    expect(code).toBe(0);
    expect(creates(server)).toBe(1 + MAX_RATE_LIMIT_RETRIES_PER_POST);
    expect(slept).toBe(MAX_RATE_LIMIT_RETRIES_PER_POST);
    const out = JSON.parse(output.join('')) as Json;
    expect(out.deferred.map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('error texts that echo the credentials (finding 10)', () => {
  // Credentials with characters that URL and OAuth encodings change.
  const creds = {
    appKey: 'app+Key/Value=Zk81',
    appSecret: 'app Secret&Value!Wq27',
    accessToken: 'tok/en+Value=Qj55',
    accessSecret: "acc'ess(Secret)*Rx90",
  };
  const account: FixtureAccount = {
    id: 'news',
    posts: [{ id: 'a', at: '2026-11-22T08:10:00Z', text: 'Hello' }],
  };
  const forms = (value: string) => [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    Buffer.from(value).toString('base64'),
  ];
  const echoed = [
    creds.appSecret,
    encodeURIComponent(creds.accessSecret),
    Buffer.from(`${creds.appKey}:${creds.appSecret}`).toString('base64'),
    `Basic ${Buffer.from(`x${creds.accessToken}`).toString('base64')}`,
    JSON.stringify({ secret: creds.accessSecret }),
  ];

  /** No secret in a text, in any of its forms, nor inside anything that decodes as base64. */
  function expectNoSecret(text: string) {
    for (const value of Object.values(creds)) {
      for (const form of forms(value)) expect(text).not.toContain(form);
      for (const token of text.match(/[A-Za-z0-9+/=_-]{12,}/g) ?? []) {
        expect(Buffer.from(token, 'base64').toString('latin1')).not.toContain(value);
      }
    }
  }

  it('removes them from output, errors and the ledger, for post refusals and refused identities', async () => {
    const server = await serve([{ id: '500', username: 'news', accessToken: creds.accessToken }]);
    const root = await publishWorkspace([account]);
    const env = {
      CHORUS_X_API_URL: server.url,
      CHORUS_X_APP_KEY: creds.appKey,
      CHORUS_X_APP_SECRET: creds.appSecret,
      CHORUS_NEWS_ACCESS_TOKEN: creds.accessToken,
      CHORUS_NEWS_ACCESS_SECRET: creds.accessSecret,
    };
    const texts: string[] = [];
    const run = async (...args: string[]) => {
      const result = await runCliAsync([...args, '--root', root], { env });
      texts.push(result.stdout, result.stderr);
      return result;
    };
    server.setPostAnswer({ kind: 'echo-request', status: 400, extra: echoed });
    const refused = await run('publish', '--now', NOW, '--format', 'json');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('[redacted]');
    await run('publish', '--now', NOW, '--debug');
    server.setMeAnswer({ kind: 'echo-request', status: 401, extra: echoed });
    const auth = await run('publish', '--now', NOW);
    expect(auth.stdout).toContain('X refused the credentials (HTTP 401)');
    await run('accounts', '--check');
    await run('metrics', '--now', NOW);
    // The gateway did receive the credentials (in the header), so the echo was real.
    expect(
      server.requests.some((r) => r.authorization?.includes(encodeURIComponent(creds.accessToken))),
    ).toBe(true);
    const ledger = await readFile(path.join(root, 'state/news.jsonl'), 'utf8');
    expect(ledger).toContain('"type":"failed"');
    expect(ledger).toContain('[redacted]');
    for (const text of [...texts, ledger]) expectNoSecret(text);
  });
});

describe('a redirect on /2/users/me (finding 17)', () => {
  it('is a clear refusal, not a TypeError, and nothing reaches the other host', async () => {
    const { server, publish, root, env } = await setup(three);
    const elsewhere = await serve([]);
    server.setMeAnswer({ kind: 'redirect', location: `${elsewhere.url}/2/users/me` });
    const result = await publish();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.out.failed.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(result.out.failed[0]!.reason).toBe(
      'X answered GET /2/users/me with a redirect (HTTP 302); Chorus does not follow redirects, which could carry the credentials to another host (check CHORUS_X_API_URL)',
    );
    const check = await runCliAsync(['accounts', '--check', '--root', root], { env });
    expect(check.stdout).toContain('with a redirect (HTTP 302)');
    expect(check.stdout + check.stderr).not.toMatch(/TypeError|internal error/);
    expect(creates(server)).toBe(0);
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('an answer trickled a byte at a time', () => {
  it('is cut once the whole exchange takes too long, and counts as no answer', async () => {
    const trickle = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = trickle.address() as AddressInfo;
      const client = await createXClient({
        credentials: {
          appKey: 'k-123456',
          appSecret: 's-123456',
          accessToken: 't-123456',
          accessSecret: 'a-123456',
        },
        apiUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 200,
        totalTimeoutMs: 600,
      });
      const started = Date.now();
      const error = await client.me().catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ kind: 'unknown' });
      expect((error as PlatformError).message).toMatch(/look up whose credentials these are/);
    } finally {
      trickle.closeAllConnections();
      await new Promise((resolve) => trickle.close(resolve));
    }
  });
});
