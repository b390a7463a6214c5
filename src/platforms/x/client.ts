// X's client half of the platform seam: the twitter-api-v2 calls of api.ts behind PlatformClient. Loaded
// only when something is really sent, checked or measured.
import { serverProblem } from '../server.js';
import { earliestSince, matchTimeline } from '../timeline-match.js';
import { type ClientOptions, PlatformError, type PlatformClient } from '../types.js';
import { createXClient, type XClientOptions } from './api.js';
import { isPostId, postUrl } from './account.js';
import { postPayload } from './text.js';

/** The variable that points the X client at another API host (a gateway, or a local stand-in). */
export const X_API_URL_VARIABLE = 'CHORUS_X_API_URL';

/** How the X client is created; tests replace it to drive the publish loop without HTTP. */
export type CreateXApi = typeof createXClient;

/** A PlatformClient for one X account. */
export async function createXPlatformClient(
  options: ClientOptions,
  createApi: CreateXApi = createXClient,
): Promise<PlatformClient> {
  const c = options.credentials;
  const apiUrl = options.env[X_API_URL_VARIABLE] || undefined;
  if (apiUrl) {
    // Any https host the real environment names is allowed (a gateway); plain http only on this machine.
    const problem = serverProblem(apiUrl, [apiUrl], {});
    if (problem) throw new PlatformError('rejected', `${X_API_URL_VARIABLE}: ${problem}; nothing was sent`);
  }
  const xOptions: XClientOptions = {
    credentials: {
      appKey: c.app_key ?? '',
      appSecret: c.app_secret ?? '',
      accessToken: c.access_token ?? '',
      accessSecret: c.access_secret ?? '',
    },
    apiUrl,
    ...(options.redact ? { redact: options.redact } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const api = await createApi(xOptions);
  let me: { id: string; username: string } | undefined;
  const account = options.account;
  return {
    metricsBatch: 100,
    async whoAmI() {
      me = await api.me();
      return { id: me.id, handle: me.username };
    },
    async uploadMedia({ bytes, mime, alt }) {
      return api.uploadMedia(bytes, mime, alt);
    },
    async createPost(request) {
      const created = await api.createPost(
        postPayload(request.text, request.parent?.id, request.media as string[]),
      );
      // Whatever client is in use: an id that is not X's is an answer that cannot be understood.
      if (!isPostId(created.id))
        throw new PlatformError('unknown', 'X answered a create without a valid post id');
      return { id: created.id, url: postUrl(account.handle, created.id) };
    },
    async findSent(queries) {
      if (queries.length === 0) return [];
      me ??= await api.me();
      const recent = await api.recentPosts(me.id, earliestSince(queries));
      return queries.map((query) => {
        const found = matchTimeline(query, recent);
        return found ? { id: found.id, url: postUrl(account.handle, found.id) } : undefined;
      });
    },
    lastRateLimit: () => api.lastRateLimit(),
    postMetrics: (ids) => api.postMetrics(ids),
    async accountMetrics() {
      const m = await api.accountMetrics();
      return { id: m.id, handle: m.username, followers: m.followers, following: m.following, posts: m.posts };
    },
  };
}
