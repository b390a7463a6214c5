// The account lock (issue 19, findings 7 and 8): kept fresh while held, so a long run keeps it and a second
// run defers cleanly; removed after the run; taken over when its owner is gone (pid reused, our own pid as
// in containers) or when it is stale (another host); a lock lost while publishing stops the account.
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { publishCommand } from '../../src/cli/publish.js';
import { lockAccount, type LockTiming } from '../../src/state/lock.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { envFor, manyAccounts, NOW, publishWorkspace, usersFor } from '../publish/fixture.js';

/** The smallest ageing proper-lockfile allows, so a test can outlast the stale time in 2-3 s. */
const FAST: LockTiming = { staleMs: 2000, updateMs: 1000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Leave a lock folder as another run would have, with its owner record and folder age. */
async function leaveLock(root: string, owner: object, ageMs = 0) {
  const dir = path.join(root, 'state/news.lock');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'owner.json'), JSON.stringify(owner));
  const when = new Date(Date.now() - ageMs);
  await utimes(dir, when, when);
  return dir;
}

const startedOf = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
};

describe('a held lock', () => {
  it(
    'is refreshed past the stale time, so it is neither stolen nor reported lost; a second run defers cleanly; release removes it',
    { timeout: 20_000 },
    async () => {
      const accounts = manyAccounts(1, 1, 'news').map((a) => ({ ...a, id: 'news' }));
      server = await startXServer({ users: usersFor(accounts) });
      const root = await publishWorkspace(accounts, {
        config: 'limits:\n  min_gap_minutes: 0\npublish:\n  lock_wait_seconds: 0\n',
      });
      const held = await lockAccount(root, 'news', 0, FAST);
      expect(held).toBeDefined();
      const dir = path.join(root, 'state/news.lock');
      expect(JSON.parse(readFileSync(path.join(dir, 'owner.json'), 'utf8'))).toMatchObject({
        pid: process.pid,
        host: hostname(),
      });
      await sleep(FAST.staleMs + 600);
      // Refreshed: its mtime is recent, and nobody may take it.
      expect(Date.now() - (await stat(dir)).mtimeMs).toBeLessThan(FAST.staleMs);
      expect(held!.compromised()).toBeUndefined();
      expect(await lockAccount(root, 'news', 0, FAST)).toBeUndefined();
      // A second run (default ageing) defers, with the documented reason and no raw error.
      const run = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
        env: envFor(accounts, server.url),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).deferred).toEqual([
        {
          account: 'news',
          id: 'post-0',
          reason: 'locked by another chorus publish run; it or the next run sends this',
        },
      ]);
      expect(server.posts).toHaveLength(0);
      expect(held!.compromised()).toBeUndefined();
      await held!.release();
      expect(existsSync(dir)).toBe(false);
      expect((await readdir(path.join(root, 'state'))).filter((f) => f.includes('.lock'))).toEqual([]);
    },
  );

  it(
    'lost while publishing (removed by someone else): nothing more is sent for the account, and it is reported',
    { timeout: 20_000 },
    async () => {
      const accounts = manyAccounts(1, 3, 'news').map((a) => ({ ...a, id: 'news' }));
      let removed = false;
      const root = await publishWorkspace(accounts);
      server = await startXServer({
        users: usersFor(accounts),
        // The first post takes longer than a lock refresh; meanwhile the lock folder disappears.
        latencyMs: 1500,
        onRequest: (request) => {
          if (request.method === 'POST' && !removed) {
            removed = true;
            void rm(path.join(root, 'state/news.lock'), { recursive: true, force: true });
          }
        },
      });
      const output: string[] = [];
      const io: CliIO = {
        stdout: (text) => output.push(text),
        stderr: (text) => output.push(text),
        env: envFor(accounts, server.url),
        cwd: root,
        now: () => new Date(),
        color: false,
      };
      const code = await publishCommand(
        { root, accounts: [], dryRun: false, now: new Date(NOW), shard: undefined, format: 'json' },
        io,
        { lockTiming: FAST },
      );
      expect(code).toBe(1);
      expect(server.posts).toHaveLength(1);
      const out = JSON.parse(output.join('')) as Record<string, { id: string; reason: string }[]>;
      expect(out.published!.map((p) => p.id)).toEqual(['post-0']);
      expect(out.deferred!.map((p) => p.id)).toEqual(['post-1', 'post-2']);
      expect(out.deferred![0]!.reason).toMatch(
        /^the lock state\/news\.lock was lost while publishing \(.+\); nothing more is sent for this account in this run$/,
      );
      expect(out.failed).toEqual([
        { account: 'news', id: '*', reason: expect.stringMatching(/^the lock state\/news\.lock was lost/) },
      ]);
    },
  );
});

describe('a lock left behind', () => {
  it.each([
    ['from another host, stale', { pid: 1, host: 'elsewhere.example', token: 't' }, 60_000],
    [
      'written by an older Chorus (owner.json inside, no token), stale',
      { pid: 1, host: 'elsewhere' },
      60_000,
    ],
    ['whose pid is alive but started later (pid reused)', { pid: 1, host: hostname(), started: '1' }, 0],
    [
      'with our own pid but not ours (pid 1 in a container, run after run)',
      { pid: process.pid, host: hostname(), token: 'an-earlier-run' },
      0,
    ],
  ])('%s: is taken over at once, without ENOTEMPTY', async (_name, owner, ageMs) => {
    const root = await makeWorkspace({});
    await leaveLock(root, owner, ageMs);
    const started = Date.now();
    const lock = await lockAccount(root, 'news', 0);
    expect(lock).toBeDefined();
    expect(Date.now() - started).toBeLessThan(2000);
    const mine = JSON.parse(readFileSync(path.join(root, 'state/news.lock/owner.json'), 'utf8'));
    expect(mine).toMatchObject({ pid: process.pid, host: hostname() });
    await lock!.release();
    expect(existsSync(path.join(root, 'state/news.lock'))).toBe(false);
  });

  it('is not taken while fresh when its owner is alive on this host (the parent process) or on another host', async () => {
    const root = await makeWorkspace({});
    for (const owner of [
      { pid: process.ppid, host: hostname(), token: 'x', started: startedOf(process.ppid) },
      { pid: 1, host: 'elsewhere.example', token: 'y' },
    ]) {
      await leaveLock(root, owner);
      expect(await lockAccount(root, 'news', 200)).toBeUndefined();
      expect(existsSync(path.join(root, 'state/news.lock/owner.json'))).toBe(true);
      await rm(path.join(root, 'state/news.lock'), { recursive: true });
    }
  });

  it('a run (the CLI) takes over a stale lock from another host and publishes', async () => {
    const accounts = manyAccounts(1, 1, 'news').map((a) => ({ ...a, id: 'news' }));
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    await leaveLock(root, { pid: 1, host: 'elsewhere.example', token: 't' }, 30_000);
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
      env: envFor(accounts, server.url),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).published).toHaveLength(1);
    expect(existsSync(path.join(root, 'state/news.lock'))).toBe(false);
  });
});

describe('a lock dated in the future (issue 19 re-check)', () => {
  it(
    'is stale beyond 5 min of clock skew: a run takes it over and publishes',
    { timeout: 20_000 },
    async () => {
      const accounts = manyAccounts(1, 1, 'news').map((a) => ({ ...a, id: 'news' }));
      server = await startXServer({ users: usersFor(accounts) });
      const root = await publishWorkspace(accounts, {
        config: 'limits:\n  min_gap_minutes: 0\npublish:\n  lock_wait_seconds: 0\n',
      });
      // Another host's lock, as `touch -d '+1 day'` (or an archive restored from a clock ahead) leaves it.
      await leaveLock(root, { pid: 1, host: 'elsewhere.example', token: 'f' }, -24 * 3600_000);
      const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
        env: envFor(accounts, server.url),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).published).toHaveLength(1);
      expect(existsSync(path.join(root, 'state/news.lock'))).toBe(false);
    },
  );

  it('a lock that is a link (to a fresh folder outside) is removed, not what it points to', async () => {
    const root = await makeWorkspace({});
    const outside = await makeWorkspace({ 'keep.txt': 'x' });
    await mkdir(path.join(root, 'state'), { recursive: true });
    await symlink(outside, path.join(root, 'state/news.lock'));
    const lock = await lockAccount(root, 'news', 0);
    expect(lock).toBeDefined();
    expect((await lstat(path.join(root, 'state/news.lock'))).isDirectory()).toBe(true);
    expect(await readdir(outside)).toEqual(['keep.txt']);
    await lock!.release();
  });

  it('within the skew it is fresh; a run that cannot get a lock reports the missed posts too, never drops them', async () => {
    const accounts = [
      {
        id: 'news',
        posts: [
          { id: 'late', at: '2026-11-22T07:00:00Z', text: 'Missed by two hours' },
          { id: 'due', at: '2026-11-22T08:50:00Z', text: 'Due now' },
        ],
      },
    ];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts, {
      config: 'limits:\n  min_gap_minutes: 0\npublish:\n  lock_wait_seconds: 0\n',
    });
    await leaveLock(root, { pid: 1, host: 'elsewhere.example', token: 'g' }, -60_000);
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
      env: envFor(accounts, server.url),
    });
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      deferred: { id: string; reason: string }[];
      missed: unknown[];
    };
    expect(out.deferred.map((d) => d.id).sort()).toEqual(['due', 'late']);
    expect(out.deferred.find((d) => d.id === 'late')!.reason).toMatch(
      /^missed \(.+\); locked by another chorus publish run, which records it, or the next run does$/,
    );
    expect(server.postsOf('news')).toHaveLength(0);
    expect(existsSync(path.join(root, 'state/news.lock/owner.json'))).toBe(true);
  });
});
