// The Weibo client (fetch) against the local stand-in (src/testing/weibo-server.ts).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/model/types.js';
import { weibo } from '../../src/platforms/weibo/index.js';
import type { PlatformError } from '../../src/platforms/types.js';
import { type PlatformClient } from '../../src/platforms/types.js';
import {
  startWeiboServer,
  type WeiboServer,
  type WeiboServerOptions,
} from '../../src/platforms/weibo/stand-in.js';

const TOKEN = '2.00SecretWeiboToken_abcdef123456';
let server: WeiboServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const account = {
  id: 'acme-cn',
  handle: '示例品牌',
  platform: 'weibo',
  settings: { safe_domain: 'example.cn' },
} as unknown as Account;

async function setUp(options: Partial<WeiboServerOptions> = {}, token = TOKEN): Promise<PlatformClient> {
  server = await startWeiboServer({
    users: [{ uid: '5000001', screenName: '示例品牌', accessToken: TOKEN }],
    safeDomain: 'example.cn',
    ...options,
  });
  return weibo.client({
    account,
    credentials: { access_token: token },
    env: { CHORUS_WEIBO_API_URL: server.url },
    timeoutMs: 2000,
  });
}
const key = (post: string) => ({ account: 'acme-cn', post, part: 0 });
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as PlatformError,
  );

describe('Weibo client', () => {
  it('checks identity through get_uid and users/show, the token only in the Authorization header', async () => {
    const client = await setUp();
    expect(await client.whoAmI()).toEqual({ id: '5000001', handle: '示例品牌' });
    for (const request of server!.requests) {
      expect(request.authorization).toBe(`OAuth2 ${TOKEN}`);
      expect(request.query + request.body).not.toContain(TOKEN);
    }
  });

  it('shares a post with one picture and returns its id and URL', async () => {
    const client = await setUp();
    const picture = await client.uploadMedia({
      bytes: Buffer.from([0xff, 0xd8, 0xff]),
      mime: 'image/jpeg',
      alt: '',
    });
    const ref = await client.createPost({
      key: key('d1'),
      text: '双十一特价 https://shop.example.cn/d1',
      lang: 'zh-CN',
      media: [picture],
    });
    expect(server!.posts).toHaveLength(1);
    expect(server!.posts[0]!.pic).toEqual({ type: 'image/jpeg', size: 3 });
    expect(ref).toEqual({
      id: server!.posts[0]!.id,
      url: `https://m.weibo.cn/status/${server!.posts[0]!.id}`,
    });
  });

  it("maps Weibo's documented errors to clear messages and kinds", async () => {
    const client = await setUp({ postsPerHour: 2 });
    const missing = await fail(client.createPost({ key: key('a'), text: '没有链接', lang: 'zh', media: [] }));
    expect([missing?.kind, missing?.message]).toEqual([
      'rejected',
      expect.stringContaining('secure domain (example.cn)'),
    ]);
    await client.createPost({ key: key('b'), text: '特价 https://shop.example.cn/b', lang: 'zh', media: [] });
    const repeat = await fail(
      client.createPost({ key: key('c'), text: '特价 https://shop.example.cn/b', lang: 'zh', media: [] }),
    );
    expect([repeat?.kind, repeat?.message]).toEqual(['duplicate', expect.stringContaining('repeat')]);
    await client.createPost({ key: key('d'), text: '新品 https://shop.example.cn/d', lang: 'zh', media: [] });
    const limited = await fail(
      client.createPost({ key: key('e'), text: '再来 https://shop.example.cn/e', lang: 'zh', media: [] }),
    );
    expect(limited?.kind).toBe('rate-limit');
    expect(limited?.message).toContain('hourly limit');
    expect(limited!.resetAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(client.lastRateLimit()).toMatchObject({ limit: 2, remaining: 0 });
  });

  it('says an expired token is expired, as auth', async () => {
    const client = await setUp({
      users: [{ uid: '5000001', screenName: '示例品牌', accessToken: TOKEN, expiresAt: new Date(0) }],
    });
    const error = await fail(client.whoAmI());
    expect([error?.kind, error?.message]).toEqual(['auth', expect.stringContaining('expired')]);
  });

  it('refuses threads and a second picture before sending', async () => {
    const client = await setUp();
    const parent = { id: '1', url: 'x' };
    expect(
      (
        await fail(
          client.createPost({ key: { ...key('t'), part: 1 }, text: 'x', lang: 'zh', media: [], parent }),
        )
      )?.message,
    ).toContain('no threads');
    expect(server!.requests).toEqual([]);
  });

  it('cut connections and 5xx are unknown outcomes; reconciliation finds the post on the timeline (links rewritten or not)', async () => {
    const client = await setUp();
    server!.queueFaults(
      { kind: 'cut-after-accept' },
      { kind: 'error-5xx-after-accept' },
      { kind: 'error-5xx' },
    );
    const texts = [
      '甲 https://shop.example.cn/1?c=AB12',
      '乙 https://shop.example.cn/2',
      '丙 https://shop.example.cn/3',
    ];
    for (const [n, text] of texts.entries()) {
      expect((await fail(client.createPost({ key: key(`p${n}`), text, lang: 'zh', media: [] })))?.kind).toBe(
        'unknown',
      );
    }
    // Weibo shows links as t.cn short links: the prose still identifies the post.
    server!.posts[1]!.text = '乙 http://t.cn/A6abcdE';
    const since = new Date(Date.now() - 60_000);
    const found = await client.findSent(
      texts.map((text, n) => ({
        key: key(`p${n}`),
        text,
        textSha256: sha(text),
        trackingCode: undefined,
        since,
      })),
    );
    expect(found.map((ref) => ref?.id)).toEqual([server!.posts[0]!.id, server!.posts[1]!.id, undefined]);
  });

  it('reads comments, reposts and attitudes per post, and followers', async () => {
    const client = await setUp();
    const ref = await client.createPost({
      key: key('m'),
      text: '好物 https://shop.example.cn/m',
      lang: 'zh',
      media: [],
    });
    server!.setCounts(ref.id, { comments: 3, reposts: 4, attitudes: 9 });
    server!.setFollowers('示例品牌', 88);
    expect(await client.postMetrics([ref.id, '123'])).toEqual({
      posts: [{ id: ref.id, likes: 9, reposts: 4, replies: 3, quotes: 0, impressions: undefined }],
      missing: ['123'],
    });
    expect(await client.accountMetrics()).toEqual({
      id: '5000001',
      handle: '示例品牌',
      followers: 88,
      following: 0,
      posts: 1,
    });
  });

  it('never shows the token, even when Weibo echoes it', async () => {
    const client = await setUp();
    server!.setEchoOnShare(true);
    const error = await fail(
      client.createPost({ key: key('x'), text: '特价 https://shop.example.cn/x', lang: 'zh', media: [] }),
    );
    expect(error?.message).toContain('[redacted]');
    expect(error?.message).not.toContain(TOKEN);
  });

  it('refuses a plain-http API address that is not this machine', async () => {
    const error = await fail(
      weibo.client({
        account,
        credentials: { access_token: TOKEN },
        env: { CHORUS_WEIBO_API_URL: 'http://example.com' },
      }),
    );
    expect(error?.message).toContain('must use https');
  });
});
