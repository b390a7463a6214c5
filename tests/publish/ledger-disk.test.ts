// A full disk or a short write while appending to the ledger (issue 19, finding 4), simulated by wrapping
// the ledger's file handle: no intent on disk means nothing is sent, and a post whose record could not be
// written is found on X by the next run, never lost and never sent twice.
import { type FileHandle, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { publishCommand } from '../../src/cli/publish.js';
import { parseLedger } from '../../src/state/ledger.js';
import type { OpenFile } from '../../src/state/ledger-file.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { envFor, type FixtureAccount, NOW, publishWorkspace, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts: FixtureAccount[] = [
  {
    id: 'news',
    posts: [
      { id: 'a', at: '2026-11-22T08:10:00Z', text: 'First news' },
      { id: 'b', at: '2026-11-22T08:20:00Z', text: 'Second news' },
    ],
  },
];

type Fault = 'enospc' | 'short';

/**
 * Opens the ledger normally, except that write number `failing` (1 = the first record of the run) fails:
 * with ENOSPC after writing nothing, or ('short') by taking half the bytes and then none (a full disk).
 */
function faultyOpen(failing: number, fault: Fault): OpenFile {
  let writes = 0;
  let stuck = false;
  return async (file, flags) => {
    const handle = await open(file, flags);
    return new Proxy(handle, {
      get(target, property) {
        if (property === 'write') {
          return async (buffer: Uint8Array, offset: number, length: number) => {
            writes++;
            if (stuck) return { bytesWritten: 0, buffer };
            if (writes !== failing) return target.write(buffer, offset, length);
            if (fault === 'enospc') {
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            }
            stuck = true;
            const half = Math.floor(length / 2);
            await target.write(buffer, offset, half);
            return { bytesWritten: half, buffer };
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as FileHandle;
  };
}

async function run(root: string, openLedgerFile?: OpenFile) {
  const output: string[] = [];
  const io: CliIO = {
    stdout: (text) => output.push(text),
    stderr: (text) => output.push(text),
    env: envFor(accounts, server!.url),
    cwd: root,
    now: () => new Date(),
    color: false,
  };
  const code = await publishCommand(
    { root, accounts: [], dryRun: false, now: new Date(NOW), shard: undefined, format: 'json' },
    io,
    openLedgerFile ? { openLedgerFile } : {},
  );
  const out = JSON.parse(output.join('')) as Record<string, { id: string; reason?: string }[]>;
  return { code, out };
}

const ledgerOf = (root: string) => readFile(path.join(root, 'state/news.jsonl'), 'utf8').catch(() => '');

describe('a ledger append that does not reach the disk', () => {
  it.each<[string, Fault]>([
    ['a full disk (ENOSPC)', 'enospc'],
    ['a short write', 'short'],
  ])('intent not written (%s): nothing is sent, the ledger has no torn line', async (_name, fault) => {
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    const first = await run(root, faultyOpen(1, fault));
    expect(first.code).toBe(1);
    expect(server.posts).toHaveLength(0);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(first.out.failed).toEqual([
      {
        account: 'news',
        id: 'a',
        reason: expect.stringMatching(
          /^not sent: state\/news\.jsonl could not record the attempt first \(cannot write the ledger: (ENOSPC|short write)/,
        ),
      },
    ]);
    expect(first.out.deferred!.map((d) => d.id)).toEqual(['b']);
    expect(await ledgerOf(root)).toBe('');
    // Space again: everything goes, once.
    const second = await run(root);
    expect(second.code).toBe(0);
    expect(server.posts.map((p) => p.text)).toEqual(['First news', 'Second news']);
  });

  it.each<[string, Fault]>([
    ['a full disk (ENOSPC)', 'enospc'],
    ['a short write', 'short'],
  ])(
    'published record not written (%s): reported, the intent stays, the next run finds the post on X and sends it not again',
    async (_name, fault) => {
      server = await startXServer({ users: usersFor(accounts) });
      const root = await publishWorkspace(accounts);
      const first = await run(root, faultyOpen(2, fault));
      expect(first.code).toBe(1);
      expect(server.posts).toHaveLength(1);
      const id = server.posts[0]!.id;
      expect(first.out.failed).toEqual([
        {
          account: 'news',
          id: 'a',
          reason: expect.stringContaining(
            `went out as https://x.com/news/status/${id} (id ${id}) but state/news.jsonl could not record it`,
          ),
        },
      ]);
      expect(first.out.failed![0]!.reason).toMatch(
        /the next run finds it on X and records it, it is not sent again$/,
      );
      expect(first.out.deferred!.map((d) => d.id)).toEqual(['b']);
      // The torn record is cut back: the intent is the last complete line.
      const text = await ledgerOf(root);
      expect(text.endsWith('\n')).toBe(true);
      expect(parseLedger(text).records.map((r) => r.type)).toEqual(['intent']);

      const second = await run(root);
      expect(second.code).toBe(0);
      expect(server.posts.map((p) => p.text)).toEqual(['First news', 'Second news']);
      const records = parseLedger(await ledgerOf(root)).records;
      expect(records.map((r) => r.type)).toEqual(['intent', 'reconciled', 'intent', 'published']);
      expect(records[1]).toMatchObject({ found: true, platform_id: id });
    },
  );
});
