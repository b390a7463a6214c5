// A stand-in for Sina Weibo's open API (api.weibo.com/2/) on 127.0.0.1, for tests and demos: Chorus's Weibo
// client reaches it through CHORUS_WEIBO_API_URL. No Weibo server can be had here, so it is written from the
// platform's public documentation and enforces what that says:
//   - POST /2/statuses/share.json: text of at most 140 characters, no "#topic#", at least one URL on the
//     app's registered secure domain (安全域名), one optional JPEG/GIF/PNG `pic` under 5 MB (multipart):
//     https://open.weibo.com/wiki/2/statuses/share
//   - the error body `{ request, error_code, error }` and the documented codes (10016 missing parameter,
//     10017 invalid parameter value, 10023 user requests out of rate limit, 20005 image type, 20006 image
//     size, 20012 text too long, 20019 repeated content, 21327 expired token, 21332 invalid access token):
//     https://open.weibo.com/wiki/Error_code
//   - posts per user per app per hour limited (the number is the app's; default here 30):
//     https://open.weibo.com/wiki/Rate-limiting and GET /2/account/rate_limit_status.json:
//     https://open.weibo.com/wiki/2/account/rate_limit_status
//   - GET /2/statuses/user_timeline.json (the authorised user's own posts, newest first, count ≤ 100):
//     https://open.weibo.com/wiki/2/statuses/user_timeline
//   - GET /2/account/get_uid.json, GET /2/users/show.json, GET /2/statuses/count.json (comments, reposts,
//     attitudes of up to 100 ids): https://open.weibo.com/wiki/2/account/get_uid,
//     https://open.weibo.com/wiki/2/users/show, https://open.weibo.com/wiki/2/statuses/count
//   - the token in the `Authorization: OAuth2 <token>` header or the `access_token` parameter (the two ways
//     the authorisation guide gives): https://open.weibo.com/wiki/授权机制说明
// Not enforced: the newer statuses/share page lists `rip` (the operating user's real IP) as required; Chorus
// publishes from a server with no end user and does not send it (docs/publishing.md says so).
// The documents do not say how a URL is counted toward the 140 (see src/platforms/weibo/text.ts): the
// stand-in counts each URL as 10 (20 half-width units), as Weibo's own composer does.
// The documents give no code of their own for a missing secure-domain link or for "#topic#": the stand-in
// answers 10017 (parameter value invalid), the documented code for a parameter Weibo refuses.
// Fault knobs like the X stand-in's: 5xx before or after storing, cut connections after storing, the hourly
// limit, latency, and an error text that echoes the request's credentials.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, faultPicker, readBody } from '../stand-in-kit.js';

/** A Weibo user with the app's access token for them. */
export interface WeiboUser {
  uid: string;
  screenName: string;
  accessToken: string;
  /** The token is refused as expired (21327) from this moment on. */
  expiresAt?: Date | undefined;
}

/** A post stored by the stand-in. */
export interface StoredWeibo {
  id: string;
  uid: string;
  screenName: string;
  text: string;
  pic: { type: string; size: number } | undefined;
  createdAt: Date;
}

export type WeiboFault =
  | { kind: 'none' }
  | { kind: 'cut-after-accept' }
  | { kind: 'error-5xx' }
  | { kind: 'error-5xx-after-accept' }
  /** 10023 for this one post, whatever the count. */
  | { kind: 'rate-limit' };

export interface WeiboLoggedRequest {
  method: string;
  path: string;
  user: string | undefined;
  authorization: string | undefined;
  /** The raw query string and body, so tests can check where the token travelled. */
  query: string;
  body: string;
  receivedAt: number;
}

export interface WeiboServerOptions {
  users: WeiboUser[];
  /** The app's registered secure domain: share needs a URL on it or one of its subdomains. */
  safeDomain: string;
  /** Posts each user may create per hour through this app (default 30). */
  postsPerHour?: number;
  latencyMs?: number;
  randomFaults?: { cutAfterAccept?: number; error5xx?: number; seed?: number };
  port?: number;
  onRequest?: (request: WeiboLoggedRequest) => void;
  clock?: () => Date;
}

export interface WeiboServer {
  url: string;
  posts: StoredWeibo[];
  requests: WeiboLoggedRequest[];
  queueFaults(...faults: WeiboFault[]): void;
  postsOf(screenName: string): StoredWeibo[];
  setLatency(ms: number): void;
  setCounts(id: string, counts: Partial<{ comments: number; reposts: number; attitudes: number }>): void;
  setFollowers(screenName: string, followers: number): void;
  /** Every share (after queued faults) refused with 10017, its text echoing the request's token. */
  setEchoOnShare(on: boolean): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gu;

/** Length as Weibo's composer counts it: ASCII half, anything else 1, each URL 10; rounded up. */
export function weiboCountedLength(text: string): number {
  let half = 0;
  const withoutUrls = text.replace(URL_RE, (match) => {
    const trailing = /[.,;:!?'")\]]+$/u.exec(match)?.[0] ?? '';
    const bytes = Buffer.byteLength(match, 'utf8') - trailing.length;
    half += bytes <= 140 ? 20 : bytes - 120;
    return trailing;
  });
  for (const char of withoutUrls) half += char.codePointAt(0)! <= 0x7f ? 1 : 2;
  return Math.ceil(half / 2);
}

/** Start the stand-in. */
export async function startWeiboServer(options: WeiboServerOptions): Promise<WeiboServer> {
  const posts: StoredWeibo[] = [];
  const requests: WeiboLoggedRequest[] = [];
  const faults: WeiboFault[] = [];
  const counts = new Map<string, { comments: number; reposts: number; attitudes: number }>();
  const followers = new Map<string, number>();
  let latency = options.latencyMs ?? 0;
  let echoOnShare = false;
  let nextId = 4_950_000_000_000_000n;
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  const byToken = new Map(options.users.map((u) => [u.accessToken, u]));
  const perHour = options.postsPerHour ?? 30;
  const domain = options.safeDomain.toLowerCase();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, path: string, code: number, error: string) =>
    send(res, status, { request: path, error_code: code, error });
  const userJson = (user: WeiboUser) => ({
    id: Number(user.uid),
    idstr: user.uid,
    screen_name: user.screenName,
    name: user.screenName,
    followers_count: followers.get(user.screenName) ?? 0,
    friends_count: 0,
    statuses_count: posts.filter((p) => p.uid === user.uid).length,
  });
  const postJson = (post: StoredWeibo) => {
    const user = options.users.find((u) => u.uid === post.uid)!;
    const c = counts.get(post.id) ?? { comments: 0, reposts: 0, attitudes: 0 };
    return {
      // Weibo's dates read like "Wed Oct 24 23:49:17 +0800 2012"; an ISO date would do for the client.
      created_at: weiboDate(post.createdAt),
      id: Number(post.id),
      idstr: post.id,
      mid: post.id,
      text: post.text,
      source: '<a href="https://open.weibo.com" rel="nofollow">Chorus</a>',
      reposts_count: c.reposts,
      comments_count: c.comments,
      attitudes_count: c.attitudes,
      user: userJson(user),
    };
  };
  const nextFault = faultPicker(faults, options.randomFaults);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    const form =
      req.method === 'POST' &&
      (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded'))
        ? await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData()
        : undefined;
    const param = (name: string): string | undefined => {
      const value = form?.get(name);
      if (typeof value === 'string') return value;
      return url.searchParams.get(name) ?? undefined;
    };
    const token = /^OAuth2 (.+)$/u.exec(req.headers.authorization ?? '')?.[1] ?? param('access_token');
    const user = byToken.get(token ?? '');
    const logged: WeiboLoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      user: user?.screenName,
      authorization: req.headers.authorization,
      query: url.search,
      body: type.startsWith('multipart/') ? '' : body.toString('utf8'),
      receivedAt: Date.now(),
    };
    requests.push(logged);
    options.onRequest?.(logged);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const path = url.pathname;
    const request = path.replace(/^\/2/u, '');
    const t = now();
    if (!user) {
      fail(res, 401, request, 21332, 'invalid_access_token');
      return;
    }
    if (user.expiresAt && t >= user.expiresAt.getTime()) {
      fail(res, 401, request, 21327, 'expired_token');
      return;
    }
    const sharedLastHour = () =>
      posts.filter((p) => p.uid === user.uid && t - p.createdAt.getTime() < HOUR_MS);
    if (req.method === 'GET' && path === '/2/account/get_uid.json') {
      send(res, 200, { uid: Number(user.uid) });
      return;
    }
    if (req.method === 'GET' && path === '/2/users/show.json') {
      const uid = param('uid');
      const found = options.users.find((u) => u.uid === uid || u.screenName === param('screen_name'));
      if (!found) {
        fail(res, 400, request, 20003, 'User does not exists!');
        return;
      }
      send(res, 200, userJson(found));
      return;
    }
    if (req.method === 'GET' && path === '/2/account/rate_limit_status.json') {
      const recent = sharedLastHour();
      const oldest = recent[0]?.createdAt.getTime() ?? t;
      const resetIn = recent.length >= perHour ? Math.ceil((oldest + HOUR_MS - t) / 1000) : 3600;
      send(res, 200, {
        api_rate_limits: [
          {
            api: 'statuses/share',
            limit: perHour,
            limit_time_unit: 'HOURS',
            remaining_hits: Math.max(0, perHour - recent.length),
          },
        ],
        ip_limit: 10_000,
        limit_time_unit: 'HOURS',
        remaining_ip_hits: 10_000,
        remaining_user_hits: 150,
        reset_time: weiboDate(new Date(t + resetIn * 1000)),
        reset_time_in_seconds: resetIn,
        user_limit: 150,
      });
      return;
    }
    if (req.method === 'GET' && path === '/2/statuses/user_timeline.json') {
      const count = Math.min(100, Math.max(1, Number(param('count') ?? 20) || 20));
      const page = Math.max(1, Number(param('page') ?? 1) || 1);
      const sinceId = param('since_id');
      const maxId = param('max_id');
      const mine = posts
        .filter((p) => p.uid === user.uid)
        .filter((p) => (sinceId ? BigInt(p.id) > BigInt(sinceId) : true))
        .filter((p) => (maxId ? BigInt(p.id) <= BigInt(maxId) : true))
        .reverse();
      send(res, 200, {
        statuses: mine.slice((page - 1) * count, page * count).map(postJson),
        total_number: mine.length,
      });
      return;
    }
    if (req.method === 'GET' && path === '/2/statuses/count.json') {
      const ids = (param('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 100) {
        fail(
          res,
          400,
          request,
          10017,
          "Parameter (ids)'s value invalid, expect (1 to 100 ids), see doc for more info",
        );
        return;
      }
      send(
        res,
        200,
        ids
          .filter((id) => counts.has(id) || posts.some((p) => p.id === id))
          .map((id) => {
            const c = counts.get(id) ?? { comments: 0, reposts: 0, attitudes: 0 };
            return {
              id: Number(id),
              idstr: id,
              comments: c.comments,
              reposts: c.reposts,
              attitudes: c.attitudes,
            };
          }),
      );
      return;
    }
    if (req.method === 'POST' && path === '/2/statuses/share.json') {
      const fault = nextFault();
      if (fault?.kind === 'error-5xx') {
        fail(res, 503, request, 10002, 'Service unavailable');
        return;
      }
      if (fault?.kind === 'rate-limit' || sharedLastHour().length >= perHour) {
        fail(res, 403, request, 10023, 'User requests out of rate limit!');
        return;
      }
      if (!fault && echoOnShare) {
        fail(
          res,
          400,
          request,
          10017,
          `Parameter (status)'s value invalid, you sent ${req.headers.authorization ?? ''} ${url.search}`,
        );
        return;
      }
      const text = param('status');
      if (text === undefined || text === '') {
        fail(res, 400, request, 10016, 'Miss required parameter (status) , see doc for more info');
        return;
      }
      if (weiboCountedLength(text) > 140) {
        fail(res, 400, request, 20012, 'Text too long, please input text less than 140 characters!');
        return;
      }
      if (/#[^#\s][^#]*#/u.test(text)) {
        fail(
          res,
          400,
          request,
          10017,
          "Parameter (status)'s value invalid, expect (no #topic#), see doc for more info",
        );
        return;
      }
      const onDomain = [...text.matchAll(URL_RE)].some((match) => {
        try {
          const host = new URL(match[0]).hostname.toLowerCase();
          return host === domain || host.endsWith(`.${domain}`);
        } catch {
          return false;
        }
      });
      if (!onDomain) {
        fail(
          res,
          400,
          request,
          10017,
          "Parameter (status)'s value invalid, expect (a URL on the app's secure domain), see doc for more info",
        );
        return;
      }
      const pic = form?.get('pic');
      let picture: StoredWeibo['pic'];
      if (pic !== undefined && pic !== null && typeof pic !== 'string') {
        if (!['image/jpeg', 'image/gif', 'image/png'].includes(pic.type)) {
          fail(res, 400, request, 20005, 'Unsupport image type, only suport JPG, GIF, PNG!');
          return;
        }
        if (pic.size >= 5 * 1024 * 1024) {
          fail(res, 400, request, 20006, 'Image size too large.');
          return;
        }
        picture = { type: pic.type, size: pic.size };
      }
      if (posts.some((p) => p.uid === user.uid && p.text === text)) {
        fail(res, 400, request, 20019, 'Repeat conetnt!');
        return;
      }
      const stored: StoredWeibo = {
        id: String(nextId++),
        uid: user.uid,
        screenName: user.screenName,
        text,
        pic: picture,
        createdAt: new Date(t),
      };
      posts.push(stored);
      if (fault?.kind === 'cut-after-accept') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'error-5xx-after-accept') {
        fail(res, 500, request, 10001, 'System error');
        return;
      }
      send(res, 200, postJson(stored));
      return;
    }
    fail(res, 404, request, 10020, 'Request api not found!');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { request: req.url, error_code: 10001, error: String(error) });
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
    queueFaults: (...more) => faults.push(...more),
    postsOf: (screenName) => posts.filter((p) => p.screenName === screenName),
    setLatency: (ms) => {
      latency = ms;
    },
    setCounts: (id, value) => {
      counts.set(id, { comments: 0, reposts: 0, attitudes: 0, ...counts.get(id), ...value });
    },
    setFollowers: (screenName, count) => {
      followers.set(screenName, count);
    },
    setEchoOnShare: (on) => {
      echoOnShare = on;
    },
    close: () => closeServer(server),
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date the way Weibo writes it, in China Standard Time: "Wed Oct 24 23:49:17 +0800 2012". */
function weiboDate(date: Date): string {
  const cst = new Date(date.getTime() + 8 * HOUR_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[cst.getUTCDay()]} ${MONTHS[cst.getUTCMonth()]} ${pad(cst.getUTCDate())} ${pad(cst.getUTCHours())}:${pad(cst.getUTCMinutes())}:${pad(cst.getUTCSeconds())} +0800 ${cst.getUTCFullYear()}`;
}
