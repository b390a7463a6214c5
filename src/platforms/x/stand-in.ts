// A stand-in for the X API on 127.0.0.1 (port 0 = any free port), for tests, benchmarks and demos: the real
// twitter-api-v2 client reaches it through CHORUS_X_API_URL. The CLI uses it only in `chorus sandbox`.
// It speaks the v2 endpoints Chorus uses, with duplicate detection, latency, 429s, 5xx and cut connections,
// and can misbehave on purpose (answers without ids, odd ids, endless near 429s, echoed secrets, redirects).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, faultPicker, readBody } from '../stand-in-kit.js';

/** A user the server knows, reached with this access token. */
export interface XUser {
  id: string;
  username: string;
  accessToken: string;
}

/** A post stored by the server. */
export interface StoredPost {
  id: string;
  userId: string;
  username: string;
  text: string;
  inReplyTo: string | undefined;
  mediaIds: string[];
  createdAt: Date;
}

/** What to do with one POST /2/tweets. */
export type Fault =
  /** Behave normally (to aim a later fault at a later request). */
  | { kind: 'none' }
  /** Store the post, then destroy the socket without answering. */
  | { kind: 'cut-after-accept' }
  /** Answer 503 without storing. */
  | { kind: 'error-5xx' }
  /** Store the post, then answer 500 (X's "it may or may not have worked"). */
  | { kind: 'error-5xx-after-accept' }
  /** Answer 429 with x-rate-limit-* headers; `resetInSeconds` from now. */
  | { kind: 'rate-limit'; resetInSeconds: number };

/** How every POST /2/tweets is answered from now on (a misbehaving API or gateway). */
export type PostAnswer =
  /** As X does. */
  | { kind: 'normal' }
  /** 201 whose body has no `data.id`; `store`: whether the post was really kept (and shows on the timeline). */
  | { kind: 'created-without-id'; store: boolean }
  /** Store the post under this id (e.g. a non-numeric one) and answer 201 with it; the timeline shows it too. */
  | { kind: 'created-with-id'; id: string }
  /** 429 every time, with a reset always `resetInSeconds` away (so always "near"). */
  | { kind: 'always-rate-limited'; resetInSeconds: number }
  /** Refuse with `status`, the error body echoing the request's Authorization header and `extra` texts. */
  | { kind: 'echo-request'; status: number; extra?: string[] };

/** How GET /2/users/me is answered from now on. */
export type MeAnswer =
  | { kind: 'normal' }
  /** 302 to `location` (e.g. another host). */
  | { kind: 'redirect'; location: string }
  /** Refuse with `status`, the error body echoing the Authorization header and `extra` texts. */
  | { kind: 'echo-request'; status: number; extra?: string[] };

export interface LoggedRequest {
  method: string;
  path: string;
  /** The user the OAuth access token maps to, if any. */
  user: string | undefined;
  /** The raw Authorization header, so tests can check secrets travel only there. */
  authorization: string | undefined;
  /** Date.now() when the request arrived (before the latency). */
  receivedAt: number;
}

export interface XServerOptions {
  users: XUser[];
  /** Delay before answering each request. */
  latencyMs?: number;
  /** Random faults on POST /2/tweets, each a probability (0..1); `seed` makes runs repeatable. */
  randomFaults?: { cutAfterAccept?: number; error5xx?: number; seed?: number };
  /** Posts each user may create per 15-minute window (x-rate-limit-remaining counts down; then 429). */
  postsPerWindow?: number;
  /** Lookups (GET /2/tweets) each user may make per 15-minute window (then 429); default 900. */
  lookupsPerWindow?: number;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Called as each request arrives (tests use it to kill the CLI at interesting moments). */
  onRequest?: (request: LoggedRequest) => void;
  /**
   * The server's clock for the times it stamps on posts (`created_at`, searched by `start_time`); default
   * the real clock. A simulation of days of virtual time passes a clock that follows the CLI's `--now`.
   */
  clock?: () => Date;
  /**
   * Refuse a post whose text the user already posted, as X does (default true). Off, the stand-in is a
   * network without that check (Bluesky, Mastodon): only Chorus's ledger stands between a retry and a double post.
   */
  rejectDuplicates?: boolean;
}

export interface XServer {
  url: string;
  posts: StoredPost[];
  requests: LoggedRequest[];
  /** Alt text set per media id. */
  altTexts: Map<string, string>;
  /** Faults for the next POST /2/tweets calls, in order. */
  queueFaults(...faults: Fault[]): void;
  /** Posts of one user, in creation order. */
  postsOf(username: string): StoredPost[];
  setLatency(ms: number): void;
  /**
   * Set a post's public metrics (GET /2/tweets?ids=…&tweet.fields=public_metrics). A post the server did
   * not store can be given metrics too, so metric tests need not publish first. Unset counts are 0;
   * `impressions` undefined means X does not return impression_count for it.
   */
  setPostMetrics(id: string, metrics: Partial<PublicMetricsSetting>): void;
  /** Set a user's follower count (GET /2/users/me?user.fields=public_metrics); default 0. */
  setFollowers(username: string, followers: number): void;
  /** Faults for the next GET /2/tweets lookups, in order (only 'none' and 'rate-limit' apply). */
  queueLookupFaults(...faults: Fault[]): void;
  /** Misbehave on every POST /2/tweets from now on (queued faults still come first). */
  setPostAnswer(answer: PostAnswer): void;
  /** Misbehave on every GET /2/users/me from now on. */
  setMeAnswer(answer: MeAnswer): void;
  close(): Promise<void>;
}

/** Public metrics the stand-in returns for a post. */
export interface PublicMetricsSetting {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions: number | undefined;
}

const DUPLICATE_BODY = {
  detail: 'You are not allowed to create a Tweet with duplicate content.',
  type: 'about:blank',
  title: 'Forbidden',
  status: 403,
};

function parseOAuthToken(header: string | undefined): string | undefined {
  if (!header?.startsWith('OAuth ')) return undefined;
  const match = /oauth_token="([^"]*)"/.exec(header);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/** Start the stand-in. */
export async function startXServer(options: XServerOptions): Promise<XServer> {
  const posts: StoredPost[] = [];
  const requests: LoggedRequest[] = [];
  const altTexts = new Map<string, string>();
  const faults: Fault[] = [];
  let latency = options.latencyMs ?? 0;
  let nextId = 1_000_000_000_000_000_000n;
  let nextMedia = 7_000_000_000_000_000_000n;
  const byToken = new Map(options.users.map((u) => [u.accessToken, u]));
  const postMetrics = new Map<string, PublicMetricsSetting>();
  const followers = new Map<string, number>();
  const lookupFaults: Fault[] = [];
  const lookupsUsed = new Map<string, number>();
  let lookupWindowReset = Math.ceil(Date.now() / 1000) + 900;
  let postAnswer: PostAnswer = { kind: 'normal' };
  let meAnswer: MeAnswer = { kind: 'normal' };
  /** An error body that repeats what it was sent, as some gateways' debug pages do. */
  const echoBody = (req: IncomingMessage, status: number, extra: string[] = []) => ({
    title: 'Bad Request',
    type: 'about:blank',
    status,
    detail: `request rejected; you sent Authorization: ${req.headers.authorization ?? ''} ${extra.join(' ')}`,
  });

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const rateHeaders = (remaining: number, resetEpoch: number) => ({
    'x-rate-limit-limit': String(options.postsPerWindow ?? 100),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(resetEpoch),
  });

  const nextFault = faultPicker(faults, options.randomFaults);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const user = byToken.get(parseOAuthToken(req.headers.authorization) ?? '');
    const logged: LoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      user: user?.username,
      authorization: req.headers.authorization,
      receivedAt: Date.now(),
    };
    requests.push(logged);
    options.onRequest?.(logged);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (!user) {
      send(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      return;
    }
    const path = url.pathname;
    if (req.method === 'GET' && path === '/2/users/me' && meAnswer.kind === 'redirect') {
      res.writeHead(302, { location: meAnswer.location, 'content-type': 'text/html' });
      res.end('<a href="elsewhere">moved</a>');
      return;
    }
    if (req.method === 'GET' && path === '/2/users/me' && meAnswer.kind === 'echo-request') {
      send(res, meAnswer.status, echoBody(req, meAnswer.status, meAnswer.extra));
      return;
    }
    if (req.method === 'GET' && path === '/2/users/me') {
      const withMetrics = (url.searchParams.get('user.fields') ?? '').split(',').includes('public_metrics');
      const metrics = {
        followers_count: followers.get(user.username) ?? 0,
        following_count: 0,
        tweet_count: posts.filter((p) => p.userId === user.id).length,
        listed_count: 0,
      };
      send(res, 200, {
        data: {
          id: user.id,
          name: user.username,
          username: user.username,
          ...(withMetrics ? { public_metrics: metrics } : {}),
        },
      });
      return;
    }
    if (req.method === 'GET' && path === '/2/tweets') {
      const limit = options.lookupsPerWindow ?? 900;
      if (Date.now() / 1000 >= lookupWindowReset) {
        lookupsUsed.clear();
        lookupWindowReset = Math.ceil(Date.now() / 1000) + 900;
      }
      const headers = (remaining: number, reset: number) => ({
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(remaining),
        'x-rate-limit-reset': String(reset),
      });
      const fault = lookupFaults.shift();
      const used = lookupsUsed.get(user.id) ?? 0;
      if (fault?.kind === 'rate-limit' || used >= limit) {
        const reset =
          fault?.kind === 'rate-limit'
            ? Math.ceil((Date.now() + fault.resetInSeconds * 1000) / 1000)
            : lookupWindowReset;
        send(
          res,
          429,
          { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' },
          headers(0, reset),
        );
        return;
      }
      lookupsUsed.set(user.id, used + 1);
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 100) {
        send(res, 400, { title: 'Invalid Request', status: 400, detail: 'ids: between 1 and 100 ids' });
        return;
      }
      const withMetrics = (url.searchParams.get('tweet.fields') ?? '').split(',').includes('public_metrics');
      const stored = new Map(posts.map((p) => [p.id, p]));
      const data: unknown[] = [];
      const errors: unknown[] = [];
      for (const id of ids) {
        const post = stored.get(id);
        const set = postMetrics.get(id);
        if (!post && !set) {
          errors.push({
            value: id,
            detail: `Could not find tweet with ids: [${id}].`,
            title: 'Not Found Error',
          });
          continue;
        }
        const m = set ?? { likes: 0, reposts: 0, replies: 0, quotes: 0, impressions: undefined };
        data.push({
          id,
          text: post?.text ?? '',
          ...(withMetrics
            ? {
                public_metrics: {
                  retweet_count: m.reposts,
                  reply_count: m.replies,
                  like_count: m.likes,
                  quote_count: m.quotes,
                  bookmark_count: 0,
                  ...(m.impressions === undefined ? {} : { impression_count: m.impressions }),
                },
              }
            : {}),
        });
      }
      send(
        res,
        200,
        { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) },
        headers(limit - used - 1, lookupWindowReset),
      );
      return;
    }
    const timeline = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    if (req.method === 'GET' && timeline) {
      const since = url.searchParams.get('start_time');
      const sinceMs = since ? Date.parse(since) : 0;
      const list = posts
        .filter((p) => p.userId === timeline[1] && p.createdAt.getTime() >= sinceMs)
        .reverse()
        .slice(0, Number(url.searchParams.get('max_results') ?? 10));
      send(res, 200, {
        data: list.map((p) => ({
          id: p.id,
          text: p.text,
          created_at: p.createdAt.toISOString(),
          ...(p.inReplyTo ? { referenced_tweets: [{ type: 'replied_to', id: p.inReplyTo }] } : {}),
        })),
        meta: { result_count: list.length },
      });
      return;
    }
    if (req.method === 'POST' && path === '/2/tweets') {
      const payload = JSON.parse(body.toString('utf8')) as {
        text: string;
        reply?: { in_reply_to_tweet_id: string };
        media?: { media_ids: string[] };
      };
      const fault = nextFault();
      const resetSoon = Math.ceil(Date.now() / 1000) + 900;
      if (!fault && postAnswer.kind === 'always-rate-limited') {
        const reset = Math.ceil((Date.now() + postAnswer.resetInSeconds * 1000) / 1000);
        send(
          res,
          429,
          { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' },
          rateHeaders(0, reset),
        );
        return;
      }
      if (!fault && postAnswer.kind === 'echo-request') {
        send(res, postAnswer.status, echoBody(req, postAnswer.status, postAnswer.extra));
        return;
      }
      if (!fault && postAnswer.kind === 'created-without-id' && !postAnswer.store) {
        send(res, 201, { data: { text: payload.text } });
        return;
      }
      if (fault?.kind === 'rate-limit') {
        const reset = Math.ceil((Date.now() + fault.resetInSeconds * 1000) / 1000);
        send(
          res,
          429,
          { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' },
          rateHeaders(0, reset),
        );
        return;
      }
      if (fault?.kind === 'error-5xx') {
        send(res, 503, {
          title: 'Service Unavailable',
          type: 'about:blank',
          status: 503,
          detail: 'Service Unavailable',
        });
        return;
      }
      const limit = options.postsPerWindow ?? 100;
      const used = posts.filter((p) => p.userId === user.id).length;
      if (used >= limit) {
        send(
          res,
          429,
          { title: 'Too Many Requests', type: 'about:blank', status: 429 },
          rateHeaders(0, resetSoon),
        );
        return;
      }
      if (
        options.rejectDuplicates !== false &&
        posts.some((p) => p.userId === user.id && p.text === payload.text)
      ) {
        send(res, 403, DUPLICATE_BODY, rateHeaders(limit - used, resetSoon));
        return;
      }
      const stored: StoredPost = {
        id: !fault && postAnswer.kind === 'created-with-id' ? postAnswer.id : String(nextId++),
        userId: user.id,
        username: user.username,
        text: payload.text,
        inReplyTo: payload.reply?.in_reply_to_tweet_id,
        mediaIds: payload.media?.media_ids ?? [],
        createdAt: (options.clock ?? (() => new Date()))(),
      };
      posts.push(stored);
      if (fault?.kind === 'cut-after-accept') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'error-5xx-after-accept') {
        send(res, 500, { title: 'Internal Server Error', type: 'about:blank', status: 500 });
        return;
      }
      send(
        res,
        201,
        !fault && postAnswer.kind === 'created-without-id'
          ? { data: { text: stored.text } }
          : { data: { id: stored.id, text: stored.text } },
        rateHeaders(limit - used - 1, resetSoon),
      );
      return;
    }
    if (req.method === 'POST' && path === '/2/media/upload/initialize') {
      const id = String(nextMedia++);
      send(res, 200, { data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } });
      return;
    }
    const append = /^\/2\/media\/upload\/(\d+)\/append$/.exec(path);
    if (req.method === 'POST' && append) {
      send(res, 200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } });
      return;
    }
    const finalize = /^\/2\/media\/upload\/(\d+)\/finalize$/.exec(path);
    if (req.method === 'POST' && finalize) {
      send(res, 200, {
        data: { id: finalize[1], media_key: `3_${finalize[1]}`, size: 1, expires_after_secs: 86400 },
      });
      return;
    }
    if (req.method === 'POST' && path === '/2/media/metadata') {
      const payload = JSON.parse(body.toString('utf8')) as {
        id: string;
        metadata: { alt_text?: { text: string } };
      };
      if (payload.metadata.alt_text) altTexts.set(payload.id, payload.metadata.alt_text.text);
      send(res, 200, { data: { id: payload.id, associated_metadata: payload.metadata } });
      return;
    }
    send(res, 404, {
      title: 'Not Found',
      type: 'about:blank',
      status: 404,
      detail: `no route ${req.method} ${path}`,
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { title: 'stand-in error', detail: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    requests,
    altTexts,
    queueFaults: (...more) => faults.push(...more),
    postsOf: (username) => posts.filter((p) => p.username === username),
    setLatency: (ms) => {
      latency = ms;
    },
    setPostMetrics: (id, metrics) => {
      const previous = postMetrics.get(id);
      postMetrics.set(id, {
        likes: 0,
        reposts: 0,
        replies: 0,
        quotes: 0,
        impressions: undefined,
        ...previous,
        ...metrics,
      });
    },
    setFollowers: (username, count) => {
      followers.set(username, count);
    },
    queueLookupFaults: (...more) => lookupFaults.push(...more),
    setPostAnswer: (answer) => {
      postAnswer = answer;
    },
    setMeAnswer: (answer) => {
      meAnswer = answer;
    },
    close: () => closeServer(server),
  };
}
