// Workspaces with several accounts and due posts, the matching stand-in users and credential variables.
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';
import type { XUser } from '../../src/platforms/x/stand-in.js';

export interface FixturePost {
  id: string;
  /** An explicit instant, e.g. "2026-11-22T09:00:00Z". */
  at: string;
  text: string;
  thread?: string[];
  media?: { file: string; alt: string }[];
  expires?: string;
}

export interface FixtureAccount {
  id: string;
  handle?: string;
  posts: FixturePost[];
}

/** A distinctive secret so tests can search every output for it. */
export const secretOf = (account: string, kind: string) => `s3cr3t-${kind}-${account}-Zq9`;
export const APP_KEY = 'appkey-VALUE-Xk7';
export const APP_SECRET = 'appsecret-VALUE-Wj4';

const envStem = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** Stand-in users: one per account, reached with that account's access token. */
export function usersFor(accounts: readonly FixtureAccount[]): XUser[] {
  return accounts.map((account, index) => ({
    id: String(500 + index),
    username: account.handle ?? account.id.replace(/[^A-Za-z0-9_]/g, '_'),
    accessToken: secretOf(account.id, 'token'),
  }));
}

/** Environment for the CLI: default credential variable names, and the stand-in's URL. */
export function envFor(accounts: readonly FixtureAccount[], apiUrl: string): Record<string, string> {
  const env: Record<string, string> = {
    CHORUS_X_API_URL: apiUrl,
    CHORUS_X_APP_KEY: APP_KEY,
    CHORUS_X_APP_SECRET: APP_SECRET,
  };
  for (const account of accounts) {
    env[`CHORUS_${envStem(account.id)}_ACCESS_TOKEN`] = secretOf(account.id, 'token');
    env[`CHORUS_${envStem(account.id)}_ACCESS_SECRET`] = secretOf(account.id, 'secret');
  }
  return env;
}

function postYaml(post: FixturePost): string {
  const lines = [
    `- id: ${post.id}`,
    '  category: news',
    `  text: ${JSON.stringify(post.text)}`,
    `  at: "${post.at}"`,
  ];
  if (post.expires) lines.push(`  expires: "${post.expires}"`);
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

/** Write the workspace; `config` is chorus.yaml (min-gap off by default, so several posts can be due at once). */
export async function publishWorkspace(
  accounts: readonly FixtureAccount[],
  extra: { config?: string; files?: Record<string, string | Uint8Array> } = {},
): Promise<string> {
  const users = usersFor(accounts);
  const files: Record<string, string | Uint8Array> = {
    'chorus.yaml': extra.config ?? 'limits:\n  min_gap_minutes: 0\n',
    ...extra.files,
  };
  accounts.forEach((account, index) => {
    files[`accounts/${account.id}.yaml`] = accountYaml('', { handle: users[index]!.username });
    files[`content/${account.id}/posts.yaml`] = `${account.posts.map(postYaml).join('\n')}\n`;
  });
  return makeWorkspace(files);
}

/** N accounts with `perAccount` posts each, all due at NOW. */
export function manyAccounts(count: number, perAccount: number, prefix = 'acct'): FixtureAccount[] {
  return Array.from({ length: count }, (_, a) => ({
    id: `${prefix}${String(a).padStart(2, '0')}`,
    posts: Array.from({ length: perAccount }, (_, p) => ({
      id: `post-${p}`,
      at: `2026-11-22T08:${String(10 + p).padStart(2, '0')}:00Z`,
      text: `Update ${p} from ${prefix}${a}: all systems nominal.`,
    })),
  }));
}

export const NOW = '2026-11-22T09:00:00Z';
