// The Mastodon client through the real `masto` library against the local stand-in (src/testing/mastodon-server.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/model/types.js';
import { mastodon } from '../../src/platforms/mastodon/index.js';
import { idempotencyKey } from '../../src/platforms/mastodon/text.js';
import { PlatformError, type PlatformClient } from '../../src/platforms/types.js';
import {
  startMastodonServer,
  type MastodonServer,
  type MastodonServerOptions,
} from '../../src/platforms/mastodon/stand-in.js';
import { createHash } from 'node:crypto';

const TOKEN = 'mst-secret-token-9f8e7d6c5b4a';
let server: MastodonServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const account = (settings: Record<string, unknown> = {}) =>
  ({
    id: 'acme-social',
    handle: 'acme',
    platform: 'mastodon',
    settings: { server: server!.url, ...settings },
  }) as unknown as Account;

async function setUp(
  options: Partial<MastodonServerOptions> = {},
  settings: Record<string, unknown> = {},
  clock?: () => Date,
): Promise<PlatformClient> {
  server = await startMastodonServer({
    users: [{ id: '42', username: 'acme', accessToken: TOKEN }],
    ...options,
  });
  return mastodon.client({
    account: account(settings),
    credentials: { access_token: TOKEN },
    env: { CHORUS_ALLOWED_SERVERS: server.url },
    sleep: async () => {},
    clock,
    timeoutMs: 2000,
  });
}

const key = (post: string, part = 0) => ({ account: 'acme-social', post, part });
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('Mastodon client', () => {
  it('checks identity with verify_credentials; the token travels only in the Authorization header', async () => {
    const client = await setUp();
    expect(await client.whoAmI()).toEqual({ id: '42', handle: 'acme' });
    expect(server!.requests.map((r) => r.authorization)).toEqual([`Bearer ${TOKEN}`]);
    expect(client.lastRateLimit()).toMatchObject({ limit: 300, remaining: 299 });
  });

  it('sends the Idempotency-Key of the part, so a retry after a cut connection returns the original status', async () => {
    const client = await setUp();
    server!.queueFaults({ kind: 'cut-after-accept' });
    const request = { key: key('p1'), text: 'Hello fediverse', lang: 'en', media: [] };
    const cut = await client.createPost(request).catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(PlatformError);
    expect((cut as PlatformError).kind).toBe('unknown');
    const retried = await client.createPost(request);
    expect(server!.statuses).toHaveLength(1);
    expect(retried.id).toBe(server!.statuses[0]!.id);
    expect(retried.url).toBe(`${server!.url}/@acme/${retried.id}`);
    expect(
      server!.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.idempotencyKey),
    ).toEqual([idempotencyKey(key('p1')), idempotencyKey(key('p1'))]);
  });

  it('a 5xx after storing is an unknown outcome; a 5xx before is too (reconcile decides)', async () => {
    const client = await setUp();
    server!.queueFaults({ kind: 'error-5xx' }, { kind: 'error-5xx-after-accept' });
    for (const post of ['a', 'b']) {
      const error = await client
        .createPost({ key: key(post), text: post, lang: 'en', media: [] })
        .catch((e: unknown) => e);
      expect((error as PlatformError).kind).toBe('unknown');
    }
    expect(server!.statuses.map((s) => s.text)).toEqual(['b']);
  });

  it('chains a thread with in_reply_to_id, with the account visibility and the language', async () => {
    const client = await setUp({}, { visibility: 'unlisted' });
    const first = await client.createPost({ key: key('t'), text: 'One', lang: 'de', media: [] });
    const second = await client.createPost({
      key: key('t', 1),
      text: 'Two',
      lang: 'de',
      media: [],
      root: first,
      parent: first,
    });
    expect(server!.statuses.map((s) => [s.text, s.inReplyToId, s.visibility, s.language])).toEqual([
      ['One', null, 'unlisted', 'de'],
      ['Two', first.id, 'unlisted', 'de'],
    ]);
    expect(second.id).not.toBe(first.id);
  });

  it('uploads up to 4 images with descriptions and waits until each is processed', async () => {
    const client = await setUp({ mediaProcessingPolls: 3 });
    const ids = [];
    for (const n of [1, 2, 3, 4]) {
      ids.push(
        await client.uploadMedia({
          bytes: Buffer.from([0x89, 0x50, n]),
          mime: 'image/png',
          alt: `Image ${n}`,
        }),
      );
    }
    await client.createPost({ key: key('m'), text: 'Pictures', lang: 'en', media: ids });
    expect(server!.statuses[0]!.mediaIds).toEqual(ids);
    expect([...server!.media.values()].map((m) => m.description)).toEqual([
      'Image 1',
      'Image 2',
      'Image 3',
      'Image 4',
    ]);
    expect(server!.requests.filter((r) => r.path.startsWith('/api/v1/media/')).length).toBe(16);
  });

  it("refuses a status over the instance limit as rejected, with Mastodon's reason", async () => {
    const client = await setUp({ maxCharacters: 10 });
    const error = (await client
      .createPost({ key: key('long'), text: 'x'.repeat(11), lang: 'en', media: [] })
      .catch((e: unknown) => e)) as PlatformError;
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('character limit of 10 exceeded');
  });

  it('turns a 429 into rate-limit with the reset time from X-RateLimit-Reset', async () => {
    const client = await setUp();
    server!.queueFaults({ kind: 'rate-limit', resetInSeconds: 120 });
    const before = Date.now();
    const error = (await client
      .createPost({ key: key('r'), text: 'r', lang: 'en', media: [] })
      .catch((e: unknown) => e)) as PlatformError;
    expect(error.kind).toBe('rate-limit');
    expect(error.resetAt!.getTime()).toBeGreaterThanOrEqual(before + 110_000);
    expect(error.resetAt!.getTime()).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  it("past the key's hour, finds an unknown outcome in the account's statuses by text, tracking code or not at all", async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const client = await setUp({ clock: () => now }, {}, () => now);
    const text = 'Winter sale:\n\nhttps://shop.example.com/w?utm_campaign=c-7Q2 & more <3';
    // Posted an hour before the attempt, outside Chorus: the same words, but not this part.
    now = new Date('2026-11-30T08:55:00Z');
    await client.createPost({ key: key('elsewhere'), text: 'Same old words', lang: 'en', media: [] });
    now = new Date('2026-11-30T10:00:00Z');
    server!.queueFaults({ kind: 'cut-after-accept' });
    await client.createPost({ key: key('w'), text, lang: 'en', media: [] }).catch(() => undefined);
    for (let n = 0; n < 45; n++)
      await client.createPost({ key: key(`filler${n}`), text: `filler ${n}`, lang: 'en', media: [] });
    now = new Date('2026-11-30T12:00:00Z');
    const since = new Date('2026-11-30T09:55:00Z');
    const found = await client.findSent([
      { key: key('w'), text, textSha256: sha(text), trackingCode: undefined, since },
      { key: key('w2'), text: 'edited since', textSha256: sha('edited since'), trackingCode: 'c-7Q2', since },
      {
        key: key('never'),
        text: 'never sent',
        textSha256: sha('never sent'),
        trackingCode: undefined,
        since,
      },
      {
        key: key('old'),
        text: 'Same old words',
        textSha256: sha('Same old words'),
        trackingCode: undefined,
        since,
      },
    ]);
    expect(found[0]?.id).toBe(server!.statuses[1]!.id);
    expect(found[1]?.id).toBe(server!.statuses[1]!.id);
    expect(found[2]).toBeUndefined();
    expect(found[3]).toBeUndefined();
  });

  it('a reply found by reconciliation must answer the part before it', async () => {
    const client = await setUp();
    const root = await client.createPost({ key: key('t'), text: 'Root', lang: 'en', media: [] });
    await client.createPost({ key: key('x'), text: 'Same words', lang: 'en', media: [] });
    const since = new Date(Date.now() - 60_000);
    const query = {
      key: key('t', 1),
      text: 'Same words',
      textSha256: sha('Same words'),
      trackingCode: undefined,
      since,
      parent: root,
    };
    expect(await client.findSent([query])).toEqual([undefined]);
  });

  it('reads favourites, reblogs and replies per status, and followers', async () => {
    const client = await setUp();
    const post = await client.createPost({ key: key('m'), text: 'metrics', lang: 'en', media: [] });
    server!.setStatusCounts(post.id, { favourites: 5, reblogs: 2, replies: 1 });
    server!.setFollowers('acme', 1234);
    expect(await client.postMetrics([post.id, '999'])).toEqual({
      posts: [{ id: post.id, likes: 5, reposts: 2, replies: 1, quotes: 0, impressions: undefined }],
      missing: ['999'],
    });
    expect(await client.accountMetrics()).toEqual({
      id: '42',
      handle: 'acme',
      followers: 1234,
      following: 0,
      posts: 1,
    });
  });

  it('warns when the instance max_characters differs from the account file', async () => {
    const client = await setUp({ maxCharacters: 1000 }, { max_characters: 500 });
    expect(await client.accountWarnings!()).toEqual([expect.stringContaining('allows 1000 characters')]);
    server!.setMaxCharacters(500);
    expect(await client.accountWarnings!()).toEqual([]);
  });

  it('never shows the token, even when the server echoes it back', async () => {
    const client = await setUp();
    server!.setEchoOnPost(400);
    const error = (await client
      .createPost({ key: key('e'), text: 'e', lang: 'en', media: [] })
      .catch((e: unknown) => e)) as PlatformError;
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(TOKEN);
  });

  it('refuses a refused token as auth, and an unlisted server before sending anything', async () => {
    server = await startMastodonServer({ users: [{ id: '42', username: 'acme', accessToken: TOKEN }] });
    const wrong = await mastodon.client({
      account: account(),
      credentials: { access_token: 'not-the-token-000' },
      env: { CHORUS_ALLOWED_SERVERS: server.url },
    });
    expect(((await wrong.whoAmI().catch((e: unknown) => e)) as PlatformError).kind).toBe('auth');
    const refused = await mastodon
      .client({ account: account(), credentials: { access_token: TOKEN }, env: {} })
      .catch((e: unknown) => e);
    expect((refused as PlatformError).message).toContain('not allowed to receive credentials');
    expect(server.requests.filter((r) => r.authorization === `Bearer ${TOKEN}`)).toEqual([]);
  });
});
