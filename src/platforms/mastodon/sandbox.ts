// Mastodon's part of `chorus sandbox`: the local Mastodon stand-in (stand-in.ts) on 127.0.0.1 with one user
// per account, made-up counts, and the environment to use: CHORUS_MASTODON_API_URL sends every Mastodon
// account to it, with made-up tokens only it accepts.
import type { AccountRef, Sandbox } from '../types.js';
import { splitHandle } from './account.js';
import { MASTODON_API_URL_VARIABLE } from './client.js';
import { startMastodonServer } from './stand-in.js';

/**
 * Start the Mastodon stand-in for `accounts` on any free port (the `--port` of `chorus sandbox` is the X
 * stand-in's; two stand-ins cannot share one port).
 */
export async function startMastodonSandbox(accounts: readonly AccountRef[]): Promise<Sandbox> {
  const users = accounts.map((account, index) => ({
    id: String(110_000_000 + index),
    username: splitHandle(account.handle).username,
    accessToken: `sandbox-${account.id}-token`,
  }));
  let seen = 0;
  const server: Awaited<ReturnType<typeof startMastodonServer>> = await startMastodonServer({
    users,
    mediaProcessingPolls: 0,
    // Made-up counts, so `chorus metrics` and `chorus report` have something to show.
    onRequest: (request) => {
      if (request.method !== 'GET' || !request.path.startsWith('/api/v1/statuses/')) return;
      for (; seen < server.statuses.length; seen++) {
        const n = seen + 1;
        server.setStatusCounts(server.statuses[seen]!.id, {
          favourites: 2 + ((n * 7) % 30),
          reblogs: (n * 3) % 8,
          replies: n % 4,
        });
      }
    },
  });
  users.forEach((user, index) => server.setFollowers(user.username, 800 + index * 150));
  const env = new Map<string, string>([[MASTODON_API_URL_VARIABLE, server.url]]);
  for (const account of accounts) {
    const name = account.credentials.access_token;
    if (name) env.set(name, `sandbox-${account.id}-token`);
  }
  return {
    description: `a stand-in for Mastodon at ${server.url}`,
    env: [...env],
    posted: () => server.statuses.length,
    close: () => server.close(),
  };
}
