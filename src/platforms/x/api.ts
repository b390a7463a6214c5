// The only module that talks to X (through twitter-api-v2, loaded lazily). It turns every library error
// into a PlatformError whose message carries status and X's explanation (redacted, bounded) but never a header or
// credential, and checks every answer's shape: an id that is not X's, or an answer that cannot be
// understood, never reaches the ledger.

import http from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type * as TwitterApiV2 from 'twitter-api-v2';
import type { ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { z } from 'zod';
import { apiUrlProblem } from '../endpoint.js';
import { makeRedactor, type Redact } from '../redact.js';
import { PlatformError, type PostMetrics, type RateLimitState } from '../types.js';
import { HANDLE, isHandle, isPostId, POST_ID } from './account.js';
import type { PostPayload } from './text.js';

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
  /** Per-request timeout in milliseconds: no byte for this long ends the request. */
  timeoutMs?: number;
  /** A request not complete after this long is cut, however slowly bytes trickle in; default 4 × timeoutMs. */
  totalTimeoutMs?: number;
  /** Also removes these secrets from error messages (the client always removes its own credentials). */
  redact?: Redact;
  /** Waits between media-processing status checks; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** X's own explanation in a message: control characters removed, at most this long. */
const MAX_DETAIL_LENGTH = 300;
/** Media processing: check its status at most this often, waiting at most this long in all. */
const MAX_MEDIA_STATUS_CHECKS = 10;
const MAX_MEDIA_PROCESSING_MS = 60_000;

/** A post as read back from the account's timeline. */
export interface TimelinePost {
  id: string;
  /** Text with t.co links expanded back to what was sent. */
  text: string;
  /** The post it replies to, if any. */
  inReplyTo: string | undefined;
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
  accountMetrics(): Promise<XAccountMetrics>;
}

/** One GET /2/tweets lookup: what came back, what did not, and that endpoint's rate-limit state. */
export interface PostMetricsPage {
  posts: PostMetrics[];
  /** Ids X did not return (deleted, or not visible to these credentials). */
  missing: string[];
  rateLimit: RateLimitState | undefined;
}

/** The account behind the credentials, with its public metrics. */
export interface XAccountMetrics {
  id: string;
  username: string;
  followers: number;
  following: number;
  posts: number;
}

const DUPLICATE = /duplicate content/i;

function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** A text from the network made safe to print: no secret, no control character, bounded in length. */
function cleanDetail(text: string, redact: Redact): string {
  const plain = redact(text)
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  return plain.length > MAX_DETAIL_LENGTH ? `${plain.slice(0, MAX_DETAIL_LENGTH)}…` : plain;
}

/** An answer whose shape is not X's: the request may have done anything, so it is an unknown outcome. */
function notUnderstood(what: string, why: string): PlatformError {
  return new PlatformError('unknown', `X's answer to ${what} could not be understood (${why})`);
}

/**
 * Translate whatever twitter-api-v2 threw into an PlatformError; never copies headers or request details, and
 * X's explanation only redacted and bounded.
 */
function translate(error: unknown, what: string, redact: Redact): PlatformError {
  if (error instanceof PlatformError) return new PlatformError(error.kind, redact(error.message), error);
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
    const raw = e.data?.detail ?? e.data?.errors?.[0]?.message ?? e.data?.title ?? '';
    const detail = typeof raw === 'string' ? cleanDetail(raw, redact) : '';
    const said = detail ? `: ${detail}` : '';
    if (status === 429 || status === 420) {
      const reset = e.rateLimit?.reset;
      return new PlatformError('rate-limit', `X rate limit reached while trying to ${what}`, {
        status,
        ...(reset ? { resetAt: new Date(reset * 1000) } : {}),
      });
    }
    if (status >= 500)
      return new PlatformError('unknown', `X answered HTTP ${status} to ${what}${said}`, { status });
    if (status === 403 && DUPLICATE.test(detail)) {
      return new PlatformError(
        'duplicate',
        `X refused a duplicate: the account already posted this exact text`,
        {
          status,
        },
      );
    }
    if (status === 401)
      return new PlatformError('auth', `X refused the credentials (HTTP 401)${said}`, { status });
    return new PlatformError('rejected', `X refused to ${what} (HTTP ${status})${said}`, { status });
  }
  if (e.type === 'partial-response') {
    return new PlatformError('unknown', `the connection broke while X answered ${what}`);
  }
  if (e.type === 'request') {
    // twitter-api-v2 1.29 stores the socket error as `_options.error`, so its `requestError` getter is empty.
    const socketError = e.requestError ?? e._options?.error;
    const cause = socketError?.code ?? socketError?.message ?? 'no answer';
    return new PlatformError(
      'unknown',
      `no answer from X to ${what} (${cleanDetail(String(cause), redact)})`,
    );
  }
  return new PlatformError('unknown', `${what} failed: ${cleanDetail(e.message ?? String(error), redact)}`);
}

const count = z
  .number({ error: 'is not a number' })
  .int({ error: 'is not a whole number' })
  .nonnegative({ error: 'is negative' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' });
const postMetricsAnswer = z.object({
  data: z
    .array(
      z.object({
        id: z.string({ error: 'is not an X post id' }).regex(POST_ID, { error: 'is not an X post id' }),
        public_metrics: z
          .object({
            like_count: count.optional(),
            retweet_count: count.optional(),
            reply_count: count.optional(),
            quote_count: count.optional(),
            impression_count: count.optional(),
          })
          .optional(),
      }),
    )
    .max(100)
    .optional(),
});
const accountMetricsAnswer = z.object({
  data: z.object({
    id: z.string({ error: 'is not an X user id' }).regex(POST_ID, { error: 'is not an X user id' }),
    username: z.string({ error: 'is not an X handle' }).regex(HANDLE, { error: 'is not an X handle' }),
    public_metrics: z
      .object({
        followers_count: count.optional(),
        following_count: count.optional(),
        tweet_count: count.optional(),
      })
      .optional(),
  }),
});

/** The first problem of a network answer, located by path, without echoing long values. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`,
    )
    .join('');
  return `${where || 'the answer'} ${issue.message}`;
}

/** Create a client for one account. Loads twitter-api-v2 on first use. */
export async function createXClient(options: XClientOptions): Promise<XClient> {
  // Checked again here, where credentials are handed over: no caller can send them over plain http.
  const urlProblem = options.apiUrl ? apiUrlProblem(options.apiUrl) : undefined;
  if (urlProblem) throw new PlatformError('rejected', `the X API URL ${urlProblem}; nothing was sent`);
  const { TwitterApi } = loadTwitterApi();
  let rateLimit: RateLimitState | undefined;
  const base = options.apiUrl?.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const totalTimeout = options.totalTimeoutMs ?? 4 * timeout;
  const own = makeRedactor(Object.values(options.credentials));
  const redact: Redact = options.redact ? (text) => options.redact!(own(text)) : own;
  const sleep = options.sleep ?? ((ms: number): Promise<void> => delay(ms));
  // The HTTP status of each request's answer, which twitter-api-v2 does not pass on for a success: a 3xx
  // (a redirect, never followed) or 1xx is not a success, whatever its body says.
  const statuses = new WeakMap<object, number>();
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      if (base) {
        const url = new URL(params.url);
        params.url = `${base}${url.pathname}${url.search}`;
      }
      params.timeout = timeout;
      // A request's whole exchange is bounded too (the timeout above is per silence): an answer trickled a
      // byte at a time is cut, and counts as no answer (an unknown outcome for a create).
      let deadline: NodeJS.Timeout | undefined;
      params.requestEventDebugHandler = (event, data) => {
        const details = data as { res?: { statusCode?: number }; socket?: Socket } | undefined;
        if (event === 'socket' && details?.socket && !deadline) {
          const socket = details.socket;
          deadline = setTimeout(() => {
            socket.destroy(
              Object.assign(new Error(`no complete answer within ${totalTimeout / 1000} s`), {
                code: 'ETIMEDOUT',
              }),
            );
          }, totalTimeout);
          deadline.unref();
        } else if (event === 'response' && typeof details?.res?.statusCode === 'number') {
          statuses.set(params, details.res.statusCode);
        } else if (event === 'close' || event === 'response-end' || event === 'request-error') {
          clearTimeout(deadline);
        }
      };
    },
    onAfterRequest({ params, response }) {
      const status = statuses.get(params);
      if (status !== undefined && (status < 200 || status > 299)) {
        const redirect = status >= 300 && status < 400;
        // Not understood: for a create, whether the post was made is unknown (reconciled, never resent blindly).
        throw new PlatformError(
          'unknown',
          redirect
            ? `X answered ${params.method} ${new URL(params.url).pathname} with a redirect (HTTP ${status}); Chorus does not follow redirects, which could carry the credentials to another host (check CHORUS_X_API_URL)`
            : `X answered ${params.method} ${new URL(params.url).pathname} with HTTP ${status}, which is not an answer Chorus understands`,
          { status },
        );
      }
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
      throw translate(error, what, redact);
    }
  };
  /** `data` of an answer that is a JSON object, or undefined. */
  const dataOf = (answer: unknown): Record<string, unknown> | undefined => {
    const data = (answer as { data?: unknown } | null | undefined)?.data;
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  };
  return {
    async me() {
      const what = 'look up whose credentials these are';
      const data = dataOf(await call(what, () => api.v2.me()));
      if (!isPostId(data?.id)) throw notUnderstood(what, 'no valid user id');
      if (!isHandle(data.username)) throw notUnderstood(what, 'no valid handle');
      return { id: data.id, username: data.username };
    },
    async createPost(payload) {
      const what = 'create a post';
      const answer = await call(what, () =>
        api.v2.post<unknown>('tweets', payload as unknown as Record<string, unknown>),
      );
      const id = dataOf(answer)?.id;
      // A success without X's post id: the post may well exist. Unknown outcome, reconciled, never resent.
      if (!isPostId(id)) throw notUnderstood(what, 'a success without a valid post id');
      return { id };
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
      const posts: unknown = (result as { data?: unknown } | undefined)?.data ?? [];
      const understood =
        Array.isArray(posts) &&
        posts.length <= 100 &&
        posts.every(
          (post: { id?: unknown; text?: unknown }) => isPostId(post?.id) && typeof post.text === 'string',
        );
      // A timeline that cannot be understood cannot tell what went out: the caller sends nothing.
      if (!understood) throw notUnderstood("read the account's recent posts", 'posts without valid ids');
      return (posts as NonNullable<typeof result.data>).map((post) => {
        let text = decodeEntities(post.text);
        for (const url of post.entities?.urls ?? []) {
          if (url.expanded_url) text = text.replace(url.url, url.expanded_url);
        }
        const inReplyTo = post.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
        return { id: post.id, text, inReplyTo: isPostId(inReplyTo) ? inReplyTo : undefined };
      });
    },
    async uploadMedia(bytes, mimeType, alt) {
      // The chunked upload of twitter-api-v2's uploadMedia, with its media id checked before it goes into a
      // path and its processing wait bounded (the library's polls as long as X says "in progress").
      const what = 'upload an image';
      const init = await call(what, () =>
        api.v2.post<unknown>('media/upload/initialize', {
          media_type: mimeType,
          total_bytes: bytes.length,
          media_category: mimeType.includes('gif') ? 'tweet_gif' : 'tweet_image',
        }),
      );
      const id = dataOf(init)?.id;
      if (!isPostId(id)) throw new PlatformError('rejected', `X's answer to ${what} has no valid media id`);
      const chunk = 1024 * 1024;
      for (let index = 0; index * chunk < bytes.length; index++) {
        const media = Buffer.from(bytes.subarray(index * chunk, (index + 1) * chunk));
        await call(what, () =>
          api.v2.post(
            `media/upload/${id}/append`,
            { segment_index: index, media },
            { forceBodyMode: 'form-data' },
          ),
        );
      }
      const finalized = await call(what, () => api.v2.post<unknown>(`media/upload/${id}/finalize`));
      let info = dataOf(finalized)?.processing_info as
        { state?: unknown; check_after_secs?: unknown } | undefined;
      let waited = 0;
      for (let checks = 0; info && info.state !== 'succeeded'; checks++) {
        if (info.state === 'failed') throw new PlatformError('rejected', 'X could not process the image');
        const after = typeof info.check_after_secs === 'number' ? info.check_after_secs * 1000 : 1000;
        const wait = Math.min(Math.max(after, 100), 10_000);
        if (checks >= MAX_MEDIA_STATUS_CHECKS || waited + wait > MAX_MEDIA_PROCESSING_MS) {
          throw new PlatformError(
            'rejected',
            `X did not finish processing the image within ${MAX_MEDIA_PROCESSING_MS / 1000} s`,
          );
        }
        await sleep(wait);
        waited += wait;
        const status = await call(what, () =>
          api.v2.get<unknown>('media/upload', { command: 'STATUS', media_id: id }),
        );
        info = dataOf(status)?.processing_info as typeof info;
      }
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
      const checked = postMetricsAnswer.safeParse(response.data ?? {});
      // Refused, not written: a snapshot of made-up counts would make every later report wrong.
      if (!checked.success) {
        throw new PlatformError(
          'rejected',
          `X's answer to read the metrics of published posts was refused: ${firstIssue(checked.error)}; nothing from it is written`,
        );
      }
      const posts = (checked.data.data ?? []).map((post) => {
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
      const what = "read the account's follower count";
      const answer = await call(what, () => api.v2.me({ 'user.fields': ['public_metrics'] }));
      const checked = accountMetricsAnswer.safeParse(answer);
      if (!checked.success) {
        throw new PlatformError(
          'rejected',
          `X's answer to ${what} was refused: ${firstIssue(checked.error)}; nothing from it is written`,
        );
      }
      const m = checked.data.data.public_metrics ?? {};
      return {
        id: checked.data.data.id,
        username: checked.data.data.username,
        followers: m.followers_count ?? 0,
        following: m.following_count ?? 0,
        posts: m.tweet_count ?? 0,
      };
    },
  };
}
