// X's part of `chorus sandbox`: the local X API stand-in (stand-in.ts) on 127.0.0.1 with one user per
// account, made-up metrics, and the environment (made-up credentials only the stand-in accepts) to use.
import type { AccountRef, Sandbox } from '../types.js';
import { X_API_URL_VARIABLE } from './client.js';
import { startXServer } from './stand-in.js';

/** Start the X stand-in for `accounts`; a port in use rejects with the listen error (EADDRINUSE). */
export async function startXSandbox(
  accounts: readonly AccountRef[],
  options: { port?: number },
): Promise<Sandbox> {
  const users = accounts.map((account, index) => ({
    id: String(4_200_000_000 + index),
    username: account.handle.replace(/^@/, ''),
    accessToken: `sandbox-${account.id}-token`,
  }));
  // Made-up metrics, so `chorus metrics` and `chorus report` have something to show: every stored post
  // gets likes and impressions when metrics are looked up.
  let seen = 0;
  const server: Awaited<ReturnType<typeof startXServer>> = await startXServer({
    users,
    onRequest: (request) => {
      if (request.method !== 'GET' || !request.path.startsWith('/2/tweets')) return;
      for (; seen < server.posts.length; seen++) {
        const n = seen + 1;
        server.setPostMetrics(server.posts[seen]!.id, {
          likes: 3 + ((n * 7) % 40),
          reposts: (n * 3) % 9,
          replies: n % 5,
          quotes: n % 2,
          impressions: 400 + ((n * 173) % 2500),
        });
      }
    },
    ...(options.port ? { port: options.port } : {}),
  });
  accounts.forEach((_, index) => server.setFollowers(users[index]!.username, 1000 + index * 250));
  const env = new Map<string, string>([[X_API_URL_VARIABLE, server.url]]);
  for (const account of accounts) {
    const c = account.credentials;
    // The app's key and secret are shared by the accounts that name the same variables.
    if (c.app_key) env.set(c.app_key, 'sandbox-app-key');
    if (c.app_secret) env.set(c.app_secret, 'sandbox-app-secret');
    if (c.access_token) env.set(c.access_token, `sandbox-${account.id}-token`);
    if (c.access_secret) env.set(c.access_secret, `sandbox-${account.id}-secret`);
  }
  return {
    description: `a stand-in for the X API at ${server.url}`,
    env: [...env],
    posted: () => server.posts.length,
    close: () => server.close(),
  };
}
