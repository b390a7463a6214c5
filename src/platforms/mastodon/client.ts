// The only module that talks to Mastodon, through `masto` (loaded on first use). Every create carries an
// Idempotency-Key derived from the part's stable identity, so a retry within Mastodon's hour returns the
// original status; past it, unknown outcomes are found by reading the account's own statuses. Every failure
// becomes a PlatformError whose message is redacted and bounded; rate-limit headers are kept.
import type * as Masto from 'masto';
import { apiUrlProblem } from '../endpoint.js';
import { makeRedactor } from '../redact.js';
import { serverProblem } from '../server.js';
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
import { DEFAULT_SERVER, mastodonAccount, serverOf } from './account.js';
import { idempotencyKey, mastodonSettings } from './text.js';

/** Statuses read per page when reconciling (Mastodon's maximum). */
const PAGE = 40;
/** Pages read at most when reconciling: past this, the answer is "cannot tell", never "not sent". */
const MAX_PAGES = 10;
/** Media status checks at most, one a second: Mastodon processes images in seconds. */
const MAX_MEDIA_POLLS = 60;
/** The longest network text kept in a message. */
const MAX_MESSAGE = 300;
/** Mastodon ids are digit strings; other servers speaking its API use letters too. Safe in paths either way. */
const ID = /^[A-Za-z0-9]{1,40}$/u;

/** Plain text back from the HTML Mastodon renders (paragraphs, line breaks, links split into spans). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<\/p>\s*<p[^>]*>/giu, '\n\n')
    .replace(/<[^>]*>/gu, '')
    .replace(/&#(\d+);/gu, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/giu, (_m, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/gu, '"')
    .replace(/&apos;/gu, "'")
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&amp;/gu, '&');
}

/**
 * Replaces every Mastodon account's server (a gateway, or the sandbox's stand-in); read from the real
 * environment only, like CHORUS_X_API_URL, so it is trusted where an account file's `server` is not.
 */
export const MASTODON_API_URL_VARIABLE = 'CHORUS_MASTODON_API_URL';

/** Create a Mastodon client for one account. */
export async function createMastodonClient(options: ClientOptions): Promise<PlatformClient> {
  const { account } = options;
  const override = options.env[MASTODON_API_URL_VARIABLE];
  const server = override ? override.replace(/\/+$/u, '') : serverOf(account);
  const problem = override
    ? apiUrlProblem(override) && `${MASTODON_API_URL_VARIABLE} ${apiUrlProblem(override)}`
    : serverProblem(server, [DEFAULT_SERVER], options.env);
  if (problem) throw new PlatformError('rejected', `${account.id}: ${problem}`);
  const token = options.credentials.access_token;
  if (!token) throw new PlatformError('auth', `${account.id}: no access token`);
  const own = makeRedactor([token]);
  const redact = (text: string) => (options.redact ? options.redact(own(text)) : own(text));
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const masto: typeof Masto = await import('masto');
  const client = masto.createRestAPIClient({
    url: server,
    accessToken: token,
    timeout: options.timeoutMs ?? 30_000,
    log: 'error',
    // A redirect could carry the token to another host: never followed.
    requestInit: { redirect: 'error' },
  });
  let rateLimit: RateLimitState | undefined;
  let accountId: string | undefined;

  const record = (headers: Headers) => {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
    if (
      Number.isFinite(limit) &&
      Number.isFinite(remaining) &&
      !Number.isNaN(reset) &&
      headers.has('x-ratelimit-limit')
    ) {
      rateLimit = { limit, remaining, resetAt: new Date(reset) };
    }
  };
  const bounded = (text: string) => {
    const clean = redact(text).replace(/\s+/gu, ' ').trim();
    return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
  };

  /** Any failure as a PlatformError (kinds decide what the publisher does next). */
  const failure = (error: unknown, what: string): PlatformError => {
    if (error instanceof PlatformError) return error;
    if (error instanceof masto.MastoHttpError) {
      const status = error.statusCode;
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof Response) record(cause.headers);
      const said = bounded(`${error.message}${error.description ? `: ${error.description}` : ''}`);
      const message = `${what}: Mastodon answered ${status}${said ? ` (${said})` : ''}`;
      if (status === 429) {
        const header = cause instanceof Response ? cause.headers.get('x-ratelimit-reset') : null;
        const parsed = Date.parse(header ?? '');
        const resetAt = Number.isNaN(parsed) ? new Date(clock().getTime() + 5 * 60_000) : new Date(parsed);
        return new PlatformError('rate-limit', message, { status, resetAt });
      }
      if (status === 401 || status === 403) return new PlatformError('auth', message, { status });
      if (status >= 500 || status === 408) return new PlatformError('unknown', message, { status });
      return new PlatformError('rejected', message, { status });
    }
    if (error instanceof masto.MastoTimeoutError)
      return new PlatformError('unknown', `${what}: no answer in time`);
    const text = error instanceof Error ? `${error.message}${causeCode(error)}` : String(error);
    return new PlatformError('unknown', `${what}: ${bounded(text) || 'no answer'}`);
  };
  const call = async <T>(what: string, run: () => Promise<{ headers: Headers; data: T }>): Promise<T> => {
    try {
      const response = await run();
      record(response.headers);
      return response.data;
    } catch (error) {
      throw failure(error, what);
    }
  };
  const checkedId = (value: unknown, what: string): string => {
    if (typeof value === 'string' && ID.test(value)) return value;
    throw new PlatformError('unknown', `${what}: Mastodon's answer has no usable id`);
  };
  const me = async () => {
    const data = await call('verify_credentials', () => client.v1.accounts.verifyCredentials.$raw());
    accountId = checkedId(data.id, 'verify_credentials');
    return data;
  };
  const ref = (id: string): PostRef => ({ id, url: mastodonAccount.postUrl(account, { id }) });

  return {
    async whoAmI() {
      const data = await me();
      return { id: accountId!, handle: typeof data.username === 'string' ? data.username : '' };
    },

    async uploadMedia(media) {
      const file = new Blob([new Uint8Array(media.bytes)], { type: media.mime });
      let attachment = await call('upload media', () =>
        client.v2.media.create.$raw({ file, description: media.alt, skipPolling: true }),
      );
      const id = checkedId(attachment.id, 'upload media');
      // 202 means the file is still processing (url null); a status cannot attach it until it is done.
      for (let poll = 0; attachment.url === null || attachment.url === undefined; poll++) {
        if (poll >= MAX_MEDIA_POLLS) {
          throw new PlatformError(
            'rejected',
            `upload media: still processing after ${MAX_MEDIA_POLLS} checks`,
          );
        }
        await sleep(1000);
        attachment = await call('media status', () => client.v1.media.$select(id).fetch.$raw());
      }
      return id;
    },

    async createPost(request: CreateRequest) {
      const settings = mastodonSettings(account);
      const mediaIds = request.media.map((item) => checkedId(item, 'media'));
      const data = await call('create status', () =>
        client.v1.statuses.create.$raw(
          {
            status: request.text,
            visibility: settings.visibility,
            language: request.lang,
            ...(request.parent ? { inReplyToId: request.parent.id } : {}),
            ...(request.contentWarning ? { spoilerText: request.contentWarning } : {}),
            ...(mediaIds.length > 0 ? { mediaIds } : {}),
          },
          { requestInit: { headers: { 'Idempotency-Key': idempotencyKey(request.key) } } },
        ),
      );
      return ref(checkedId(data.id, 'create status'));
    },

    async findSent(queries: readonly SentQuery[]) {
      if (queries.length === 0) return [];
      if (accountId === undefined) await me();
      const since = earliestSince(queries).getTime();
      const found: (PostRef | undefined)[] = queries.map(() => undefined);
      let maxId: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) {
          throw new PlatformError(
            'unknown',
            `reconcile: more than ${MAX_PAGES * PAGE} statuses since the attempt; cannot tell whether it was sent`,
          );
        }
        const list = await call(
          'read statuses',
          async () =>
            await client.v1.accounts
              .$select(accountId!)
              .statuses.list.$raw({ limit: PAGE, excludeReblogs: true, ...(maxId ? { maxId } : {}) }),
        );
        if (!Array.isArray(list))
          throw new PlatformError('unknown', 'read statuses: an answer that is not a list');
        // The HTML's text holds every link in full (Mastodon only hides parts of it with spans).
        // Only statuses created since the first attempt can be ours: an older one with the same words is not.
        const recent = list
          .filter((status) => Date.parse(status.createdAt) >= since)
          .map((status) => ({
            id: checkedId(status.id, 'read statuses'),
            text: htmlToText(typeof status.content === 'string' ? status.content : ''),
            inReplyTo: status.inReplyToId ?? undefined,
          }));
        queries.forEach((query, index) => {
          const match = found[index] ? undefined : matchTimeline(query, recent);
          if (match) found[index] = ref(match.id);
        });
        const oldest = list.at(-1);
        if (!oldest || found.every(Boolean) || Date.parse(oldest.createdAt) < since) break;
        maxId = checkedId(oldest.id, 'read statuses');
      }
      return found;
    },

    lastRateLimit: () => rateLimit,

    // Mastodon reads one status per request: a batch of 20 keeps a call within a few seconds.
    metricsBatch: 20,

    async postMetrics(ids: readonly string[]) {
      const posts: PostMetrics[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        if (!ID.test(id)) {
          missing.push(id);
          continue;
        }
        try {
          const status = await call('read status', () => client.v1.statuses.$select(id).fetch.$raw());
          posts.push({
            id,
            likes: Number(status.favouritesCount) || 0,
            reposts: Number(status.reblogsCount) || 0,
            replies: Number(status.repliesCount) || 0,
            quotes: 0,
            impressions: undefined,
          });
        } catch (error) {
          if (error instanceof PlatformError && error.status === 404) missing.push(id);
          else throw error;
        }
      }
      return { posts, missing };
    },

    async accountMetrics(): Promise<AccountMetrics> {
      const data = await me();
      return {
        id: accountId!,
        handle: typeof data.username === 'string' ? data.username : '',
        followers: Number(data.followersCount) || 0,
        following: Number(data.followingCount) || 0,
        posts: Number(data.statusesCount) || 0,
      };
    },

    async accountWarnings() {
      const instance = await call('read instance', () => client.v2.instance.fetch.$raw());
      const max = Number(instance.configuration?.statuses?.maxCharacters);
      const written = mastodonSettings(account).max_characters;
      if (!Number.isFinite(max) || max === written) return [];
      return [
        `the instance allows ${max} characters per post but the account file says max_characters: ${written}; set max_characters: ${max} so lint counts against the instance's limit`,
      ];
    },
  };
}

/** A network error's code (ECONNRESET, …) from its cause, for the message. */
function causeCode(error: Error): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? ` (${cause.code})` : '';
}
