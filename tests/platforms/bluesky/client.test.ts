// The Bluesky client against the real PDS (@atproto/pds on 127.0.0.1, in-memory DID directory): posts with
// link facets, a thread, images with alt text, the 300-grapheme edge, the same record key twice, lookups by
// key, and the errors a user can meet (wrong app password, a handle that does not resolve, a server down).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/model/types.js';
import { bluesky } from '../../../src/platforms/bluesky/index.js';
import { recordKey } from '../../../src/platforms/bluesky/tid.js';
import { type PlatformClient, PlatformError, type PostRef } from '../../../src/platforms/types.js';
import { startAppView } from '../../helpers/appview.js';
import { loggingProxy, type PdsAccount, startPds, type TestPds } from '../../helpers/pds.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let pds: TestPds;
let alice: PdsAccount;
let bob: PdsAccount;

function accountFor(user: PdsAccount, id = user.handle.split('.')[0]!, server = pds.url): Account {
  return { id, file: `accounts/${id}.yaml`, handle: user.handle, settings: { server } } as unknown as Account;
}

async function clientFor(
  user: PdsAccount,
  options: { password?: string; server?: string; handle?: string; allowed?: string; appView?: string } = {},
): Promise<PlatformClient> {
  const account = { ...accountFor(user, undefined, options.server), handle: options.handle ?? user.handle };
  return bluesky.client({
    account,
    credentials: { identifier: user.handle, app_password: options.password ?? user.appPassword },
    env: {
      CHORUS_ALLOWED_SERVERS: options.allowed ?? pds.url,
      ...(options.appView ? { CHORUS_BLUESKY_APPVIEW_URL: options.appView } : {}),
    },
    timeoutMs: 10_000,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

beforeAll(async () => {
  pds = await startPds();
  [alice, bob] = await Promise.all([pds.createAccount('alice'), pds.createAccount('bob')]);
}, 25_000);
afterAll(() => pds?.stop());

describe('Bluesky client against the real PDS', () => {
  it('logs in once and checks the identity: the session DID and handle are the account file’s', async () => {
    const client = await clientFor(alice);
    expect(await client.whoAmI()).toEqual({ id: alice.did, handle: 'alice.test' });
    await client.close?.();
  });

  it('posts a text whose facets carry the full tracked URL behind a short visible link, and a mention', async () => {
    const client = await clientFor(alice);
    const ref = await client.createPost({
      key: { account: 'alice', post: 'link-post', part: 0 },
      text: 'Spring is here 🌷 https://acme.example/spring?utm_source=bluesky&utm_campaign=s26 #spring @bob.test',
      lang: 'en',
      media: [],
    });
    expect(ref.id).toBe(
      `at://${alice.did}/app.bsky.feed.post/${recordKey({ account: 'alice', post: 'link-post', part: 0 })}`,
    );
    expect(ref.url).toBe(`https://bsky.app/profile/alice.test/post/${ref.id.split('/').at(-1)}`);
    const [record] = (await pds.listRecords(alice.did)).filter((r) => r.uri === ref.id);
    expect(record!.cid).toBe(ref.cid);
    expect(record!.value.text).toBe('Spring is here 🌷 acme.example/spring… #spring @bob.test');
    expect(record!.value.langs).toEqual(['en']);
    const facets = record!.value.facets as {
      index: { byteStart: number; byteEnd: number };
      features: unknown[];
    }[];
    expect(facets.map((f) => f.features[0])).toEqual([
      {
        $type: 'app.bsky.richtext.facet#link',
        uri: 'https://acme.example/spring?utm_source=bluesky&utm_campaign=s26',
      },
      { $type: 'app.bsky.richtext.facet#tag', tag: 'spring' },
      { $type: 'app.bsky.richtext.facet#mention', did: bob.did },
    ]);
    const bytes = Buffer.from(record!.value.text as string, 'utf8');
    expect(bytes.subarray(facets[0]!.index.byteStart, facets[0]!.index.byteEnd).toString()).toBe(
      'acme.example/spring…',
    );
  });

  it('posts a thread as replies with root and parent references', async () => {
    const client = await clientFor(alice);
    const refs: PostRef[] = [];
    for (let part = 0; part < 3; part++) {
      refs.push(
        await client.createPost({
          key: { account: 'alice', post: 'thread', part },
          text: `Thread part ${part + 1}/3`,
          lang: 'en',
          root: refs[0],
          parent: refs.at(-1),
          media: [],
        }),
      );
    }
    const records = new Map((await pds.listRecords(alice.did)).map((r) => [r.uri, r.value]));
    expect(records.get(refs[0]!.id)!.reply).toBeUndefined();
    expect(records.get(refs[2]!.id)!.reply).toEqual({
      root: { uri: refs[0]!.id, cid: refs[0]!.cid },
      parent: { uri: refs[1]!.id, cid: refs[1]!.cid },
    });
  });

  it('uploads up to four images and embeds them with their alt text', async () => {
    const client = await clientFor(alice);
    const media = [];
    for (let i = 1; i <= 4; i++)
      media.push(await client.uploadMedia({ bytes: PNG, mime: 'image/png', alt: `Dot ${i}` }));
    const ref = await client.createPost({
      key: { account: 'alice', post: 'images', part: 0 },
      text: 'Four dots',
      lang: 'en',
      media,
    });
    const record = (await pds.listRecords(alice.did)).find((r) => r.uri === ref.id)!;
    const embed = record.value.embed as {
      $type: string;
      images: { alt: string; image: { mimeType: string } }[];
    };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((image) => [image.alt, image.image.mimeType])).toEqual([
      ['Dot 1', 'image/png'],
      ['Dot 2', 'image/png'],
      ['Dot 3', 'image/png'],
      ['Dot 4', 'image/png'],
    ]);
  });

  it('accepts 300 graphemes and the server refuses 301 (rejected: not sent)', async () => {
    const client = await clientFor(alice);
    const text = '字e\u0301😀'.repeat(100);
    expect(bluesky.text.length(text)).toBe(300);
    await client.createPost({
      key: { account: 'alice', post: 'edge-300', part: 0 },
      text,
      lang: 'ja',
      media: [],
    });
    const error = await failureOf(
      client.createPost({
        key: { account: 'alice', post: 'edge-301', part: 0 },
        text: `${text}!`,
        lang: 'ja',
        media: [],
      }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/grapheme/);
    const found = await client.findSent([
      {
        key: { account: 'alice', post: 'edge-301', part: 0 },
        text: '',
        textSha256: '',
        trackingCode: undefined,
        since: new Date(0),
      },
    ]);
    expect(found).toEqual([undefined]);
  });

  it('the same key twice creates no second record: the second call finds the first', async () => {
    const first = await clientFor(bob);
    const second = await clientFor(bob); // another run
    const key = { account: 'bob', post: 'once', part: 0 };
    const a = await first.createPost({ key, text: 'Only once', lang: 'en', media: [] });
    const b = await second.createPost({ key, text: 'Only once', lang: 'en', media: [] });
    expect(b).toEqual(a);
    const records = (await pds.listRecords(bob.did)).filter((r) => r.value.text === 'Only once');
    expect(records).toHaveLength(1);
  });

  it('findSent asks for the exact record: found by its key, undefined when not there', async () => {
    const client = await clientFor(bob);
    const sent = await client.createPost({
      key: { account: 'bob', post: 'found', part: 0 },
      text: 'Find me',
      lang: 'en',
      media: [],
    });
    const query = (post: string) => ({
      key: { account: 'bob', post, part: 0 },
      text: '',
      textSha256: '',
      trackingCode: undefined,
      since: new Date(0),
    });
    const reader = await clientFor(bob, { password: 'wrong-password-never-used' });
    expect(await reader.findSent([query('found'), query('never-sent')])).toEqual([sent, undefined]);
  });

  it('a wrong app password is an auth error that does not carry the password', async () => {
    const client = await clientFor(alice, { password: 'xxxx-wrong-pass-word' });
    const error = await failureOf(client.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/refused the identifier or app password of alice\.test/);
    expect(error.message).not.toContain('xxxx-wrong-pass-word');
    // Logged in once per run: a failed login is not tried again.
    expect(
      (
        await failureOf(
          client.createPost({
            key: { account: 'alice', post: 'x', part: 0 },
            text: 'x',
            lang: 'en',
            media: [],
          }),
        )
      ).message,
    ).toBe(error.message);
  });

  it('credentials for another account are refused before anything is sent', async () => {
    const client = await clientFor(bob, { handle: 'alice.test' });
    const error = await failureOf(client.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/credentials are for bob\.test .* not for alice\.test/);
  });

  it('a handle that does not resolve says so', async () => {
    const client = await clientFor(alice, { handle: 'nobody.test' });
    const error = await failureOf(client.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/nobody\.test does not resolve on http:\/\/127\.0\.0\.1/);
  });

  it('a server that is down says it cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const down = `http://127.0.0.1:${port}`;
    const client = await clientFor(alice, { server: down, allowed: down });
    const error = await failureOf(client.whoAmI());
    expect(error.message).toMatch(new RegExp(`cannot reach ${down} \\(ECONNREFUSED\\)`));
  });

  it('credentials go only to bsky.social or a server in CHORUS_ALLOWED_SERVERS', async () => {
    const error = await failureOf(clientFor(alice, { allowed: '' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/not allowed to receive credentials/);
  });

  it('metrics come from the AppView (a stand-in: the real one needs PostgreSQL), without a session', async () => {
    const appView = await startAppView();
    try {
      const client = await clientFor(bob, { appView: appView.url, password: 'never-sent-for-metrics' });
      const sent = await (
        await clientFor(bob)
      ).createPost({
        key: { account: 'bob', post: 'measured', part: 0 },
        text: 'Measure me',
        lang: 'en',
        media: [],
      });
      appView.posts.set(sent.id, {
        uri: sent.id,
        cid: sent.cid!,
        did: bob.did,
        handle: bob.handle,
        likes: 7,
        reposts: 2,
        replies: 3,
        quotes: 1,
      });
      appView.profiles.set(bob.did, {
        did: bob.did,
        handle: bob.handle,
        followers: 42,
        follows: 5,
        posts: 9,
      });
      const gone = `at://${bob.did}/app.bsky.feed.post/3kaaaaaaaaaa2`;
      expect(await client.postMetrics([sent.id, gone])).toEqual({
        posts: [{ id: sent.id, likes: 7, reposts: 2, replies: 3, quotes: 1, impressions: undefined }],
        missing: [gone],
      });
      expect(await client.accountMetrics()).toEqual({
        id: bob.did,
        handle: 'bob.test',
        followers: 42,
        following: 5,
        posts: 9,
      });
      expect(appView.requests.map((r) => r.authorized)).toEqual([false, false]);
    } finally {
      await appView.close();
    }
  });

  it('a 429 is a rate-limit error with the reset time from the ratelimit-reset header', async () => {
    const appView = await startAppView();
    try {
      appView.rateLimitedUntil = 2_000_000_000;
      const client = await clientFor(bob, { appView: appView.url });
      const error = await failureOf(client.postMetrics([`at://${bob.did}/app.bsky.feed.post/3kaaaaaaaaaa2`]));
      expect(error.kind).toBe('rate-limit');
      expect(error.resetAt).toEqual(new Date(2_000_000_000_000));
      expect(client.lastRateLimit()).toEqual({
        limit: 3000,
        remaining: 0,
        resetAt: new Date(2_000_000_000_000),
      });
    } finally {
      await appView.close();
    }
  });

  it('one login per run: reconciling needs none, sending several parts needs one', async () => {
    const proxy = await loggingProxy(pds.url);
    try {
      const client = await clientFor(alice, { server: proxy.url, allowed: proxy.url });
      const key = (post: string) => ({ account: 'alice', post, part: 0 });
      await client.findSent([
        { key: key('p1'), text: '', textSha256: '', trackingCode: undefined, since: new Date(0) },
      ]);
      expect(proxy.calls.filter((c) => c === 'com.atproto.server.createSession')).toHaveLength(0);
      await client.whoAmI();
      for (const post of ['p1', 'p2', 'p3']) {
        await client.createPost({ key: key(`session-${post}`), text: `Post ${post}`, lang: 'en', media: [] });
      }
      expect(proxy.calls.filter((c) => c === 'com.atproto.server.createSession')).toHaveLength(1);
      // The handle is resolved first, on the account's server, before any login.
      expect(proxy.calls[0]).toBe('com.atproto.identity.resolveHandle');
    } finally {
      await proxy.close();
    }
  });

  it('a server that echoes the app password back never gets it into a message', async () => {
    const password = 'echo-Pass-word-9Xq2';
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url?.startsWith('/xrpc/com.atproto.identity.resolveHandle')) {
          res.end(JSON.stringify({ did: 'did:plc:echoechoechoechoecho' }));
          return;
        }
        // Echo the request body, raw, URL-encoded and in base64, as a careless server might.
        res.statusCode = 401;
        res.end(
          JSON.stringify({
            error: 'AuthenticationRequired',
            message: `refused ${body} ${encodeURIComponent(body)} ${Buffer.from(body).toString('base64')}`,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const client = await clientFor(alice, { server: url, allowed: url, password });
      const error = await failureOf(client.whoAmI());
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('[redacted]');
      expect(error.message).not.toContain(password);
      expect(error.message).not.toContain(encodeURIComponent(password));
      expect(error.message).not.toContain(Buffer.from(password).toString('base64').slice(0, 12));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
