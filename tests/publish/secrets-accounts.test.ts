// Secret values never appear in output, errors, ledger or state; `chorus accounts` lists names only.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/run-cli.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { APP_KEY, APP_SECRET, envFor, NOW, publishWorkspace, secretOf, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts = [
  { id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello', thread: ['More'] }] },
  {
    id: 'deals',
    posts: [
      { id: 'b', at: '2026-11-22T08:30:00Z', text: 'Buy' },
      { id: 'c', at: '2026-11-22T08:40:00Z', text: 'Buy more' },
    ],
  },
  { id: 'swapped', posts: [{ id: 'd', at: '2026-11-22T08:30:00Z', text: 'Wrong account' }] },
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('secrets', () => {
  it('no secret value appears in any stdout, stderr, ledger or state file', async () => {
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    const env = envFor(accounts, server.url);
    env.CHORUS_SWAPPED_ACCESS_TOKEN = secretOf('deals', 'token');
    const secrets = [
      APP_KEY,
      APP_SECRET,
      ...accounts.flatMap((a) => [secretOf(a.id, 'token'), secretOf(a.id, 'secret')]),
    ];
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const result = await runCliAsync([...args, '--root', root], { env });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    // Faults of every kind, wrong handle, auth failure (below), a dry run, --debug, accounts --check.
    server.queueFaults(
      { kind: 'error-5xx' },
      { kind: 'cut-after-accept' },
      { kind: 'rate-limit', resetInSeconds: 3600 },
    );
    await run('publish', '--now', NOW, '--debug');
    await run('publish', '--now', NOW, '--format', 'json');
    await run('publish', '--now', NOW, '--dry-run');
    await run('accounts', '--check');
    await run('accounts', '--format', 'json');
    env.CHORUS_X_APP_SECRET = `${APP_SECRET}-wrong`;
    env.CHORUS_NEWS_ACCESS_TOKEN = 'unknown-token-Qv8';
    secrets.push('unknown-token-Qv8', `${APP_SECRET}-wrong`);
    await run('publish', '--now', NOW, '--debug');
    expect(server.posts.length).toBeGreaterThan(0);
    expect(outputs.join('')).toContain('refusing to post');

    const files = await filesUnder(path.join(root, 'state'));
    expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
    const stored = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    for (const secret of secrets) {
      for (const text of [...outputs, ...stored]) expect(text).not.toContain(secret);
    }
    // The secrets did reach X, in the Authorization header only.
    expect(
      server.requests.some((r) => r.authorization?.includes(encodeURIComponent(secretOf('news', 'token')))),
    ).toBe(true);
  });
});

describe('chorus accounts', () => {
  it('lists accounts with credential variable names set or missing, never values', async () => {
    const root = await publishWorkspace(accounts);
    const env = envFor(accounts, 'http://127.0.0.1:9');
    delete (env as Record<string, string>).CHORUS_DEALS_ACCESS_SECRET;
    const table = await runCliAsync(['accounts', '--root', root], { env });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ACCOUNT\s+PLATFORM\s+HANDLE\s+OWNER\s+CATEGORIES\s+CREDENTIALS$/,
    );
    expect(table.stdout).toMatch(
      /^deals\s+x\s+@deals\s+ana\s+news,deals,blog,community\s+missing CHORUS_DEALS_ACCESS_SECRET$/m,
    );
    expect(table.stdout).toMatch(/^news\s+x\s+@news\s+ana\s+\S+\s+all set$/m);
    const json = await runCliAsync(['accounts', '--root', root, '--format', 'json', '--account', 'deals'], {
      env,
    });
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: 'deals',
        platform: 'x',
        handle: '@deals',
        owner: 'ana',
        categories: ['news', 'deals', 'blog', 'community'],
        credentials: {
          set: ['CHORUS_X_APP_KEY', 'CHORUS_X_APP_SECRET', 'CHORUS_DEALS_ACCESS_TOKEN'],
          missing: ['CHORUS_DEALS_ACCESS_SECRET'],
        },
      },
    ]);
  });

  it('--check asks X whom each set of credentials belongs to', async () => {
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    const env = envFor(accounts, server.url);
    env.CHORUS_SWAPPED_ACCESS_TOKEN = secretOf('deals', 'token');
    const result = await runCliAsync(['accounts', '--root', root, '--check', '--format', 'json'], { env });
    expect(result.code).toBe(1);
    const rows = JSON.parse(result.stdout) as { id: string; check: { ok: boolean; detail: string } }[];
    expect(Object.fromEntries(rows.map((r) => [r.id, r.check]))).toEqual({
      deals: { ok: true, detail: 'ok' },
      news: { ok: true, detail: 'ok' },
      swapped: { ok: false, detail: 'belongs to @deals, not @swapped' },
    });
    expect(server.requests.every((r) => r.method === 'GET' && r.path === '/2/users/me')).toBe(true);
  });
});
