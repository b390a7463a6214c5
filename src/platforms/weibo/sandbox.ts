// Weibo's part of `chorus sandbox`: the local Weibo stand-in (stand-in.ts) on 127.0.0.1 with one user per
// account, made-up counts, and the environment to use (CHORUS_WEIBO_API_URL and made-up tokens).
import type { AccountRef, Sandbox } from '../types.js';
import { API_URL_VARIABLE } from './client.js';
import { startWeiboServer } from './stand-in.js';
import { weiboSettings } from './text.js';

/**
 * Start the Weibo stand-in for `accounts` on any free port (the `--port` of `chorus sandbox` is the X
 * stand-in's). The stand-in's app has one secure domain: the first account's.
 */
export async function startWeiboSandbox(accounts: readonly AccountRef[]): Promise<Sandbox> {
  const users = accounts.map((account, index) => ({
    uid: String(6_000_000_000 + index),
    screenName: account.handle.replace(/^@/u, ''),
    accessToken: `sandbox-${account.id}-token`,
  }));
  const server = await startWeiboServer({
    users,
    safeDomain: accounts.map((account) => weiboSettings(account).safe_domain).find(Boolean) ?? 'example.cn',
  });
  users.forEach((user, index) => server.setFollowers(user.screenName, 2000 + index * 300));
  const env = new Map<string, string>([[API_URL_VARIABLE, server.url]]);
  for (const account of accounts) {
    const name = account.credentials.access_token;
    if (name) env.set(name, `sandbox-${account.id}-token`);
  }
  return {
    description: `a stand-in for the Weibo API at ${server.url}`,
    env: [...env],
    posted: () => server.posts.length,
    close: () => server.close(),
  };
}
