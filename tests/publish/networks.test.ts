// Mastodon and Weibo end to end through the built CLI against their stand-ins: lint, plan, the dry run,
// publish (threads and images on Mastodon, one picture on Weibo), a rerun that sends nothing twice,
// `accounts --check` and `metrics`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/run-cli.js';
import { secretOf, type FixtureAccount } from './fixture.js';
import {
  networkEnv,
  networkWorkspace,
  SAFE_DOMAIN,
  startStandIn,
  type NetworkStandIn,
} from './network-fixture.js';

const NOW = '2026-11-22T09:00:00Z';
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
let standIn: NetworkStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const longLink = `https://${SAFE_DOMAIN}/winter/sale?utm_source=weibo&utm_medium=social&utm_campaign=${'x'.repeat(40)}`;

describe('Mastodon through the CLI', () => {
  const accounts: FixtureAccount[] = [
    {
      id: 'acme-social',
      handle: 'acme',
      posts: [
        {
          id: 'guide',
          at: '2026-11-22T08:30:00Z',
          text: `Winter layering, a thread: ${longLink}`,
          thread: ['Base layer first.', 'Then the shell.'],
          media: [{ file: 'media/layers.png', alt: 'Three jackets laid out on a bench' }],
        },
        { id: 'news', at: '2026-11-22T08:40:00Z', text: 'The repair bench is open on Saturday.' },
      ],
    },
  ];

  it(
    'lints, plans, publishes a thread with an image exactly once, checks identity and the instance limit, fetches metrics',
    { timeout: 25_000 },
    async () => {
      standIn = await startStandIn('mastodon', accounts);
      const server = standIn.mastodon!;
      const root = await networkWorkspace('mastodon', accounts, standIn.url, {
        files: { 'media/layers.png': PNG },
      });
      const env = networkEnv('mastodon', accounts, standIn.url);
      const run = (...args: string[]) => runCliAsync([...args, '--root', root], { env });

      const lint = await run('lint', '--now', NOW);
      expect(lint.stdout).toBe('✔ No problems\n');
      const plan = JSON.parse((await run('plan', '--now', NOW, '--format', 'json')).stdout) as {
        posts: { id: string; length: number }[];
      };
      // Mastodon counts the 120-character link as 23.
      expect(plan.posts.find((p) => p.id === 'guide')!.length).toBe(
        'Winter layering, a thread: '.length + 23,
      );

      const dry = await run('publish', '--now', NOW, '--dry-run');
      expect(dry.stdout).toContain('POST /api/v1/statuses {"status":"Winter layering, a thread:');
      expect(dry.stdout).toContain('"in_reply_to_id":"<id of part 1>"');
      expect(server.statuses).toEqual([]);

      const first = await run('publish', '--now', NOW, '--format', 'json');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const stored = server.statusesOf('acme');
      expect(stored.map((s) => s.text)).toEqual([
        `Winter layering, a thread: ${longLink}`,
        'Base layer first.',
        'Then the shell.',
        'The repair bench is open on Saturday.',
      ]);
      expect(stored[1]!.inReplyToId).toBe(stored[0]!.id);
      expect(stored[2]!.inReplyToId).toBe(stored[1]!.id);
      expect([...server.media.values()].map((m) => m.description)).toEqual([
        'Three jackets laid out on a bench',
      ]);
      expect(stored[0]!.mediaIds).toHaveLength(1);
      // Every create carried its own Idempotency-Key.
      const keys = server.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(4);
      expect((await run('publish', '--now', NOW, '--format', 'json')).stdout).toContain('"published": []');
      expect(server.statuses).toHaveLength(4);

      server.setMaxCharacters(1000);
      const check = await run('accounts', '--check');
      expect(check.code).toBe(0);
      expect(check.stdout).toContain(
        'ok; warning: the instance allows 1000 characters per post but the account file says max_characters: 500',
      );

      server.setStatusCounts(stored[0]!.id, { favourites: 12, reblogs: 3, replies: 2 });
      server.setFollowers('acme', 321);
      const metrics = await run('metrics', '--now', '2026-11-23T09:00:00Z');
      expect(metrics.code).toBe(0);
      expect(metrics.stdout).toContain('321 followers');
      const snapshot = await readFile(path.join(root, 'state', 'acme-social.metrics.jsonl'), 'utf8');
      expect(snapshot).toContain(`"${stored[0]!.id}"`);
      expect(snapshot).toMatch(/"likes":12/);
      for (const output of [lint, dry, first, check, metrics])
        expect(output.stdout + output.stderr).not.toContain(secretOf('acme-social', 'token'));
    },
  );
});

describe('Weibo through the CLI', () => {
  const accounts: FixtureAccount[] = [
    {
      id: 'acme-cn',
      handle: '示例品牌',
      posts: [
        {
          id: 'sale',
          at: '2026-11-22T08:30:00Z',
          text: `冬季特卖，全场八折 ${longLink}`,
          media: [{ file: 'media/sale.png', alt: '冬季特卖海报' }],
        },
        { id: 'store', at: '2026-11-22T08:40:00Z', text: `静安店周六开业 https://${SAFE_DOMAIN}/jingan` },
      ],
    },
  ];

  it(
    'lints, plans, publishes with one picture exactly once, checks identity, fetches metrics',
    { timeout: 25_000 },
    async () => {
      standIn = await startStandIn('weibo', accounts);
      const server = standIn.weibo!;
      const root = await networkWorkspace('weibo', accounts, standIn.url, {
        files: { 'media/sale.png': PNG },
      });
      const env = networkEnv('weibo', accounts, standIn.url);
      const run = (...args: string[]) => runCliAsync([...args, '--root', root], { env });

      expect((await run('lint', '--now', NOW)).stdout).toBe('✔ No problems\n');
      const plan = JSON.parse((await run('plan', '--now', NOW, '--format', 'json')).stdout) as {
        posts: { id: string; length: number }[];
      };
      // 9 Chinese characters and a space (half): 10 with the 10 of the link.
      expect(plan.posts.find((p) => p.id === 'sale')!.length).toBe(Math.ceil((9 * 2 + 1 + 20) / 2));

      const dry = await run('publish', '--now', NOW, '--dry-run');
      expect(dry.stdout).toContain('POST /2/statuses/share.json {"status":"冬季特卖');
      expect(dry.stdout).toContain('"pic":"<media/sale.png>"');

      const first = await run('publish', '--now', NOW, '--format', 'json');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(server.posts.map((p) => [p.text.slice(0, 4), p.pic?.type])).toEqual([
        ['冬季特卖', 'image/png'],
        ['静安店周', undefined],
      ]);
      expect((await run('publish', '--now', NOW, '--format', 'json')).stdout).toContain('"published": []');
      expect(server.posts).toHaveLength(2);

      const check = await run('accounts', '--check');
      expect([check.code, check.stdout]).toEqual([
        0,
        expect.stringMatching(/acme-cn\s+weibo\s+@示例品牌.*ok/),
      ]);

      server.setCounts(server.posts[0]!.id, { comments: 4, reposts: 5, attitudes: 30 });
      server.setFollowers('示例品牌', 4321);
      const metrics = await run('metrics', '--now', '2026-11-23T09:00:00Z');
      expect(metrics.stdout).toContain('4321 followers');
      const snapshot = await readFile(path.join(root, 'state', 'acme-cn.metrics.jsonl'), 'utf8');
      expect(snapshot).toMatch(/"likes":30/);
    },
  );

  it(
    'a thread or a post without a secure-domain link is a lint error, and publish does not send it',
    { timeout: 15_000 },
    async () => {
      const bad: FixtureAccount[] = [
        {
          id: 'acme-cn',
          handle: '示例品牌',
          posts: [
            { id: 'thread', at: '2026-11-22T08:30:00Z', text: `一 https://${SAFE_DOMAIN}/a`, thread: ['二'] },
            { id: 'nolink', at: '2026-11-22T08:40:00Z', text: '没有链接的微博' },
          ],
        },
      ];
      standIn = await startStandIn('weibo', bad);
      const root = await networkWorkspace('weibo', bad, standIn.url);
      const env = networkEnv('weibo', bad, standIn.url);
      const lint = await runCliAsync(['lint', '--root', root, '--now', NOW, '--format', 'json'], { env });
      expect(lint.code).toBe(1);
      const ids = (JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) =>
        f.messages.map((m) => m.ruleId),
      );
      expect(ids.sort()).toEqual(['network-fit', 'weibo-share']);
      await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect(standIn.weibo!.posts).toEqual([]);
    },
  );

  it(
    'a repeat of an older post fails with "change the text"; the hourly limit defers the rest to the next run',
    { timeout: 15_000 },
    async () => {
      const posts: FixtureAccount[] = [
        {
          id: 'acme-cn',
          handle: '示例品牌',
          posts: [
            { id: 'old', at: '2026-11-22T08:30:00Z', text: `老朋友 https://${SAFE_DOMAIN}/old` },
            { id: 'one', at: '2026-11-22T08:31:00Z', text: `第一条 https://${SAFE_DOMAIN}/1` },
            { id: 'two', at: '2026-11-22T08:32:00Z', text: `第二条 https://${SAFE_DOMAIN}/2` },
          ],
        },
      ];
      // The stand-in's clock follows --now; the account posted the first text a day before, outside Chorus.
      let clock = new Date('2026-11-21T09:00:00Z');
      standIn = await startStandIn('weibo', posts, { clock: () => clock });
      const server = standIn.weibo!;
      const before = await fetch(`${server.url}/2/statuses/share.json`, {
        method: 'POST',
        headers: { authorization: `OAuth2 ${secretOf('acme-cn', 'token')}` },
        body: new URLSearchParams({ status: posts[0]!.posts[0]!.text }),
      });
      expect(before.status).toBe(200);
      expect(server.posts).toHaveLength(1);
      clock = new Date(NOW);
      const root = await networkWorkspace('weibo', posts, standIn.url);
      const env = networkEnv('weibo', posts, standIn.url);
      server.queueFaults({ kind: 'none' }, { kind: 'none' }, { kind: 'rate-limit' });
      const result = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect(result.stdout).toMatch(
        /failed\s+acme-cn\/old\s+.*repeat of text this account already posted.*change the text/,
      );
      expect(result.stdout).toMatch(/published acme-cn\/one/);
      expect(result.stdout).toMatch(/deferred\s+acme-cn\/two\s+rate limited by Weibo until/);
      expect(server.posts.map((p) => p.text)).toEqual([posts[0]!.posts[0]!.text, posts[0]!.posts[1]!.text]);
    },
  );
});
