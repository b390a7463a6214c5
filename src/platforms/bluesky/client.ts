// The Bluesky client, loaded only when something is sent, reconciled or measured: one session per run (created on
// first need: createSession is limited to about 30 per 5 minutes and 300 per day), an identity check, posts
// written with a record key derived from the part's identity (a retry can never make a second record), lookups
// by that exact key, images with alt text, and public metrics from the AppView. Every failure is a PlatformError
// whose message carries no credential.
import type { AtpAgent } from '@atproto/api';
import { apiUrlProblem } from '../endpoint.js';
import { makeRedactor } from '../redact.js';
import { originOf, serverProblem } from '../server.js';
import {
  type AccountMetrics,
  type ClientOptions,
  type CreateRequest,
  type PlatformClient,
  PlatformError,
  type PlatformErrorKind,
  type PostMetrics,
  type PostRef,
  type RateLimitState,
  type SentQuery,
} from '../types.js';
import { blueskyAccount, blueskySettings, DEFAULT_SERVER } from './account.js';
import { type EmbedImage, mentions, POST_COLLECTION, postRecord, type StrongRef } from './text.js';
import { recordKey } from './tid.js';

/** Where public metrics come from unless CHORUS_BLUESKY_APPVIEW_URL says otherwise (no credential goes there). */
export const DEFAULT_APPVIEW = 'https://public.api.bsky.app';
/** The environment variable naming another AppView (a self-hosted one, or a stand-in in tests). */
export const APPVIEW_VARIABLE = 'CHORUS_BLUESKY_APPVIEW_URL';
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_MESSAGE = 300;
/** app.bsky.feed.getPosts takes at most 25 URIs per call. */
const POSTS_PER_CALL = 25;

interface XrpcErrorLike {
  status?: number;
  error?: string;
  message?: string;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) somewhere in an error's causes. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
    if ((e as { name?: unknown }).name === 'TimeoutError') return 'a timeout';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Create a client for one Bluesky account; throws a PlatformError when its server may not get credentials. */
export async function createBlueskyClient(options: ClientOptions): Promise<PlatformClient> {
  const { account, env } = options;
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const own = makeRedactor(options.credentials.app_password ? [options.credentials.app_password] : []);
  const redact = (text: string) => {
    const clean = (options.redact ?? ((t: string) => t))(own(text));
    return [...clean].length > MAX_MESSAGE ? `${[...clean].slice(0, MAX_MESSAGE - 1).join('')}…` : clean;
  };

  const { server } = blueskySettings(account);
  const problem = serverProblem(server, [DEFAULT_SERVER], env);
  if (problem) throw new PlatformError('auth', `${account.id}: credentials not sent: ${problem}`);
  const appView = env[APPVIEW_VARIABLE]?.trim() || DEFAULT_APPVIEW;
  const appViewProblem = apiUrlProblem(appView);
  if (appViewProblem) throw new PlatformError('rejected', `${APPVIEW_VARIABLE} ${appViewProblem}`);

  // Requests go only to the account's server, the PDS its session names (checked below) and the AppView.
  const origins = new Set([originOf(server)!, originOf(appView)!]);
  let rateLimit: RateLimitState | undefined;
  const guardedFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const origin = originOf(url);
    if (!origin || !origins.has(origin)) {
      throw new PlatformError('rejected', `refused to send a request to ${origin ?? 'a malformed URL'}`);
    }
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const response = await fetch(input, { ...init, signal, redirect: 'error' });
    const limit = Number(response.headers.get('ratelimit-limit'));
    const remaining = Number(response.headers.get('ratelimit-remaining'));
    const reset = Number(response.headers.get('ratelimit-reset'));
    if (response.headers.has('ratelimit-remaining') && [limit, remaining, reset].every(Number.isFinite)) {
      rateLimit = { limit, remaining, resetAt: new Date(reset * 1000) };
    }
    return response;
  };

  const { AtpAgent: Agent } = await import('@atproto/api');
  const agent: AtpAgent = new Agent({ service: server, fetch: guardedFetch });
  const publicAgent: AtpAgent = new Agent({ service: appView, fetch: guardedFetch });

  /** A failure of `action` as a PlatformError (kind decided by status and error name), its message redacted. */
  function failure(error: unknown, action: string, origin = server): PlatformError {
    if (error instanceof PlatformError) return new PlatformError(error.kind, redact(error.message), error);
    const e = (error ?? {}) as XrpcErrorLike;
    const status = typeof e.status === 'number' ? e.status : undefined;
    const name = typeof e.error === 'string' ? e.error : '';
    const said = redact(`${name && name !== e.message ? `${name}: ` : ''}${e.message ?? String(error)}`);
    const code = networkCode(error);
    if (code) {
      return new PlatformError('unknown', `${action}: cannot reach ${origin} (${code}); is the server down?`);
    }
    let kind: PlatformErrorKind;
    let resetAt: Date | undefined;
    if (status === 429 || name === 'RateLimitExceeded') {
      kind = 'rate-limit';
      const reset = Number(e.headers?.['ratelimit-reset']);
      resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : rateLimit?.resetAt;
    } else if (
      status === 401 ||
      status === 403 ||
      [
        'AuthenticationRequired',
        'InvalidToken',
        'ExpiredToken',
        'AccountTakedown',
        'AccountDeactivated',
      ].includes(name)
    ) {
      kind = 'auth';
    } else if (status !== undefined && status >= 400 && status < 500) {
      kind = 'rejected';
    } else {
      kind = 'unknown';
    }
    return new PlatformError(kind, `${action}: Bluesky said ${said}`, { status, resetAt });
  }

  const credential = (key: string) => {
    const value = options.credentials[key];
    if (!value) throw new PlatformError('auth', `${account.id}: the ${key.replace('_', ' ')} is missing`);
    return value;
  };

  const dids = new Map<string, Promise<string | undefined>>();
  /** The DID a handle resolves to on the account's server, or undefined when it does not resolve. */
  function resolveHandle(handle: string): Promise<string | undefined> {
    const key = handle.toLowerCase();
    let found = dids.get(key);
    if (!found) {
      found = agent.com.atproto.identity.resolveHandle({ handle }).then(
        (res) => res.data.did,
        (error: unknown) => {
          const e = failure(error, `resolving ${handle}`);
          if (e.kind === 'rejected') return undefined;
          throw e;
        },
      );
      dids.set(key, found);
    }
    return found;
  }

  async function accountDid(): Promise<string> {
    const did = await resolveHandle(account.handle);
    if (!did) {
      throw new PlatformError(
        'auth',
        `the handle ${account.handle} does not resolve on ${server}: check handle: and server: in the account file of ${account.id}`,
      );
    }
    return did;
  }

  let session: Promise<{ did: string; handle: string }> | undefined;
  /** Log in once per run, on first need; a failed login is not retried in the same run. */
  function login(): Promise<{ did: string; handle: string }> {
    session ??= (async () => {
      const did = await accountDid();
      const identifier = credential('identifier');
      const password = credential('app_password');
      try {
        await agent.login({ identifier, password });
      } catch (error) {
        const e = failure(error, 'logging in');
        if (e.kind === 'auth') {
          throw new PlatformError(
            'auth',
            `${server} refused the identifier or app password of ${account.handle} (${e.message.replace(/^logging in: /, '')})`,
            { status: e.status },
          );
        }
        throw e.kind === 'unknown' ? new PlatformError('rejected', `${e.message}; nothing was sent`) : e;
      }
      const got = agent.session!;
      // The session's PDS receives the access token: it must be a URL Chorus would send credentials to.
      const pds = agent.pdsUrl?.toString();
      if (pds) {
        const pdsProblem = apiUrlProblem(pds);
        if (pdsProblem) throw new PlatformError('auth', `the account's PDS ${pdsProblem}; nothing was sent`);
        origins.add(originOf(pds)!);
      }
      if (got.did !== did || !blueskyAccount.sameHandle(got.handle, account.handle)) {
        throw new PlatformError(
          'auth',
          `the credentials are for ${got.handle} (${got.did}), not for ${account.handle} (${did}) as the account file of ${account.id} says; nothing was sent`,
        );
      }
      return { did: got.did, handle: got.handle };
    })();
    return session;
  }

  const refOf = (uri: string, cid: string): PostRef => ({
    id: uri,
    cid,
    url: blueskyAccount.postUrl(account, { id: uri, cid }),
  });

  /** The record of a part on the server, or undefined when it is not there (RecordNotFound). */
  async function getRecord(did: string, rkey: string): Promise<PostRef | undefined> {
    try {
      const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey });
      if (!res.data.cid) throw new PlatformError('unknown', `${account.handle}: a record without a CID`);
      return refOf(res.data.uri, res.data.cid);
    } catch (error) {
      if ((error as XrpcErrorLike).error === 'RecordNotFound') return undefined;
      throw failure(error, `looking up record ${rkey}`);
    }
  }

  const strong = (ref: PostRef): StrongRef => {
    if (!ref.cid)
      throw new PlatformError('rejected', `cannot reply to ${ref.id}: the ledger has no CID for it`);
    return { uri: ref.id, cid: ref.cid };
  };

  return {
    metricsBatch: POSTS_PER_CALL,

    async whoAmI() {
      const { did, handle } = await login();
      return { id: did, handle };
    },

    async uploadMedia(media) {
      await login();
      try {
        const res = await agent.uploadBlob(new Uint8Array(media.bytes), { encoding: media.mime });
        return { alt: media.alt, image: res.data.blob } satisfies EmbedImage;
      } catch (error) {
        throw failure(error, 'uploading an image');
      }
    },

    async createPost(request: CreateRequest) {
      const { did } = await login();
      const rkey = recordKey(request.key);
      const mentionDids = new Map<string, string>();
      for (const handle of new Set(mentions(request.text).map((h) => h.toLowerCase()))) {
        const mentioned = await resolveHandle(handle).catch(() => undefined);
        if (mentioned) mentionDids.set(handle, mentioned);
      }
      const record = postRecord({
        text: request.text,
        lang: request.lang,
        createdAt: clock().toISOString(),
        reply: request.parent
          ? { root: strong(request.root ?? request.parent), parent: strong(request.parent) }
          : undefined,
        images: request.media as EmbedImage[],
        mentionDids,
      });
      try {
        const res = await agent.com.atproto.repo.createRecord({
          repo: did,
          collection: POST_COLLECTION,
          rkey,
          record,
        });
        return refOf(res.data.uri, res.data.cid);
      } catch (error) {
        const e = failure(error, 'creating a post');
        if (e.kind !== 'unknown') throw e;
        // No answer, or a server error (a record key that is already taken is one): the part may be there,
        // from this attempt or an earlier one. It can only be under its own key, so ask for that record.
        const found = await getRecord(did, rkey).catch(() => undefined);
        if (found) return found;
        throw e;
      }
    },

    async findSent(queries: readonly SentQuery[]) {
      if (queries.length === 0) return [];
      // Reading a public record needs no session: reconciliation costs no createSession.
      const did = await accountDid();
      const found: (PostRef | undefined)[] = [];
      for (const query of queries) found.push(await getRecord(did, recordKey(query.key)));
      return found;
    },

    lastRateLimit: () => rateLimit,

    async postMetrics(ids: readonly string[]) {
      const posts: PostMetrics[] = [];
      for (let i = 0; i < ids.length; i += POSTS_PER_CALL) {
        const uris = ids.slice(i, i + POSTS_PER_CALL);
        try {
          const res = await publicAgent.app.bsky.feed.getPosts({ uris });
          for (const view of res.data.posts) {
            posts.push({
              id: view.uri,
              likes: view.likeCount ?? 0,
              reposts: view.repostCount ?? 0,
              replies: view.replyCount ?? 0,
              quotes: view.quoteCount ?? 0,
              impressions: undefined,
            });
          }
        } catch (error) {
          throw failure(error, 'reading post metrics', appView);
        }
      }
      const seen = new Set(posts.map((post) => post.id));
      return { posts, missing: ids.filter((id) => !seen.has(id)) };
    },

    async accountMetrics(): Promise<AccountMetrics> {
      const did = await accountDid();
      try {
        const res = await publicAgent.app.bsky.actor.getProfile({ actor: did });
        return {
          id: res.data.did,
          handle: res.data.handle,
          followers: res.data.followersCount ?? 0,
          following: res.data.followsCount ?? 0,
          posts: res.data.postsCount ?? 0,
        };
      } catch (error) {
        throw failure(error, 'reading account metrics', appView);
      }
    },

    async close() {
      if (!session) return;
      try {
        await session;
        await agent.logout();
      } catch {
        // Ending the session is a courtesy; the session expires on its own.
      }
    },
  };
}
