// The Mastodon and Weibo stand-ins enforce what the networks' documents say (spoken to with plain fetch).
import { afterEach, describe, expect, it } from 'vitest';
import {
  mastodonCountedLength,
  startMastodonServer,
  type MastodonServer,
} from '../../src/platforms/mastodon/stand-in.js';
import {
  startWeiboServer,
  weiboCountedLength,
  type WeiboServer,
} from '../../src/platforms/weibo/stand-in.js';

let mastodon: MastodonServer | undefined;
let weibo: WeiboServer | undefined;
afterEach(async () => {
  await mastodon?.close();
  await weibo?.close();
  mastodon = undefined;
  weibo = undefined;
});

const TOKEN = 'mastodon-token-0123456789';
const post = (server: MastodonServer, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v1/statuses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('Mastodon stand-in', () => {
  it('counts graphemes, 23 per URL, the content warning, and a remote mention by its local part', () => {
    expect(mastodonCountedLength('héllo 👩‍👩‍👧')).toBe(7);
    expect(mastodonCountedLength('see https://example.com/a/very/long/path?utm_source=x')).toBe(4 + 23);
    expect(mastodonCountedLength('hi @alice@example.social', 'CW')).toBe(2 + 3 + 6);
  });

  it('returns the original status for a repeated Idempotency-Key within the hour, a new one after it', async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    mastodon = await startMastodonServer({
      users: [{ id: '1', username: 'acme', accessToken: TOKEN }],
      clock: () => now,
    });
    const first = (await (await post(mastodon, { status: 'one' }, { 'idempotency-key': 'k1' })).json()) as {
      id: string;
    };
    const again = (await (await post(mastodon, { status: 'one' }, { 'idempotency-key': 'k1' })).json()) as {
      id: string;
    };
    expect(again.id).toBe(first.id);
    expect(mastodon.statuses).toHaveLength(1);
    now = new Date('2026-11-30T11:00:01Z');
    const later = (await (await post(mastodon, { status: 'one' }, { 'idempotency-key': 'k1' })).json()) as {
      id: string;
    };
    expect(later.id).not.toBe(first.id);
    expect(mastodon.statuses).toHaveLength(2);
  });

  it('refuses a status over the instance limit and says the limit in GET /api/v2/instance', async () => {
    mastodon = await startMastodonServer({
      users: [{ id: '1', username: 'acme', accessToken: TOKEN }],
      maxCharacters: 30,
    });
    const instance = (await (await fetch(`${mastodon.url}/api/v2/instance`)).json()) as {
      configuration: { statuses: { max_characters: number } };
    };
    expect(instance.configuration.statuses.max_characters).toBe(30);
    expect((await post(mastodon, { status: `ok https://example.com/${'x'.repeat(200)}` })).status).toBe(200);
    const refused = await post(mastodon, { status: 'x'.repeat(31) });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ error: 'Validation failed: Text character limit of 30 exceeded' });
  });

  it('processes media asynchronously (202, then 206, then 200) and refuses unprocessed media on a status', async () => {
    mastodon = await startMastodonServer({
      users: [{ id: '1', username: 'acme', accessToken: TOKEN }],
      mediaProcessingPolls: 1,
    });
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }), 'a.png');
    form.set('description', 'A red square');
    const upload = await fetch(`${mastodon.url}/api/v2/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    expect((await post(mastodon, { status: 'pic', media_ids: [id] })).status).toBe(422);
    const poll = () =>
      fetch(`${mastodon!.url}/api/v1/media/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await poll()).status).toBe(206);
    expect((await poll()).status).toBe(200);
    expect((await post(mastodon, { status: 'pic', media_ids: [id] })).status).toBe(200);
  });

  it('sends X-RateLimit-* headers and answers 429 past the window', async () => {
    mastodon = await startMastodonServer({
      users: [{ id: '1', username: 'acme', accessToken: TOKEN }],
      requestsPerWindow: 2,
    });
    const verify = () =>
      fetch(`${mastodon!.url}/api/v1/accounts/verify_credentials`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    const first = await verify();
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number.isNaN(Date.parse(first.headers.get('x-ratelimit-reset')!))).toBe(false);
    await verify();
    expect((await verify()).status).toBe(429);
  });
});

const WEIBO_TOKEN = '2.00weibo-token-0123456789';
const share = (server: WeiboServer, status: string) =>
  fetch(`${server.url}/2/statuses/share.json`, {
    method: 'POST',
    headers: { authorization: `OAuth2 ${WEIBO_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ status }).toString(),
  });

describe('Weibo stand-in', () => {
  it('counts ASCII as half, CJK as one, a URL as ten', () => {
    expect(weiboCountedLength('中文')).toBe(2);
    expect(weiboCountedLength('abc')).toBe(2);
    expect(weiboCountedLength(`看 https://shop.example.cn/${'a'.repeat(80)}`)).toBe(1 + 1 + 10);
  });

  it('needs a link on the secure domain, refuses #topic#, repeats, and the hourly limit', async () => {
    weibo = await startWeiboServer({
      users: [{ uid: '5000001', screenName: '示例品牌', accessToken: WEIBO_TOKEN }],
      safeDomain: 'example.cn',
      postsPerHour: 2,
    });
    const code = async (response: Response) => ((await response.json()) as { error_code: number }).error_code;
    expect(await code(await share(weibo, '没有链接'))).toBe(10017);
    expect(await code(await share(weibo, '别处 https://other.com/x'))).toBe(10017);
    expect(await code(await share(weibo, '#话题# https://shop.example.cn/x'))).toBe(10017);
    expect((await share(weibo, '特价 https://shop.example.cn/a')).status).toBe(200);
    expect(await code(await share(weibo, '特价 https://shop.example.cn/a'))).toBe(20019);
    expect((await share(weibo, '新品 https://shop.example.cn/b')).status).toBe(200);
    expect(await code(await share(weibo, '再来 https://shop.example.cn/c'))).toBe(10023);
  });

  it('refuses an expired token with 21327', async () => {
    weibo = await startWeiboServer({
      users: [{ uid: '5000001', screenName: 'acme', accessToken: WEIBO_TOKEN, expiresAt: new Date(0) }],
      safeDomain: 'example.cn',
    });
    const answer = await share(weibo, '特价 https://shop.example.cn/a');
    expect(await answer.json()).toMatchObject({ error_code: 21327, error: 'expired_token' });
  });
});
