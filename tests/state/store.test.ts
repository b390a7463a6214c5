// The StateStore contract, run against both backends: files under state/ and PostgreSQL (the test cluster).
// Reading, durable appends, exclusive locks with a bounded wait, export and idempotent import.
import { afterEach, describe, expect, it } from 'vitest';
import { fileStateStore } from '../../src/state/file-store.js';
import type { LedgerRecord } from '../../src/state/ledger.js';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/store.js';
import { DEFAULT_POSTGRES_BIN } from '../../src/state/postgres/test-cluster.js';
import { postgresUrl } from '../helpers/postgres.js';
import { migratedDatabase } from '../helpers/state-backends.js';
import { makeWorkspace } from '../helpers/workspace.js';

const record = (type: 'intent' | 'published', post: string, at: string): LedgerRecord =>
  type === 'intent'
    ? { v: 1, type, account: 'news', post, part: 0, text_sha256: 'b'.repeat(64), at, run: 'r' }
    : {
        v: 1,
        type,
        account: 'news',
        post,
        part: 0,
        platform_id: '9',
        url: 'https://x.com/news/status/9',
        at,
        run: 'r',
      };

const stores: StateStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** Two stores on the same state, as two runners would open it. */
const backends: [string, () => Promise<[StateStore, StateStore]>][] = [
  [
    'files',
    async () => {
      const root = await makeWorkspace({ 'chorus.yaml': '' });
      return [fileStateStore(root), fileStateStore(root)];
    },
  ],
  [
    'postgres',
    async () => {
      const url = await migratedDatabase();
      const open = () => openPostgresStore({ url, source: 'CHORUS_STATE_URL', lockPollMs: 20 });
      return [await open(), await open()];
    },
  ],
];

for (const [name, make] of backends) {
  const absent = name === 'postgres' && !postgresUrl();
  (absent ? describe.skip : describe)(
    `StateStore (${name})${absent ? ` (skipped: PostgreSQL 15 is not installed in ${DEFAULT_POSTGRES_BIN})` : ''}`,
    () => {
      const pair = async () => {
        const both = await make();
        stores.push(...both);
        return both;
      };

      it('reads nothing for a new account, then the records appended under the lock, in order', async () => {
        const [store, other] = await pair();
        expect((await store.readAccount('news')).records).toEqual([]);
        const lock = await store.lockAccount('news', 0);
        expect(lock).toBeDefined();
        await store.readAccount('news');
        const writer = await store.openWriter('news');
        const written = [
          record('intent', 'a', '2026-11-22T08:00:00.000Z'),
          record('published', 'a', '2026-11-22T08:00:01.000Z'),
        ];
        for (const r of written) await writer.append(r);
        await writer.close();
        await lock!.release();
        // Another runner sees them.
        const read = await other.readLedgers(['news', 'blog']);
        expect(read.accounts.get('news')!.records).toEqual(written);
        expect(read.accounts.get('blog')!.records).toEqual([]);
        expect(read.published.get('news')!.get('a')).toMatchObject({ platformIds: ['9'] });
      });

      it('locks an account for one runner at a time; the other waits up to its bound, then gets it once released', async () => {
        const [a, b] = await pair();
        const held = await a.lockAccount('news', 0);
        expect(held).toBeDefined();
        expect(held!.compromised()).toBeUndefined();
        const started = Date.now();
        expect(await b.lockAccount('news', 300)).toBeUndefined();
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        const other = await b.lockAccount('blog', 0);
        expect(other).toBeDefined();
        const waiting = b.lockAccount('news', 5_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await held!.release();
        const taken = await waiting;
        expect(taken).toBeDefined();
        await taken!.release();
        await other!.release();
      });

      it('exports every account with records; importing adds only what is missing, again nothing', async () => {
        const [store, other] = await pair();
        const history = [
          record('intent', 'a', '2026-11-22T08:00:00.000Z'),
          record('published', 'a', '2026-11-22T08:00:01.000Z'),
        ];
        expect(await store.importRecords('news', history.slice(0, 1))).toBe(1);
        expect(await store.importRecords('news', history)).toBe(1);
        expect(await other.importRecords('news', history)).toBe(0);
        expect([...(await other.exportRecords()).entries()]).toEqual([['news', history]]);
      });
    },
  );
}
