// The only module that talks to X (through twitter-api-v2, loaded lazily). It turns every library error
// into an XError whose message carries status and X's explanation but never a header or credential.

import http from 'node:http';
import { createRequire } from 'node:module';
import type * as TwitterApiV2 from 'twitter-api-v2';
import type { ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { apiUrlProblem } from './endpoint.js';

type TwitterApiModule = typeof TwitterApiV2;
let twitterApiModule: TwitterApiModule | undefined;

/**
 * twitter-api-v2, loaded once on first use. It is CommonJS: `require` loads it in about half the time
 * `import()` takes, which has Node scan each of its 80-odd files for named exports first.
 */
function loadTwitterApi(): TwitterApiModule {
  twitterApiModule ??= createRequire(import.meta.url)('twitter-api-v2') as TwitterApiModule;
  return twitterApiModule;
}

/** OAuth 1.0a user-context credentials (values; never printed). */
export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface XClientOptions {
  credentials: XCredentials;
  /** Replaces the API and upload hosts (CHORUS_X_API_URL), e.g. "http://127.0.0.1:4010". */
  apiUrl?: string | undefined;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
}

/** What kind of failure happened, which decides what the publisher does next. */
export type XErrorKind =
  /** Not sent, rate limited; `resetAt` says when it may go again. */
  | 'rate-limit'
  /** The request may or may not have reached X (timeout, cut connection, 5xx): reconcile before retrying. */
  | 'unknown'
  /** X refused the text because the account already posted it. */
  | 'duplicate'
  /** The credentials were refused. */
  | 'auth'
  /** Any other refusal (4xx): definitely not sent. */
  | 'rejected';

/** A failed X call, safe to print. */
export class XError extends Error {
  readonly kind: XErrorKind;
  readonly status: number | undefined;
  readonly resetAt: Date | undefined;
  constructor(kind: XErrorKind, message: string, options: { status?: number; resetAt?: Date } = {}) {
    super(message);
    this.name = 'XError';
    this.kind = kind;
    this.status = options.status;
    this.resetAt = options.resetAt;
  }
}

/** A post as read back from the account's timeline. */
export interface TimelinePost {
  id: string;
  /** Text with t.co links expanded back to what was sent. */
  text: string;
  /** The post it replies to, if any. */
  inReplyTo: string | undefined;
}

/** Rate-limit state from the last response's x-rate-limit-* headers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/** The calls Chorus makes. */
export interface XClient {
  me(): Promise<{ id: string; username: string }>;
  createPost(payload: PostPayload): Promise<{ id: string }>;
  recentPosts(userId: string, since: Date): Promise<TimelinePost[]>;
  uploadMedia(bytes: Buffer, mimeType: string, alt: string): Promise<string>;
  /** From the last response that carried x-rate-limit-* headers. */
  lastRateLimit(): RateLimitState | undefined;
  /** Public metrics of up to 100 posts (GET /2/tweets?ids=…); ids X does not return are listed as missing. */
  postMetrics(ids: readonly string[]): Promise<PostMetricsPage>;
  /** Who the credentials belong to, with the account's public metrics (GET /2/users/me). */
  accountMetrics(): Promise<AccountMetrics>;
}

/** A post's public metrics as X gives them; `impressions` only where X returns impression_count. */
export interface PostPublicMetrics {
  id: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions: number | undefined;
}

/** One GET /2/tweets lookup: what came back, what did not, and that endpoint's rate-limit state. */
export interface PostMetricsPage {
  posts: PostPublicMetrics[];
  /** Ids X did not return (deleted, or not visible to these credentials). */
  missing: string[];
  rateLimit: RateLimitState | undefined;
}

/** The account behind the credentials, with its public metrics. */
export interface AccountMetrics {
  id: string;
  username: string;
  followers: number;
  following: number;
  posts: number;
}

/** The body of POST /2/tweets, as Chorus sends it. */
export interface PostPayload {
  text: string;
  reply?: { in_reply_to_tweet_id: string };
  media?: { media_ids: string[] };
}

const DUPLICATE = /duplicate content/i;

function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Translate whatever twitter-api-v2 threw into an XError; never copies headers or request details. */
function translate(error: unknown, what: string): XError {
  if (error instanceof XError) return error;
  const e = error as {
    type?: string;
    code?: number;
    data?: { detail?: string; title?: string; errors?: { message?: string }[] };
    rateLimit?: { reset?: number };
    requestError?: { code?: string; message?: string };
    _options?: { error?: { code?: string; message?: string } };
    message?: string;
  };
  if (e.type === 'response' && typeof e.code === 'number') {
    const status = e.code;
    const detail = e.data?.detail ?? e.data?.errors?.[0]?.message ?? e.data?.title ?? '';
    const said = detail ? `: ${detail}` : '';
    if (status === 429 || status === 420) {
      const reset = e.rateLimit?.reset;
      return new XError('rate-limit', `X rate limit reached while trying to ${what}`, {
        status,
        ...(reset ? { resetAt: new Date(reset * 1000) } : {}),
      });
    }
    if (status >= 500)
      return new XError('unknown', `X answered HTTP ${status} to ${what}${said}`, { status });
    if (status === 403 && DUPLICATE.test(detail)) {
      return new XError('duplicate', `X refused a duplicate: the account already posted this exact text`, {
        status,
      });
    }
    if (status === 401) return new XError('auth', `X refused the credentials (HTTP 401)${said}`, { status });
    return new XError('rejected', `X refused to ${what} (HTTP ${status})${said}`, { status });
  }
  if (e.type === 'partial-response') {
    return new XError('unknown', `the connection broke while X answered ${what}`);
  }
  if (e.type === 'request') {
    // twitter-api-v2 1.29 stores the socket error as `_options.error`, so its `requestError` getter is empty.
    const socketError = e.requestError ?? e._options?.error;
    const cause = socketError?.code ?? socketError?.message ?? 'no answer';
    return new XError('unknown', `no answer from X to ${what} (${cause})`);
  }
  return new XError('unknown', `${what} failed: ${e.message ?? String(error)}`);
}

/** Create a client for one account. Loads twitter-api-v2 on first use. */
export async function createXClient(options: XClientOptions): Promise<XClient> {
  // Checked again here, where credentials are handed over: no caller can send them over plain http.
  const urlProblem = options.apiUrl ? apiUrlProblem(options.apiUrl) : undefined;
  if (urlProblem) throw new XError('rejected', `the X API URL ${urlProblem}; nothing was sent`);
  const { TwitterApi } = loadTwitterApi();
  let rateLimit: RateLimitState | undefined;
  const base = options.apiUrl?.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      if (base) {
        const url = new URL(params.url);
        params.url = `${base}${url.pathname}${url.search}`;
      }
      params.timeout = timeout;
    },
    onAfterRequest({ params, response }) {
      // Only the create-post limit matters for pacing; other endpoints have their own windows.
      const r = response.rateLimit;
      if (params.method === 'POST' && params.url.endsWith('/tweets') && r && Number.isFinite(r.remaining)) {
        rateLimit = { limit: r.limit, remaining: r.remaining, resetAt: new Date(r.reset * 1000) };
      }
    },
  };
  // twitter-api-v2 always uses https.request; an http.Agent lets it speak plain HTTP to a local stand-in.
  // The global one keeps connections alive (Node >= 19) like https.globalAgent, which X's own requests
  // use, so requests reuse connections instead of opening one each; idle sockets do not hold the process.
  const httpAgent = base?.startsWith('http:') ? http.globalAgent : undefined;
  const api: TwitterApi = new TwitterApi(
    {
      appKey: options.credentials.appKey,
      appSecret: options.credentials.appSecret,
      accessToken: options.credentials.accessToken,
      accessSecret: options.credentials.accessSecret,
    },
    { plugins: [plugin], ...(httpAgent ? { httpAgent } : {}) },
  );
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw translate(error, what);
    }
  };
  return {
    async me() {
      const result = await call('look up whose credentials these are', () => api.v2.me());
      return { id: result.data.id, username: result.data.username };
    },
    async createPost(payload) {
      const result = await call('create a post', () =>
        api.v2.post<{ data: { id: string } }>('tweets', payload as unknown as Record<string, unknown>),
      );
      return { id: result.data.id };
    },
    async recentPosts(userId, since) {
      const result = await call("read the account's recent posts", () =>
        api.v2.get<{
          data?: {
            id: string;
            text: string;
            entities?: { urls?: { url: string; expanded_url?: string }[] };
            referenced_tweets?: { type: string; id: string }[];
          }[];
        }>(`users/${userId}/tweets`, {
          max_results: 100,
          start_time: since.toISOString(),
          'tweet.fields': 'entities,referenced_tweets,created_at',
        }),
      );
      return (result.data ?? []).map((post) => {
        let text = decodeEntities(post.text);
        for (const url of post.entities?.urls ?? []) {
          if (url.expanded_url) text = text.replace(url.url, url.expanded_url);
        }
        return {
          id: post.id,
          text,
          inReplyTo: post.referenced_tweets?.find((r) => r.type === 'replied_to')?.id,
        };
      });
    },
    async uploadMedia(bytes, mimeType, alt) {
      const id = await call('upload an image', () =>
        api.v2.uploadMedia(bytes, { media_type: mimeType as never }),
      );
      await call('set the alt text of an image', () =>
        api.v2.createMediaMetadata(id, { alt_text: { text: alt } }),
      );
      return id;
    },
    lastRateLimit: () => rateLimit,
    async postMetrics(ids) {
      const response = await call('read the metrics of published posts', () =>
        api.v2.get<{
          data?: {
            id: string;
            public_metrics?: {
              like_count?: number;
              retweet_count?: number;
              reply_count?: number;
              quote_count?: number;
              impression_count?: number;
            };
          }[];
        }>('tweets', { ids: ids.join(','), 'tweet.fields': 'public_metrics' }, { fullResponse: true }),
      );
      const posts = (response.data.data ?? []).map((post) => {
        const m = post.public_metrics ?? {};
        return {
          id: post.id,
          likes: m.like_count ?? 0,
          reposts: m.retweet_count ?? 0,
          replies: m.reply_count ?? 0,
          quotes: m.quote_count ?? 0,
          impressions: m.impression_count,
        };
      });
      const returned = new Set(posts.map((post) => post.id));
      const r = response.rateLimit;
      return {
        posts,
        missing: ids.filter((id) => !returned.has(id)),
        rateLimit:
          r && Number.isFinite(r.remaining)
            ? { limit: r.limit, remaining: r.remaining, resetAt: new Date(r.reset * 1000) }
            : undefined,
      };
    },
    async accountMetrics() {
      const result = await call("read the account's follower count", () =>
        api.v2.me({ 'user.fields': ['public_metrics'] }),
      );
      const m = result.data.public_metrics ?? {};
      return {
        id: result.data.id,
        username: result.data.username,
        followers: m.followers_count ?? 0,
        following: m.following_count ?? 0,
        posts: m.tweet_count ?? 0,
      };
    },
  };
}
