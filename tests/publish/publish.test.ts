// `chorus publish` end to end: the built CLI, the real twitter-api-v2 client and the X stand-in; the whole
// suite runs once with the ledger in files and once with it in PostgreSQL (the test cluster).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/run-cli.js';
import { DEFAULT_POSTGRES_BIN } from '../../src/state/postgres/test-cluster.js';
import { postgresUrl } from '../helpers/postgres.js';
import { backendRecords, fileBackend, postgresBackend } from '../helpers/state-backends.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { envFor, type FixtureAccount, NOW, publishWorkspace, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const json = (stdout: string) =>
  JSON.parse(stdout) as Record<
    'published' | 'deferred' | 'missed' | 'skipped' | 'failed',
    { account: string; id: string; reason?: string; url?: string; platformId?: string; at?: string }[]
  >;

const news = (id: string, at: string, text: string, more: Partial<FixtureAccount['posts'][number]> = {}) => ({
  id,
  at,
  text,
  ...more,
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

for (const backend of [fileBackend, postgresBackend]) {
  const absent = backend.name === 'postgres' && !postgresUrl();
  (absent ? describe.skip : describe)(
    `chorus publish (${backend.name} state)${absent ? ` (skipped: PostgreSQL 15 is not installed in ${DEFAULT_POSTGRES_BIN})` : ''}`,
    () => {
      async function setup(accounts: FixtureAccount[], extra: Parameters<typeof publishWorkspace>[1] = {}) {
        server = await startXServer({ users: usersFor(accounts) });
        const root = await publishWorkspace(accounts, extra);
        const env = { ...envFor(accounts, server.url), ...(await backend.prepare()) };
        const publish = (...args: string[]) =>
          runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json', ...args], { env });
        currentEnv = env;
        return { root, env, server, publish };
      }

      /** The account's ledger records, from the backend of this run of the suite. */
      let currentEnv: Record<string, string> = {};
      async function ledgerRecords(root: string, account: string) {
        return backendRecords(backend, root, currentEnv, account);
      }
      const lines = (root: string, account: string) => backend.lines(root, currentEnv, account);
      const setLines = (root: string, account: string, list: string[]) =>
        backend.setLines(root, currentEnv, account, list);

      describe('chorus publish', () => {
        it('publishes what is due once, records it in the ledger, and a rerun sends nothing', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [
                news('a', '2026-11-22T08:30:00Z', 'Morning news'),
                news('b', '2026-11-22T10:00:00Z', 'Later'),
              ],
            },
            { id: 'deals-de', posts: [news('c', '2026-11-22T08:45:00Z', 'Deal of the day')] },
          ];
          const { root, publish, server } = await setup(accounts);
          const first = await publish();
          expect(first.stderr).toBe('');
          expect(first.code).toBe(0);
          const result = json(first.stdout);
          expect(result.published.map((p) => `${p.account}/${p.id}`).sort()).toEqual([
            'deals-de/c',
            'news/a',
          ]);
          const posted = server.posts.find((p) => p.text === 'Morning news')!;
          expect(result.published.find((p) => p.id === 'a')).toEqual({
            account: 'news',
            id: 'a',
            platformId: posted.id,
            url: `https://x.com/news/status/${posted.id}`,
            at: expect.stringMatching(/^2026-11-22T09:00:0\d\.\d{3}Z$/),
          });
          expect(server.posts.map((p) => p.text).sort()).toEqual(['Deal of the day', 'Morning news']);

          const records = await ledgerRecords(root, 'news');
          expect(records.map((r) => r.type)).toEqual(['intent', 'published']);
          expect(records[0]).toMatchObject({ v: 1, type: 'intent', account: 'news', post: 'a', part: 0 });
          expect(records[1]).toMatchObject({ type: 'published', post: 'a', part: 0, platform_id: posted.id });
          // Stable key order, one object per line.
          expect((await lines(root, 'news'))[0]).toMatch(
            /^\{"v":1,"type":"intent","account":"news","post":"a","part":0,"text_sha256":"[0-9a-f]{64}","planned":"[^"]+","at":"[^"]+","run":"[^"]+"\}$/,
          );

          const before = server.requests.length;
          const again = await publish();
          expect(again.code).toBe(0);
          expect(json(again.stdout).published).toEqual([]);
          expect(server.posts).toHaveLength(2);
          expect(server.requests.filter((r) => r.method === 'POST').length).toBe(2);
          expect(server.requests.length).toBe(before);
        });

        it('prints one line per post and a summary in text format', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [
                news('a', '2026-11-22T08:30:00Z', 'Morning news'),
                news('old', '2026-11-22T06:00:00Z', 'Too old'),
              ],
            },
          ];
          const { root, env } = await setup(accounts);
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
          const lines = result.stdout.trim().split('\n');
          expect(lines[0]).toMatch(/^published news\/a {2}https:\/\/x\.com\/news\/status\/\d+$/);
          expect(lines[1]).toMatch(
            /^missed {4}news\/old {2}planned for 2026-11-22T06:00:00.000Z, 3 h ago: more than the late window of 60 min$/,
          );
          expect(lines.at(-1)).toBe('1 published, 0 deferred, 1 missed, 0 skipped, 0 failed.');
          expect(result.code).toBe(0);
        });

        it('posts a thread part by part as replies, and resumes after a failure mid-thread', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [news('t', '2026-11-22T08:30:00Z', 'Part one', { thread: ['Part two', 'Part three'] })],
            },
          ];
          const { root, publish, server } = await setup(accounts);
          // Part one goes through; part two gets a 503 without being stored, so its outcome is unknown.
          server.queueFaults({ kind: 'none' }, { kind: 'error-5xx' });
          const first = await publish();
          expect(first.code).toBe(1);
          expect(json(first.stdout).failed).toEqual([
            {
              account: 'news',
              id: 't',
              reason: expect.stringMatching(
                /^X answered HTTP 503 to create a post: Service Unavailable \(part 2 of 3\); the outcome is unknown/,
              ),
            },
          ]);
          expect(server.posts.map((p) => p.text)).toEqual(['Part one']);

          // The next run looks for part two on X first (not there), then continues from it.
          const second = await publish();
          expect(second.code).toBe(0);
          expect(server.posts.map((p) => p.text)).toEqual(['Part one', 'Part two', 'Part three']);
          expect(server.posts[1]!.inReplyTo).toBe(server.posts[0]!.id);
          expect(server.posts[2]!.inReplyTo).toBe(server.posts[1]!.id);
          const types = (await ledgerRecords(root, 'news')).map((r) => `${r.type}:${r.part}`);
          expect(types).toEqual([
            'intent:0',
            'published:0',
            'intent:1',
            'reconciled:1',
            'intent:1',
            'published:1',
            'intent:2',
            'published:2',
          ]);
          const lookups = server.requests.filter(
            (r) => r.method === 'GET' && /\/2\/users\/\d+\/tweets$/.test(r.path),
          );
          expect(lookups).toHaveLength(2);
        });

        it('continues a thread from the last part that went out', async () => {
          const accounts = [
            { id: 'news', posts: [news('t', '2026-11-22T08:30:00Z', 'One', { thread: ['Two', 'Three'] })] },
          ];
          const { root, publish, server } = await setup(accounts);
          const first = await publish();
          expect(first.code).toBe(0);
          // Forget parts two and three as if the run had been cut short after part one.
          await setLines(root, 'news', (await lines(root, 'news')).slice(0, 2));
          const partOne = server.posts[0]!;
          server.posts.splice(1);
          const second = await publish();
          expect(second.code).toBe(0);
          expect(server.posts.map((p) => p.text)).toEqual(['One', 'Two', 'Three']);
          expect(server.posts[1]!.inReplyTo).toBe(partOne.id);
          expect(json(second.stdout).published[0]).toMatchObject({ id: 't', platformId: partOne.id });
        });

        it.each([
          ['a connection cut after X accepted the post', { kind: 'cut-after-accept' } as const],
          ['a 500 after X accepted the post', { kind: 'error-5xx-after-accept' } as const],
        ])('reconciles %s instead of posting twice', async (_name, fault) => {
          const accounts = [
            {
              id: 'news',
              posts: [news('a', '2026-11-22T08:30:00Z', 'Hello'), news('b', '2026-11-22T08:40:00Z', 'World')],
            },
          ];
          const { root, publish, server } = await setup(accounts);
          server.queueFaults(fault);
          const result = await publish();
          expect(result.stderr).toBe('');
          expect(result.code).toBe(0);
          expect(json(result.stdout).published.map((p) => p.id)).toEqual(['a', 'b']);
          expect(server.posts.map((p) => p.text)).toEqual(['Hello', 'World']);
          const records = await ledgerRecords(root, 'news');
          expect(records.map((r) => r.type)).toEqual(['intent', 'reconciled', 'intent', 'published']);
          expect(records[1]).toMatchObject({ found: true, platform_id: server.posts[0]!.id });
          expect((await publish()).stdout).toContain('"published": []');
          expect(server.posts).toHaveLength(2);
        });

        it('a crash between sending and recording is reconciled by the next run', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Hello')] }];
          const { root, publish, server } = await setup(accounts);
          await publish();
          // Drop the outcome line, as if the process died right after X answered.
          await setLines(root, 'news', (await lines(root, 'news')).slice(0, 1));
          const result = await publish();
          expect(result.code).toBe(0);
          expect(server.posts).toHaveLength(1);
          const records = await ledgerRecords(root, 'news');
          expect(records.map((r) => r.type)).toEqual(['intent', 'reconciled']);
          expect(records[1]).toMatchObject({ found: true, platform_id: server.posts[0]!.id });
        });

        it('waits for a rate-limit reset that is near', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Hello')] }];
          const { publish, server, root } = await setup(accounts);
          server.queueFaults({ kind: 'rate-limit', resetInSeconds: 1 });
          const started = Date.now();
          const result = await publish();
          expect(result.code).toBe(0);
          expect(json(result.stdout).published.map((p) => p.id)).toEqual(['a']);
          expect(Date.now() - started).toBeGreaterThan(400);
          expect(server.posts).toHaveLength(1);
          const records = await ledgerRecords(root, 'news');
          expect(records.map((r) => r.type)).toEqual(['intent', 'failed', 'intent', 'published']);
        });

        it("defers an account's remaining posts when the rate-limit reset is far, and says so", async () => {
          const accounts = [
            {
              id: 'news',
              posts: [news('a', '2026-11-22T08:30:00Z', 'Hello'), news('b', '2026-11-22T08:40:00Z', 'World')],
            },
            { id: 'other', posts: [news('c', '2026-11-22T08:30:00Z', 'Elsewhere')] },
          ];
          const { publish, server } = await setup(accounts);
          server.queueFaults({ kind: 'rate-limit', resetInSeconds: 3600 });
          const result = await publish('--account', 'news');
          expect(result.code).toBe(0);
          const out = json(result.stdout);
          expect(out.deferred.map((d) => d.id)).toEqual(['a', 'b']);
          expect(out.deferred[0]!.reason).toMatch(
            /^rate limited by X until \d{4}-.*; deferred to the next run$/,
          );
          expect(server.posts).toHaveLength(0);
          const next = await publish();
          expect(
            json(next.stdout)
              .published.map((p) => p.id)
              .sort(),
          ).toEqual(['a', 'b', 'c']);
        });

        it('reads x-rate-limit-remaining: once the window is used up, the rest waits without another request', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [news('a', '2026-11-22T08:30:00Z', 'Hello'), news('b', '2026-11-22T08:40:00Z', 'World')],
            },
          ];
          server = await startXServer({ users: usersFor(accounts), postsPerWindow: 1 });
          const root = await publishWorkspace(accounts);
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
            env: envFor(accounts, server.url),
          });
          expect(result.code).toBe(0);
          const out = json(result.stdout);
          expect(out.published.map((p) => p.id)).toEqual(['a']);
          expect(out.deferred).toEqual([
            {
              account: 'news',
              id: 'b',
              reason: expect.stringMatching(/^rate limited by X until .*; deferred to the next run$/),
            },
          ]);
          expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
        });

        it('refuses to post when the credentials belong to another handle, and goes on with other accounts', async () => {
          const accounts = [
            { id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'News only')] },
            { id: 'deals', posts: [news('b', '2026-11-22T08:30:00Z', 'Buy now')] },
          ];
          const { root, publish, server, env } = await setup(accounts);
          // Swap the access tokens: news's variables hold deals's token.
          const swapped = { ...env, CHORUS_NEWS_ACCESS_TOKEN: env.CHORUS_DEALS_ACCESS_TOKEN! };
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
            env: swapped,
          });
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          expect(out.failed).toEqual([
            {
              account: 'news',
              id: 'a',
              reason:
                'the credentials in CHORUS_NEWS_ACCESS_TOKEN / CHORUS_NEWS_ACCESS_SECRET belong to @deals, not @news; refusing to post for this account',
            },
          ]);
          expect(out.published.map((p) => p.id)).toEqual(['b']);
          expect(server.posts.map((p) => `${p.username}:${p.text}`)).toEqual(['deals:Buy now']);
          expect(await backend.has(root, env, 'news')).toBe(false);
          void publish;
        });

        it('names the environment variables on an auth failure or when they are missing', async () => {
          const accounts = [
            { id: 'news-de', posts: [news('a', '2026-11-22T08:30:00Z', 'Hallo')] },
            { id: 'deals', posts: [news('b', '2026-11-22T08:30:00Z', 'Buy now')] },
          ];
          const { root, env } = await setup(accounts);
          const bad = { ...env, CHORUS_NEWS_DE_ACCESS_TOKEN: 'revoked-token-value' } as Record<
            string,
            string
          >;
          delete bad.CHORUS_DEALS_ACCESS_SECRET;
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
            env: bad,
          });
          expect(result.code).toBe(1);
          const failed = json(result.stdout).failed;
          expect(failed.find((f) => f.account === 'news-de')!.reason).toBe(
            'X refused the credentials (HTTP 401): Unauthorized; check the environment variables CHORUS_X_APP_KEY, CHORUS_X_APP_SECRET, CHORUS_NEWS_DE_ACCESS_TOKEN, CHORUS_NEWS_DE_ACCESS_SECRET',
          );
          expect(failed.find((f) => f.account === 'deals')!.reason).toBe(
            'credentials missing: set the environment variable(s) CHORUS_DEALS_ACCESS_SECRET',
          );
          expect(result.stdout).not.toContain('revoked-token-value');
        });

        it('gives a duplicate-content refusal its own reason', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Same old')] }];
          const { publish, server, root } = await setup(accounts);
          server.posts.push({
            id: '42',
            userId: '500',
            username: 'news',
            text: 'Same old',
            inReplyTo: undefined,
            mediaIds: [],
            // Two days before this run (--now): an older post, not a lost attempt of ours.
            createdAt: new Date('2026-11-20T09:00:00Z'),
          });
          const result = await publish();
          expect(result.code).toBe(1);
          expect(json(result.stdout).failed).toEqual([
            {
              account: 'news',
              id: 'a',
              reason:
                "X refused a duplicate: the account already posted this exact text, older than this post's first attempt: change the text",
            },
          ]);
          // Recorded as failed, so the intent is not left open.
          expect((await ledgerRecords(root, 'news')).map((r) => r.type)).toEqual(['intent', 'failed']);
        });

        it('a ledger record from the future stops the account: nothing sent, nothing recorded missed', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [
                news('due', '2026-11-22T08:30:00Z', 'Due now'),
                news('old', '2026-11-22T06:00:00Z', 'Old'),
              ],
            },
          ];
          const { publish, server, root } = await setup(accounts);
          // Written by a run whose clock said the 23rd (or forged): this run's clock (--now the 22nd) is behind.
          const future = {
            v: 1,
            type: 'published',
            account: 'news',
            post: 'elsewhere',
            part: 0,
            platform_id: '7',
            url: 'https://x.com/news/status/7',
            at: '2026-11-23T09:00:00.000Z',
            run: 'ahead',
          };
          const before = [JSON.stringify(future)];
          await setLines(root, 'news', before);
          const result = await publish();
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          expect(out.failed).toEqual([
            {
              account: 'news',
              id: '*',
              reason: expect.stringMatching(
                `^publishing stopped: ${escape(backend.where(currentEnv, 'news'))}: a published record of "elsewhere" is dated 2026-11-23T09:00:00\\.000Z, after this run's time 2026-11-22T09:00:0\\d\\.\\d+Z; nothing is sent or recorded for this account \\(Is the clock \\(or --now\\) behind`,
              ),
            },
          ]);
          expect(out.missed).toEqual([]);
          expect(server.posts).toHaveLength(0);
          expect(await lines(root, 'news')).toEqual(before);
        });

        it('a duplicate refusal for our own lost attempt is recorded as sent, not retried forever', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Lost answer')] }];
          const { publish, server, root } = await setup(accounts);
          // An earlier run sent it (X stored it at 08:55) but the answer was lost, and its reconcile missed it
          // (a clock skewed by more than the margin): the intent's outcome was closed as not found.
          const stamp = { v: 1, account: 'news', post: 'a', part: 0, run: 'earlier' };
          await setLines(
            root,
            'news',
            [
              { ...stamp, type: 'intent', text_sha256: '0'.repeat(64), at: '2026-11-22T08:54:00.000Z' },
              { ...stamp, type: 'reconciled', found: false, at: '2026-11-22T08:56:00.000Z' },
            ].map((record) => JSON.stringify(record)),
          );
          server.posts.push({
            id: '4242',
            userId: '500',
            username: 'news',
            text: 'Lost answer',
            inReplyTo: undefined,
            mediaIds: [],
            createdAt: new Date('2026-11-22T08:55:00Z'),
          });
          const result = await publish();
          expect(result.stderr).toBe('');
          expect(result.code).toBe(0);
          expect(json(result.stdout).published).toEqual([
            expect.objectContaining({ id: 'a', platformId: '4242' }),
          ]);
          expect(server.postsOf('news')).toHaveLength(1);
        });

        it('uploads media with alt text, and fails a bad media file with its own reason', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [
                news('pic', '2026-11-22T08:30:00Z', 'Look', {
                  media: [{ file: 'media/cat.png', alt: 'A cat on a desk' }],
                }),
                news('gone', '2026-11-22T08:40:00Z', 'Missing', {
                  media: [{ file: 'media/gone.png', alt: 'Nothing' }],
                }),
              ],
            },
          ];
          const { publish, server } = await setup(accounts, {
            files: { 'media/cat.png': new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]) },
          });
          const result = await publish();
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          expect(out.published.map((p) => p.id)).toEqual(['pic']);
          // A missing image is a lint error (media-file), so the post is skipped before anything is sent.
          expect(out.failed).toEqual([]);
          expect(out.skipped).toEqual([
            expect.objectContaining({
              account: 'news',
              id: 'gone',
              reason: expect.stringMatching(/media-file/),
            }),
          ]);
          const posted = server.posts[0]!;
          expect(posted.mediaIds).toHaveLength(1);
          expect(server.altTexts.get(posted.mediaIds[0]!)).toBe('A cat on a desk');
        });

        it('reports missed, expired and lint-error posts; the other posts still go', async () => {
          const long = 'x'.repeat(300);
          const accounts = [
            {
              id: 'news',
              posts: [
                news('late', '2026-11-22T07:30:00Z', 'Too late'),
                news('deal', '2026-11-22T08:30:00Z', 'Expired deal', { expires: '2026-11-22T08:50:00Z' }),
                news('long', '2026-11-22T08:35:00Z', long),
                news('fine', '2026-11-22T08:40:00Z', 'Fine'),
                news('future', '2026-11-22T12:00:00Z', 'Not yet'),
              ],
            },
          ];
          const { publish, server, root } = await setup(accounts, {
            files: { 'content/news/broken.yaml': '- id: x\n  text: [unclosed\n' },
          });
          const result = await publish();
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          expect(out.published.map((p) => p.id)).toEqual(['fine']);
          expect(out.missed.map((p) => p.id)).toEqual(['late', 'deal']);
          expect(out.missed[1]!.reason).toBe('the deal expired at 2026-11-22T08:50:00.000Z');
          expect(out.skipped.map((p) => p.id).sort()).toEqual(['content/news/broken.yaml', 'long']);
          expect(out.skipped.find((p) => p.id === 'long')!.reason).toMatch(
            /^lint errors: content\/news\/posts\.yaml:\d+:\d+ .*\(max-length\)$/,
          );
          expect(server.posts.map((p) => p.text)).toEqual(['Fine']);

          // Missed posts are recorded and reported once; skipped ones every run until fixed.
          const again = json((await publish()).stdout);
          expect(again.missed).toEqual([]);
          expect(again.skipped.map((p) => p.id).sort()).toEqual(['content/news/broken.yaml', 'long']);
          const missed = (await ledgerRecords(root, 'news')).filter((r) => r.type === 'missed');
          expect(missed).toEqual([
            expect.objectContaining({ post: 'late', planned: '2026-11-22T07:30:00.000Z' }),
            expect.objectContaining({ post: 'deal', reason: 'the deal expired at 2026-11-22T08:50:00.000Z' }),
          ]);
        });

        it('respects a late window from chorus.yaml', async () => {
          const accounts = [{ id: 'news', posts: [news('late', '2026-11-22T07:30:00Z', 'Late but fine')] }];
          const { publish, server } = await setup(accounts, {
            config: 'limits:\n  min_gap_minutes: 0\npublish:\n  late_window_minutes: 120\n',
          });
          expect((await publish()).code).toBe(0);
          expect(server.posts).toHaveLength(1);
        });

        it('keeps min-gap between posts actually sent: the next one waits for a later run', async () => {
          const accounts = [
            {
              id: 'news',
              posts: [
                news('a', '2026-11-22T08:00:00Z', 'First'),
                news('b', '2026-11-22T09:00:00Z', 'Second'),
              ],
            },
          ];
          const { publish, server } = await setup(accounts, {
            config: 'limits:\n  min_gap_minutes: 60\npublish:\n  late_window_minutes: 120\n',
          });
          const result = await publish();
          expect(result.code).toBe(0);
          const out = json(result.stdout);
          expect(out.published.map((p) => p.id)).toEqual(['a']);
          expect(out.deferred).toEqual([
            {
              account: 'news',
              id: 'b',
              reason: expect.stringMatching(
                /^min-gap: the account last posted at 2026-11-22T09:00:0.*needs 60 min between posts; the next run sends it$/,
              ),
            },
          ]);
          expect(server.posts).toHaveLength(1);
        });

        it('does not hold a post back for min-gap past its late window: the previous one was only late', async () => {
          // a was planned 55 min before b (the 50-minute gap holds on the schedule) but goes out late, at 09:00;
          // waiting the gap after that would all but close b's 60-minute late window, so b goes now.
          const accounts = [
            {
              id: 'news',
              posts: [
                news('a', '2026-11-22T08:05:00Z', 'First'),
                news('b', '2026-11-22T09:00:00Z', 'Second'),
              ],
            },
          ];
          const { publish, server } = await setup(accounts, {
            config: 'limits:\n  min_gap_minutes: 50\npublish:\n  late_window_minutes: 60\n',
          });
          const result = await publish();
          expect(result.code).toBe(0);
          expect(json(result.stdout).published.map((p) => p.id)).toEqual(['a', 'b']);
          expect(server.posts).toHaveLength(2);
        });

        it("a ledger holding another account's records (a copied file) stops that account, located", async () => {
          const accounts = [
            { id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'From news')] },
            { id: 'blog', posts: [news('a', '2026-11-22T08:30:00Z', 'From the blog')] },
          ];
          const { publish, server, root } = await setup(accounts);
          expect((await publish('--account', 'news')).code).toBe(0);
          // Copying news's ledger to blog's would make blog's post "a" look published: it must not.
          await setLines(root, 'blog', await lines(root, 'news'));
          const result = await publish();
          expect(result.code).toBe(1);
          expect(json(result.stdout).failed).toEqual([
            {
              account: 'blog',
              id: '*',
              reason: expect.stringMatching(
                backend.name === 'files'
                  ? /^publishing stopped: state\/blog\.jsonl:1: The ledger is damaged: this record is of the account "news", not "blog"\./
                  : `^publishing stopped: ${escape(backend.where(currentEnv, 'blog'))}: The ledger is damaged: row \\d+: this record is of the account "news"\\.`,
              ),
            },
          ]);
          expect(server.posts.map((p) => p.text)).toEqual(['From news']);
        });

        it('an account file with an error publishes nothing for that account (two files claiming one handle)', async () => {
          const accounts = [
            { id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'From news')] },
            { id: 'copy', handle: 'news', posts: [news('b', '2026-11-22T08:30:00Z', 'From the copy')] },
          ];
          const { publish, server } = await setup(accounts);
          const result = await publish();
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          // duplicate-handle reports the second file in path order (accounts/news.yaml): only copy publishes.
          expect(out.published.map((p) => `${p.account}/${p.id}`)).toEqual(['copy/b']);
          expect(out.skipped).toEqual([
            {
              account: 'news',
              id: 'accounts/news.yaml',
              reason: expect.stringMatching(
                /^the account file has errors: accounts\/news\.yaml:2:\d+ .*\(duplicate-handle\)$/,
              ),
            },
          ]);
          expect(server.posts.map((p) => p.text)).toEqual(['From the copy']);
        });

        it('--dry-run shows the exact payloads and touches neither network nor ledger', async () => {
          const accounts = [
            { id: 'news', posts: [news('t', '2026-11-22T08:30:00Z', 'One', { thread: ['Two'] })] },
          ];
          const { root, env, server } = await setup(accounts);
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--dry-run'], { env });
          expect(result.code).toBe(0);
          expect(result.stdout).toBe(
            [
              'would send news/t (planned 2026-11-22T08:30:00.000Z)',
              '  POST /2/tweets {"text":"One"}',
              '  POST /2/tweets {"text":"Two","reply":{"in_reply_to_tweet_id":"<id of part 1>"}}',
              'Dry run: 1 would be sent, 0 published, 0 deferred, 0 missed, 0 skipped, 0 failed.',
              '',
            ].join('\n'),
          );
          expect(server.requests).toEqual([]);
          expect(existsSync(path.join(root, 'state'))).toBe(false);
          expect(await backend.has(root, currentEnv, 't')).toBe(false);
        });

        it('reads credentials from .env; the real environment wins', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Hello')] }];
          const { root, env, server } = await setup(accounts);
          const dotenv = Object.entries(env)
            .filter(([name]) => name !== 'CHORUS_X_API_URL')
            .map(([name, value]) => `${name}=${value}`)
            .join('\n');
          await writeFile(path.join(root, '.env'), `${dotenv}\nCHORUS_X_APP_KEY=not-the-key\n`);
          const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
            env: { CHORUS_X_API_URL: env.CHORUS_X_API_URL!, CHORUS_X_APP_KEY: env.CHORUS_X_APP_KEY! },
          });
          expect(result.code).toBe(0);
          expect(server.posts).toHaveLength(1);
        });

        it('a damaged ledger stops only its own account, with the line', async () => {
          const accounts = [
            { id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Hello')] },
            { id: 'deals', posts: [news('b', '2026-11-22T08:30:00Z', 'Buy')] },
          ];
          const { publish, root } = await setup(accounts);
          await setLines(root, 'news', ['not json', '{}']);
          const result = await publish();
          expect(result.code).toBe(1);
          const out = json(result.stdout);
          expect(out.failed).toEqual([
            {
              account: 'news',
              id: '*',
              reason:
                backend.name === 'files'
                  ? 'publishing stopped: state/news.jsonl:1: The ledger is damaged: this line is not JSON. (Ledger lines are written by `chorus publish` only; restore the file from git (`git checkout -- state/news.jsonl`).)'
                  : expect.stringMatching(
                      `^publishing stopped: ${escape(backend.where(currentEnv, 'news'))}: The ledger is damaged: row \\d+: this line is not JSON\\.`,
                    ),
            },
          ]);
          expect(out.published.map((p) => p.id)).toEqual(['b']);
        });

        it('exits 2 on usage and configuration errors', async () => {
          const accounts = [{ id: 'news', posts: [news('a', '2026-11-22T08:30:00Z', 'Hello')] }];
          const { root, env } = await setup(accounts, { config: 'publish:\n  late_window_minutes: -5\n' });
          const config = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
          expect(config.code).toBe(2);
          expect(config.stderr).toMatch(/^chorus: chorus\.yaml:2:\d+: chorus\.yaml has errors/);
          expect((await runCliAsync(['publish', '--root', root, '--shard', '3/2'], { env })).code).toBe(2);
          expect((await runCliAsync(['publish', '--root', root, '--account', 'nope'], { env })).code).toBe(2);
        });
      });
    },
  );
}
