// The only module that talks to Sina Weibo: a small typed client over `fetch` (Weibo has no maintained npm
// client). Posts go through statuses/share (https://open.weibo.com/wiki/2/statuses/share); the error codes
// Weibo documents (https://open.weibo.com/wiki/Error_code) become PlatformErrors with clear messages; the
// token travels only in the `Authorization: OAuth2 …` header and never appears in a message.
import { z } from 'zod';
import { apiUrlProblem } from '../endpoint.js';
import { makeRedactor } from '../redact.js';
import { earliestSince, matchTimeline } from '../timeline-match.js';
import {
  PlatformError,
  type AccountMetrics,
  type ClientOptions,
  type CreateRequest,
  type PlatformClient,
  type PostMetrics,
  type PostRef,
  type RateLimitState,
  type SentQuery,
} from '../types.js';
import { weiboAccount } from './account.js';
import { weiboSettings } from './text.js';

/** Weibo's API origin; CHORUS_WEIBO_API_URL (set in the real environment) replaces it, e.g. for the stand-in. */
export const DEFAULT_API_URL = 'https://api.weibo.com';
/** The environment variable that replaces the API origin. */
export const API_URL_VARIABLE = 'CHORUS_WEIBO_API_URL';
/** Posts read per timeline page (Weibo's maximum) and pages read at most when reconciling. */
const PAGE = 100;
const MAX_PAGES = 5;
const MAX_MESSAGE = 300;
/** Weibo ids are decimal digit strings (64-bit). */
const ID = /^[0-9]{1,20}$/u;

/** What Weibo's documented error codes mean for Chorus. */
interface ErrorMeaning {
  kind: PlatformError['kind'];
  /** The clear message; `{safe_domain}` is replaced by the account's. */
  message: string;
}

/** The error codes of https://open.weibo.com/wiki/Error_code that Chorus tells apart. */
export const WEIBO_ERRORS: Readonly<Record<number, ErrorMeaning>> = {
  10001: { kind: 'unknown', message: 'Weibo had a system error' },
  10002: { kind: 'unknown', message: 'Weibo is unavailable' },
  10003: { kind: 'unknown', message: 'Weibo had a remote service error' },
  10009: { kind: 'unknown', message: 'Weibo is busy (too many pending tasks)' },
  10010: { kind: 'unknown', message: 'the job expired at Weibo' },
  10011: { kind: 'unknown', message: 'Weibo had an RPC error' },
  10006: { kind: 'auth', message: 'the app key is missing' },
  10013: { kind: 'auth', message: 'Weibo says the user is not a valid Weibo user' },
  10014: { kind: 'auth', message: "the app's API permissions do not cover this call" },
  10022: { kind: 'rate-limit', message: "the server's address made too many requests this hour" },
  10023: {
    kind: 'rate-limit',
    message: 'the hourly limit of posts for this account through this app is reached',
  },
  10024: { kind: 'rate-limit', message: 'the hourly limit of this call for this account is reached' },
  20016: { kind: 'rate-limit', message: 'Weibo says the account posted too much, too fast' },
  10016: { kind: 'rejected', message: 'a required parameter is missing' },
  10017: {
    kind: 'rejected',
    message:
      'Weibo refused the text: statuses/share needs a link on the app\'s registered secure domain ({safe_domain}) and no "#topic#"',
  },
  20005: { kind: 'rejected', message: 'the picture is not a JPEG, GIF or PNG' },
  20006: { kind: 'rejected', message: 'the picture is 5 MB or larger' },
  20012: { kind: 'rejected', message: 'the text is longer than 140 characters as Weibo counts them' },
  20017: {
    kind: 'duplicate',
    message: 'Weibo refuses a repeat of text this account already posted (similar content)',
  },
  20019: { kind: 'duplicate', message: 'Weibo refuses a repeat of text this account already posted' },
  20018: { kind: 'rejected', message: 'Weibo refused a link in the text as an illegal website' },
  20021: { kind: 'rejected', message: 'Weibo refused the text as illegal content' },
  21301: { kind: 'auth', message: 'authorisation failed' },
  21314: { kind: 'auth', message: 'the access token was already used' },
  21315: {
    kind: 'auth',
    message: 'the access token has expired; authorise the app again and store the new token',
  },
  21316: { kind: 'auth', message: 'the access token was revoked' },
  21317: { kind: 'auth', message: 'the access token was rejected' },
  21327: {
    kind: 'auth',
    message: 'the access token has expired; authorise the app again and store the new token',
  },
  21332: { kind: 'auth', message: 'the access token is invalid' },
};

const errorBody = z.looseObject({
  error_code: z.union([z.number(), z.string()]),
  error: z.string().optional(),
});
const userBody = z.looseObject({
  idstr: z.string().optional(),
  id: z.union([z.number(), z.string()]),
  screen_name: z.string(),
  followers_count: z.number().optional(),
  friends_count: z.number().optional(),
  statuses_count: z.number().optional(),
});
const statusBody = z.looseObject({
  idstr: z.string().optional(),
  id: z.union([z.number(), z.string()]),
  text: z.string(),
  created_at: z.string().optional(),
});

const normalise = (text: string) => text.normalize('NFC').replace(/\s+/gu, ' ').trim();
const withoutUrls = (text: string) => normalise(text.replace(/https?:\/\/\S+/gu, ' '));

/** Create a Weibo client for one account. */
export async function createWeiboClient(options: ClientOptions): Promise<PlatformClient> {
  const { account } = options;
  const base = (options.env[API_URL_VARIABLE] ?? DEFAULT_API_URL).replace(/\/+$/u, '');
  const problem = apiUrlProblem(base);
  if (problem) throw new PlatformError('rejected', `${API_URL_VARIABLE} ${problem}`);
  const token = options.credentials.access_token;
  if (!token) throw new PlatformError('auth', `${account.id}: no access token`);
  const own = makeRedactor([token]);
  const redact = (text: string) => (options.redact ? options.redact(own(text)) : own(text));
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const safeDomain = weiboSettings(account).safe_domain ?? '(safe_domain not set)';
  let rateLimit: RateLimitState | undefined;
  let uid: string | undefined;

  const bounded = (text: string) => {
    const clean = redact(text).replace(/\s+/gu, ' ').trim();
    return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
  };

  /** When the hourly window ends, from account/rate_limit_status; the next full hour if Weibo cannot say. */
  const resetTime = async (): Promise<Date> => {
    const fallback = new Date(Math.ceil((clock().getTime() + 1) / 3_600_000) * 3_600_000);
    try {
      const data = (await request('GET', '/2/account/rate_limit_status.json', {}, 'rate limit status')) as {
        reset_time_in_seconds?: unknown;
        api_rate_limits?: { api?: unknown; limit?: unknown; remaining_hits?: unknown }[];
      };
      const seconds = Number(data.reset_time_in_seconds);
      const resetAt =
        Number.isFinite(seconds) && seconds > 0 ? new Date(clock().getTime() + seconds * 1000) : fallback;
      const share = data.api_rate_limits?.find((entry) => entry.api === 'statuses/share');
      if (share)
        rateLimit = {
          limit: Number(share.limit) || 0,
          remaining: Number(share.remaining_hits) || 0,
          resetAt,
        };
      return resetAt;
    } catch {
      return fallback;
    }
  };

  /** One call; Weibo's error answers become PlatformErrors. */
  async function request(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    what: string,
    picture?: { bytes: Buffer; mime: string },
  ): Promise<unknown> {
    const url = new URL(`${base}${path}`);
    let body: FormData | URLSearchParams | undefined;
    if (method === 'GET') {
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    } else if (picture) {
      const form = new FormData();
      for (const [name, value] of Object.entries(params)) form.set(name, value);
      form.set('pic', new Blob([new Uint8Array(picture.bytes)], { type: picture.mime }), 'picture');
      body = form;
    } else {
      body = new URLSearchParams(params);
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `OAuth2 ${token}` },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const said =
        name === 'TimeoutError'
          ? 'no answer in time'
          : bounded(error instanceof Error ? error.message : String(error));
      throw new PlatformError('unknown', `${what}: ${said || 'no answer'}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PlatformError(
        'unknown',
        `${what}: Weibo answered ${response.status} with something that is not JSON`,
        {
          status: response.status,
        },
      );
    }
    const failed = errorBody.safeParse(json);
    if (failed.success) {
      const code = Number(failed.data.error_code);
      const meaning = WEIBO_ERRORS[code];
      const said = bounded(failed.data.error ?? '');
      const message = `${what}: ${(meaning?.message ?? 'Weibo refused the request').replace('{safe_domain}', safeDomain)} (error ${code}${said ? `: ${said}` : ''})`;
      const kind = meaning?.kind ?? (response.status >= 500 ? 'unknown' : 'rejected');
      if (kind === 'rate-limit') {
        throw new PlatformError(kind, message, { status: response.status, resetAt: await resetTime() });
      }
      throw new PlatformError(kind, message, { status: response.status });
    }
    if (!response.ok) {
      throw new PlatformError(
        response.status >= 500 ? 'unknown' : 'rejected',
        `${what}: Weibo answered ${response.status}`,
        {
          status: response.status,
        },
      );
    }
    return json;
  }

  const idOf = (value: { idstr?: string | undefined; id: number | string }, what: string): string => {
    const id = value.idstr ?? String(value.id);
    if (!ID.test(id)) throw new PlatformError('unknown', `${what}: Weibo's answer has no usable id`);
    return id;
  };
  const parse = <T>(schema: z.ZodType<T>, data: unknown, what: string): T => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new PlatformError('unknown', `${what}: an answer Chorus cannot read`);
    return parsed.data;
  };
  const me = async () => {
    const got = parse(
      z.looseObject({ uid: z.union([z.number(), z.string()]) }),
      await request('GET', '/2/account/get_uid.json', {}, 'get uid'),
      'get uid',
    );
    uid = String(got.uid);
    if (!ID.test(uid)) throw new PlatformError('unknown', "get uid: Weibo's answer has no usable id");
    return parse(userBody, await request('GET', '/2/users/show.json', { uid }, 'users/show'), 'users/show');
  };
  const ref = (id: string): PostRef => ({ id, url: weiboAccount.postUrl(account, { id }) });

  return {
    async whoAmI() {
      const user = await me();
      return { id: uid!, handle: user.screen_name };
    },

    // statuses/share takes the picture with the text: "uploading" keeps it for the create call.
    uploadMedia: async (media) => Promise.resolve({ bytes: media.bytes, mime: media.mime }),

    async createPost(request_: CreateRequest) {
      if (request_.parent || request_.key.part > 0) {
        throw new PlatformError('rejected', 'Weibo has no threads: statuses/share posts one text');
      }
      if (request_.media.length > 1) throw new PlatformError('rejected', 'Weibo takes one picture per post');
      const picture = request_.media[0] as { bytes: Buffer; mime: string } | undefined;
      const data = await request(
        'POST',
        '/2/statuses/share.json',
        { status: request_.text },
        'share',
        picture,
      );
      return ref(idOf(parse(statusBody, data, 'share'), 'share'));
    },

    async findSent(queries: readonly SentQuery[]) {
      if (queries.length === 0) return [];
      const since = earliestSince(queries).getTime();
      const found: (PostRef | undefined)[] = queries.map(() => undefined);
      for (let page = 1; ; page++) {
        if (page > MAX_PAGES) {
          throw new PlatformError(
            'unknown',
            `reconcile: more than ${MAX_PAGES * PAGE} posts since the attempt; cannot tell whether it was sent`,
          );
        }
        const data = parse(
          z.looseObject({ statuses: z.array(statusBody) }),
          await request(
            'GET',
            '/2/statuses/user_timeline.json',
            { count: String(PAGE), page: String(page) },
            'user_timeline',
          ),
          'user_timeline',
        );
        // Only posts created since the first attempt can be ours: an older one with the same words is not.
        const recent = data.statuses
          .filter((status) => status.created_at !== undefined && Date.parse(status.created_at) >= since)
          .map((status) => ({
            id: idOf(status, 'user_timeline'),
            text: status.text,
            inReplyTo: undefined,
          }));
        queries.forEach((query, index) => {
          if (found[index] || query.key.part > 0) return;
          // Weibo rewrites links to t.cn short links, so the prose without its links identifies a post too.
          const prose = withoutUrls(query.text);
          const match =
            matchTimeline(query, recent) ??
            (prose === '' ? undefined : recent.find((post) => withoutUrls(post.text) === prose));
          if (match) found[index] = ref(match.id);
        });
        const oldest = data.statuses.at(-1);
        const oldestAt = oldest?.created_at ? Date.parse(oldest.created_at) : Number.NaN;
        if (!oldest || data.statuses.length < PAGE || found.every(Boolean) || oldestAt < since) break;
      }
      return found;
    },

    lastRateLimit: () => rateLimit,

    // statuses/count takes up to 100 ids.
    metricsBatch: 100,

    async postMetrics(ids: readonly string[]) {
      const valid = ids.filter((id) => ID.test(id));
      const posts: PostMetrics[] = [];
      for (let start = 0; start < valid.length; start += 100) {
        const batch = valid.slice(start, start + 100);
        const data = parse(
          z.array(
            z.looseObject({
              id: z.union([z.number(), z.string()]),
              idstr: z.string().optional(),
              comments: z.number(),
              reposts: z.number(),
              attitudes: z.number(),
            }),
          ),
          await request('GET', '/2/statuses/count.json', { ids: batch.join(',') }, 'statuses/count'),
          'statuses/count',
        );
        for (const item of data) {
          posts.push({
            id: idOf(item, 'statuses/count'),
            likes: item.attitudes,
            reposts: item.reposts,
            replies: item.comments,
            quotes: 0,
            impressions: undefined,
          });
        }
      }
      const seen = new Set(posts.map((post) => post.id));
      return { posts, missing: ids.filter((id) => !seen.has(id)) };
    },

    async accountMetrics(): Promise<AccountMetrics> {
      const user = await me();
      return {
        id: uid!,
        handle: user.screen_name,
        followers: user.followers_count ?? 0,
        following: user.friends_count ?? 0,
        posts: user.statuses_count ?? 0,
      };
    },
  };
}
