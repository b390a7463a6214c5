// Workspaces, stand-ins and environments for publishing to Mastodon and Weibo through the built CLI: each
// account of the fixture lives on the chosen network, its stand-in knows one user per account.
import { makeWorkspace } from '../helpers/workspace.js';
import { startMastodonServer, type MastodonServer } from '../../src/platforms/mastodon/stand-in.js';
import { startWeiboServer, type WeiboServer } from '../../src/platforms/weibo/stand-in.js';
import { secretOf, type FixtureAccount } from './fixture.js';

export type Network = 'mastodon' | 'weibo';

/** The secure domain of the Weibo fixture app: every Weibo post links to it. */
export const SAFE_DOMAIN = 'shop.example.cn';

const envStem = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
const usernameOf = (account: FixtureAccount) => account.handle ?? account.id.replace(/[^A-Za-z0-9_]/g, '_');

/** A stand-in, whichever network, as the tests use it. */
export interface NetworkStandIn {
  url: string;
  /** Texts stored for one account, in creation order, with the id they were stored under and their parent. */
  postsOf(account: FixtureAccount): { id: string; text: string; inReplyTo: string | null }[];
  /** POSTs that create posts, as they arrived. */
  onCreate(listener: () => void): void;
  authorizations(): (string | undefined)[];
  mastodon?: MastodonServer;
  weibo?: WeiboServer;
  close(): Promise<void>;
}

/** Start the network's stand-in with one user per account (token: secretOf(id, 'token')). */
export async function startStandIn(
  network: Network,
  accounts: readonly FixtureAccount[],
  options: {
    latencyMs?: number;
    faults?: { cutAfterAccept: number; error5xx: number; seed: number };
    /** The stand-in's clock for the times it stamps on posts (default: the real one). */
    clock?: () => Date;
  } = {},
): Promise<NetworkStandIn> {
  let listener: (() => void) | undefined;
  if (network === 'mastodon') {
    const server = await startMastodonServer({
      users: accounts.map((account, index) => ({
        id: String(900 + index),
        username: usernameOf(account),
        accessToken: secretOf(account.id, 'token'),
      })),
      mediaProcessingPolls: 0,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
      ...(options.faults ? { randomFaults: options.faults } : {}),
      onRequest: (request) => {
        if (request.method === 'POST' && request.path === '/api/v1/statuses') listener?.();
      },
    });
    return {
      url: server.url,
      mastodon: server,
      postsOf: (account) =>
        server
          .statusesOf(usernameOf(account))
          .map((s) => ({ id: s.id, text: s.text, inReplyTo: s.inReplyToId })),
      onCreate: (next) => void (listener = next),
      authorizations: () => server.requests.map((r) => r.authorization),
      close: () => server.close(),
    };
  }
  const server = await startWeiboServer({
    users: accounts.map((account, index) => ({
      uid: String(7_000_000 + index),
      screenName: usernameOf(account),
      accessToken: secretOf(account.id, 'token'),
    })),
    safeDomain: SAFE_DOMAIN,
    postsPerHour: 1000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.faults ? { randomFaults: options.faults } : {}),
    onRequest: (request) => {
      if (request.method === 'POST' && request.path === '/2/statuses/share.json') listener?.();
    },
  });
  return {
    url: server.url,
    weibo: server,
    postsOf: (account) =>
      server.postsOf(usernameOf(account)).map((p) => ({ id: p.id, text: p.text, inReplyTo: null })),
    onCreate: (next) => void (listener = next),
    authorizations: () => server.requests.map((r) => r.authorization),
    close: () => server.close(),
  };
}

/** The account file of one fixture account on `network`, reaching the stand-in at `url`. */
export function networkAccountYaml(
  network: Network,
  account: FixtureAccount,
  url: string,
  extra = '',
): string {
  const common = ['timezone: Europe/Berlin', 'language: en', 'owner: ana', 'team: [ben, chloe]'];
  const own =
    network === 'mastodon'
      ? ['platform: mastodon', `handle: ${usernameOf(account)}`, `server: ${url}`]
      : ['platform: weibo', `handle: ${usernameOf(account)}`, `safe_domain: ${SAFE_DOMAIN}`];
  return [...own, ...common, extra].filter(Boolean).join('\n');
}

function postYaml(post: FixtureAccount['posts'][number]): string {
  const lines = [
    `- id: ${post.id}`,
    '  category: news',
    `  text: ${JSON.stringify(post.text)}`,
    `  at: "${post.at}"`,
  ];
  if (post.thread) {
    lines.push('  thread:');
    for (const part of post.thread) lines.push(`    - ${JSON.stringify(part)}`);
  }
  if (post.media) {
    lines.push('  media:');
    for (const m of post.media) lines.push(`    - file: ${m.file}`, `      alt: ${JSON.stringify(m.alt)}`);
  }
  return lines.join('\n');
}

/** Write a workspace whose accounts all live on `network` (min-gap off, so several posts are due at once). */
export async function networkWorkspace(
  network: Network,
  accounts: readonly FixtureAccount[],
  url: string,
  extra: { files?: Record<string, string | Uint8Array>; accountExtra?: string } = {},
): Promise<string> {
  const files: Record<string, string | Uint8Array> = {
    'chorus.yaml': 'limits:\n  min_gap_minutes: 0\n  max_posts_per_day: 20\n',
    ...extra.files,
  };
  for (const account of accounts) {
    files[`accounts/${account.id}.yaml`] = networkAccountYaml(network, account, url, extra.accountExtra);
    files[`content/${account.id}/posts.yaml`] = `${account.posts.map(postYaml).join('\n')}\n`;
  }
  return makeWorkspace(files);
}

/** The CLI's environment: each account's token under its default name, and where the stand-in is. */
export function networkEnv(
  network: Network,
  accounts: readonly FixtureAccount[],
  url: string,
): Record<string, string> {
  const env: Record<string, string> =
    network === 'mastodon' ? { CHORUS_ALLOWED_SERVERS: url } : { CHORUS_WEIBO_API_URL: url };
  for (const account of accounts)
    env[`CHORUS_${envStem(account.id)}_ACCESS_TOKEN`] = secretOf(account.id, 'token');
  return env;
}

/** `count` accounts with `perAccount` due posts each, every text linking to the Weibo secure domain. */
export function networkAccounts(count: number, perAccount: number, prefix: string): FixtureAccount[] {
  return Array.from({ length: count }, (_, a) => ({
    id: `${prefix}${String(a).padStart(2, '0')}`,
    posts: Array.from({ length: perAccount }, (_, p) => ({
      id: `post-${p}`,
      at: `2026-11-22T08:${String(10 + p).padStart(2, '0')}:00Z`,
      text: `Update ${p} from ${prefix}${a}: https://${SAFE_DOMAIN}/n/${a}-${p}`,
    })),
  }));
}
