// State files under attack (issue 19 re-check): a committed link in state/ (dangling, into a missing
// folder, or state/ itself linked out) never makes publish or metrics write outside the workspace, and is
// a located error for that account only; a ledger whose last record lost its newline keeps that record.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLedger } from '../../src/state/ledger.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { envFor, type FixtureAccount, NOW, publishWorkspace, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts: FixtureAccount[] = [
  { id: 'acme', posts: [{ id: 'p1', at: '2026-11-22T08:30:00Z', text: 'Hello from acme' }] },
  { id: 'other', posts: [{ id: 'q1', at: '2026-11-22T08:30:00Z', text: 'Hello from other' }] },
];

type Json = Record<
  'published' | 'deferred' | 'missed' | 'failed',
  { account: string; id: string; reason?: string }[]
>;

async function setup() {
  server = await startXServer({ users: usersFor(accounts) });
  const root = await publishWorkspace(accounts);
  const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
  const env = envFor(accounts, server.url);
  const run = async (args: string[], now = NOW) => {
    const result = await runCliAsync([...args, '--root', root, '--now', now, '--format', 'json'], { env });
    return { ...result, out: JSON.parse(result.stdout || '{}') as Json };
  };
  return { server, root, outside, run };
}

describe('a link in state/', () => {
  it(
    'dangling ledger link (to a missing file, or into a missing folder): publish writes nothing outside, fails only that account, located',
    { timeout: 20_000 },
    async () => {
      const { server, root, outside, run } = await setup();
      for (const target of [
        path.join(outside, 'created.jsonl'),
        path.join(outside, 'missing/created.jsonl'),
      ]) {
        await mkdir(path.join(root, 'state'), { recursive: true });
        await symlink(target, path.join(root, 'state/acme.jsonl'));
        const result = await run(['publish']);
        expect(result.code).toBe(1);
        expect(existsSync(target)).toBe(false);
        expect(result.out.failed).toEqual([
          {
            account: 'acme',
            id: '*',
            reason: expect.stringMatching(
              /^publishing stopped: state\/acme\.jsonl:1: This file is a symbolic link whose target does not exist; .*\(State files are written by chorus only/,
            ),
          },
        ]);
        expect(result.stderr).not.toMatch(/ENOENT|internal error/);
        expect(server.postsOf('acme')).toHaveLength(0);
        await unlink(path.join(root, 'state/acme.jsonl'));
      }
      // The other account went out on the first run.
      expect(server.postsOf('other')).toHaveLength(1);
    },
  );

  it(
    'a ledger linked within the workspace is read but never written through: nothing sent, located',
    { timeout: 20_000 },
    async () => {
      const { server, root, run } = await setup();
      await mkdir(path.join(root, 'state'), { recursive: true });
      await writeFile(path.join(root, 'archive.jsonl'), '');
      await symlink('../archive.jsonl', path.join(root, 'state/acme.jsonl'));
      const result = await run(['publish']);
      expect(result.code).toBe(1);
      expect(result.out.failed).toEqual([
        {
          account: 'acme',
          id: '*',
          reason: expect.stringMatching(
            /^publishing stopped: state\/acme\.jsonl:1: This file is a symbolic link; .*never through a link/,
          ),
        },
      ]);
      expect(server.postsOf('acme')).toHaveLength(0);
      expect(await readFile(path.join(root, 'archive.jsonl'), 'utf8')).toBe('');
    },
  );

  it('state/ linked out of the workspace: no ledger or lock is made there', { timeout: 20_000 }, async () => {
    const { server, root, outside, run } = await setup();
    await symlink(outside, path.join(root, 'state'));
    const result = await run(['publish']);
    expect(result.code).toBe(1);
    expect(result.out.failed.map((f) => [f.account, f.id])).toEqual([
      ['acme', '*'],
      ['other', '*'],
    ]);
    expect(result.out.failed[0]!.reason).toMatch(
      /^publishing stopped: state\/acme\.jsonl:1: This file leads outside the workspace/,
    );
    expect(server.postsOf('acme')).toHaveLength(0);
    expect(await readdir(outside)).toEqual([]);
  });

  it(
    'dangling metrics link: metrics writes nothing outside and fails that account, located',
    { timeout: 20_000 },
    async () => {
      const { root, outside, run } = await setup();
      expect((await run(['publish'])).code).toBe(0);
      const target = path.join(outside, 'created.metrics.jsonl');
      await symlink(target, path.join(root, 'state/acme.metrics.jsonl'));
      const result = await runCliAsync(['metrics', '--root', root, '--now', NOW, '--format', 'json'], {
        env: envFor(accounts, server!.url),
      });
      expect(result.code).toBe(1);
      expect(existsSync(target)).toBe(false);
      const out = JSON.parse(result.stdout) as {
        accounts: { account: string; status: string; reason: string | null }[];
      };
      expect(out.accounts.map((a) => [a.account, a.status])).toEqual([
        ['acme', 'failed'],
        ['other', 'ok'],
      ]);
      expect(out.accounts[0]!.reason).toMatch(
        /^state\/acme\.metrics\.jsonl: This file is a symbolic link.*; nothing of this run is kept for the account$/,
      );
      // report leaves that account's metrics out, says so, and reports every account.
      const report = await runCliAsync(['report', '--root', root, '--now', NOW]);
      expect(report.code).toBe(1);
      expect(report.stderr).toContain(
        'chorus: state/acme.metrics.jsonl:1: This file is a symbolic link whose target does not exist',
      );
      expect(report.stderr).toContain('The account acme is reported without its metrics.');
      expect(report.stdout).toContain('other');
    },
  );
});

describe('a ledger whose last record lost its final newline', () => {
  it(
    'keeps that record: the next append adds the newline, and nothing is sent twice',
    { timeout: 20_000 },
    async () => {
      const posts: FixtureAccount[] = [
        {
          id: 'acme',
          posts: [
            { id: 'p1', at: '2026-11-22T08:30:00Z', text: 'First post' },
            { id: 'p2', at: '2026-11-22T09:30:00Z', text: 'Second post' },
          ],
        },
      ];
      server = await startXServer({ users: usersFor(posts) });
      const root = await publishWorkspace(posts);
      const env = envFor(posts, server.url);
      const publish = (now: string) =>
        runCliAsync(['publish', '--root', root, '--now', now, '--format', 'json'], { env });
      const file = path.join(root, 'state/acme.jsonl');

      expect((await publish('2026-11-22T09:00:00Z')).code).toBe(0);
      // An editor or a merge tool strips the final newline.
      await writeFile(file, (await readFile(file, 'utf8')).replace(/\n$/, ''));
      const second = await publish('2026-11-22T09:40:00Z');
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout).published.map((p: { id: string }) => p.id)).toEqual(['p2']);
      const ledger = parseLedger(await readFile(file, 'utf8'));
      expect(ledger.problems).toEqual([]);
      expect(ledger.tornTail).toBe(false);
      expect(ledger.records.filter((r) => r.type === 'published').map((r) => r.post)).toEqual(['p1', 'p2']);

      const third = await publish('2026-11-22T09:50:00Z');
      expect(third.code).toBe(0);
      expect(JSON.parse(third.stdout).published).toEqual([]);
      expect(server.postsOf('acme')).toHaveLength(2);
    },
  );
});
