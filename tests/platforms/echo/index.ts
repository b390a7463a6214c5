// "Echo": a test-double network, not shipped. It shows that adding a network is a folder: this one and a
// registry that lists it are all lint, plan and publish need. Its server is an in-memory store.
import type { Platform, PlatformClient, PostRef } from '../../../src/platforms/types.js';
import { PlatformError } from '../../../src/platforms/types.js';

const HANDLE = /^[a-z][a-z0-9]{0,19}$/;
const URL = /\bhttps?:\/\/\S+/g;

/** What the echo "server" holds: every created post, by id, and each post's idempotency key. */
export interface EchoServer {
  posts: Map<string, { text: string; lang: string; parent: string | undefined; key: string; handle: string }>;
  /** The token each handle accepts. */
  tokens: Map<string, string>;
  /** Make the next create fail after storing the post (an unknown outcome). */
  loseNextAnswer: boolean;
}

export function echoServer(): EchoServer {
  return { posts: new Map(), tokens: new Map(), loseNextAnswer: false };
}

const keyOf = (key: { account: string; post: string; part: number }) =>
  `${key.account}/${key.post}/${key.part}`;

/** The echo network over `server`: 100 code points, links count as written, threads allowed, no media. */
export function echoPlatform(server: EchoServer): Platform {
  return {
    id: 'echo',
    name: 'Echo',
    text: {
      lengthUnit: 'code points',
      lengthRule: 'code points, at most 100',
      maxLength: () => 100,
      length: (text) => [...text].length,
      links: (text) => text.match(URL) ?? [],
      hashtags: (text) => [...text.matchAll(/(?:^|\s)#(\w+)/g)].map((m) => m[1]!),
      mentions: (text) => [...text.matchAll(/(?:^|\s)@(\w+)/g)].map((m) => m[1]!),
      withoutEntities: (text) => text.replace(URL, ' ').replace(/(?:^|\s)[#@]\w+/g, ' '),
      threads: true,
      media: { maxImages: 0, maxBytes: 0, types: [], altRequired: true },
      draftEndpoint: 'ECHO create',
      draftRequest: (part, context) => ({
        text: part.text,
        lang: part.lang,
        parent: context.parent?.id ?? null,
      }),
    },
    account: {
      isHandle: (handle) => HANDLE.test(handle),
      handlePattern: HANDLE.source,
      handleRule: 'an echo handle is 1-20 lower-case letters and digits',
      handleExample: 'acme',
      displayHandle: (handle) => `~${handle}`,
      sameHandle: (a, b) => a === b,
      credentials: [
        {
          key: 'token',
          suffix: '_TOKEN',
          defaultName: (id) => `CHORUS_ECHO_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TOKEN`,
          description: 'the echo token',
          example: 'CHORUS_ECHO_<ACCOUNT>_TOKEN',
          identity: true,
        },
      ],
      fields: {},
      postUrl: (account, ref) => `echo://${account.handle}/${ref.id}`,
    },
    async client(options): Promise<PlatformClient> {
      const handle = [...server.tokens].find(([, token]) => token === options.credentials.token)?.[0];
      const url = (id: string) => `echo://${options.account.handle}/${id}`;
      return {
        metricsBatch: 10,
        async whoAmI() {
          if (!handle) throw new PlatformError('auth', 'Echo refused the token');
          return { id: handle, handle };
        },
        async uploadMedia() {
          throw new PlatformError('rejected', 'Echo takes no media');
        },
        async createPost(request): Promise<PostRef> {
          const key = keyOf(request.key);
          // Idempotent by key, as Bluesky's record keys and Mastodon's Idempotency-Key are.
          const existing = [...server.posts].find(([, post]) => post.key === key);
          if (existing) throw new PlatformError('duplicate', 'Echo has this part already');
          const id = String(server.posts.size + 1);
          server.posts.set(id, {
            text: request.text,
            lang: request.lang,
            parent: request.parent?.id,
            key,
            handle: handle!,
          });
          if (server.loseNextAnswer) {
            server.loseNextAnswer = false;
            throw new PlatformError('unknown', 'the connection to Echo broke');
          }
          return { id, url: url(id) };
        },
        async findSent(queries) {
          return queries.map((query) => {
            const found = [...server.posts].find(([, post]) => post.key === keyOf(query.key));
            return found ? { id: found[0], url: url(found[0]) } : undefined;
          });
        },
        lastRateLimit: () => undefined,
        async postMetrics(ids) {
          return {
            posts: ids
              .filter((id) => server.posts.has(id))
              .map((id) => ({ id, likes: 1, reposts: 0, replies: 0, quotes: 0, impressions: undefined })),
            missing: ids.filter((id) => !server.posts.has(id)),
          };
        },
        async accountMetrics() {
          if (!handle) throw new PlatformError('auth', 'Echo refused the token');
          return { id: handle, handle, followers: 10, following: 1, posts: server.posts.size };
        },
      };
    },
  };
}
