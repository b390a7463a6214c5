// Test helper: a tiny stand-in for the two Bluesky AppView endpoints Chorus reads (app.bsky.feed.getPosts and
// app.bsky.actor.getProfile) on 127.0.0.1. The real AppView needs PostgreSQL; these answers have the shape
// the lexicons define, with counts the test sets. Requests are recorded, so a test can see what was asked.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInPost {
  uri: string;
  cid: string;
  did: string;
  handle: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
}
export interface StandInProfile {
  did: string;
  handle: string;
  followers: number;
  follows: number;
  posts: number;
}

export interface AppViewStandIn {
  url: string;
  posts: Map<string, StandInPost>;
  profiles: Map<string, StandInProfile>;
  /** Every request: path and query, and whether it carried an Authorization header. */
  requests: { path: string; authorized: boolean }[];
  /** When set, every answer is 429 with rate-limit headers saying the window resets at this time (epoch s). */
  rateLimitedUntil: number | undefined;
  close(): Promise<void>;
}

export async function startAppView(): Promise<AppViewStandIn> {
  const posts = new Map<string, StandInPost>();
  const profiles = new Map<string, StandInProfile>();
  const requests: AppViewStandIn['requests'] = [];
  const standIn: AppViewStandIn = {
    url: '',
    posts,
    profiles,
    requests,
    rateLimitedUntil: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push({
      path: `${url.pathname}${url.search}`,
      authorized: req.headers.authorization !== undefined,
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (standIn.rateLimitedUntil !== undefined) {
      const reset = String(standIn.rateLimitedUntil);
      return send(
        429,
        { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': reset },
      );
    }
    if (url.pathname === '/xrpc/app.bsky.feed.getPosts') {
      const views = url.searchParams.getAll('uris').flatMap((uri) => {
        const post = posts.get(uri);
        if (!post) return [];
        return [
          {
            uri: post.uri,
            cid: post.cid,
            author: { did: post.did, handle: post.handle },
            record: { $type: 'app.bsky.feed.post', text: '', createdAt: '2026-01-01T00:00:00.000Z' },
            likeCount: post.likes,
            repostCount: post.reposts,
            replyCount: post.replies,
            quoteCount: post.quotes,
            indexedAt: '2026-01-01T00:00:00.000Z',
          },
        ];
      });
      return send(200, { posts: views });
    }
    if (url.pathname === '/xrpc/app.bsky.actor.getProfile') {
      const actor = url.searchParams.get('actor') ?? '';
      const profile = profiles.get(actor) ?? [...profiles.values()].find((p) => p.handle === actor);
      if (!profile) return send(400, { error: 'InvalidRequest', message: 'Profile not found' });
      return send(200, {
        did: profile.did,
        handle: profile.handle,
        followersCount: profile.followers,
        followsCount: profile.follows,
        postsCount: profile.posts,
      });
    }
    send(501, { error: 'MethodNotImplemented', message: `the stand-in does not serve ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  standIn.url = `http://127.0.0.1:${port}`;
  return standIn;
}
