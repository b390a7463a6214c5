// Ledgers per channel, on both backends: each channel of an account writes and reads its own ledger
// (`<account>@<network>`), and the first channel also reads the ledger the account kept before it had channels.
import { afterEach, describe, expect, it } from 'vitest';
import { readChannelLedgers } from '../../src/cli/state-store.js';
import { fileStateStore } from '../../src/state/file-store.js';
import type { LedgerRecord } from '../../src/state/ledger.js';
import { formatLedgerRecord } from '../../src/state/ledger.js';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import type { StateStore } from '../../src/state/store.js';
import { DEFAULT_POSTGRES_BIN } from '../../src/state/postgres/test-cluster.js';
import { postgresUrl } from '../helpers/postgres.js';
import { migratedDatabase } from '../helpers/state-backends.js';
import { makeWorkspace } from '../helpers/workspace.js';

const published = (post: string, at: string, channel?: string): LedgerRecord => ({
  v: 1,
  type: 'published',
  account: 'news',
  ...(channel ? { channel } : {}),
  post,
  part: 0,
  platform_id: '9',
  url: 'https://x.com/news/status/9',
  at,
  run: 'r',
});

const channels = [
  { id: 'news@x', accountId: 'news', inheritsLedger: true },
  { id: 'news@bluesky', accountId: 'news', inheritsLedger: false },
];

const stores: StateStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const backends: [string, () => Promise<StateStore>][] = [
  ['files', async () => fileStateStore(await makeWorkspace({ 'chorus.yaml': '' }))],
  [
    'postgres',
    async () =>
      openPostgresStore({ url: await migratedDatabase(), source: 'CHORUS_STATE_URL', lockPollMs: 20 }),
  ],
];

/** Append records to a ledger under its lock, as publish does. */
async function append(store: StateStore, key: string, records: LedgerRecord[]): Promise<void> {
  const lock = await store.lockAccount(key, 1000);
  expect(lock, `lock ${key}`).toBeDefined();
  await store.readAccount(key);
  const writer = await store.openWriter(key);
  for (const record of records) await writer.append(record);
  await writer.close();
  await lock!.release();
}

for (const [name, make] of backends) {
  const absent = name === 'postgres' && !postgresUrl();
  (absent ? describe.skip : describe)(
    `ledgers per channel (${name})${absent ? ` (skipped: PostgreSQL 15 is not installed in ${DEFAULT_POSTGRES_BIN})` : ''}`,
    () => {
      it('each channel reads its own records; the first also the account’s older ones, first', async () => {
        const store = await make();
        stores.push(store);
        const before = published('old', '2026-11-20T08:00:00.000Z');
        const onX = published('new', '2026-11-22T08:00:00.000Z', 'x');
        const onBluesky = published('new', '2026-11-22T08:30:00.000Z', 'bluesky');
        await append(store, 'news', [before]);
        await append(store, 'news@x', [onX]);
        await append(store, 'news@bluesky', [onBluesky]);
        const ledgers = await readChannelLedgers(store, channels);
        expect([...ledgers.accounts.keys()]).toEqual(['news@x', 'news@bluesky']);
        expect(ledgers.accounts.get('news@x')!.records).toEqual([before, onX]);
        expect(ledgers.accounts.get('news@bluesky')!.records).toEqual([onBluesky]);
        expect([...ledgers.published.get('news@x')!.keys()]).toEqual(['old', 'new']);
        expect([...ledgers.published.get('news@bluesky')!.keys()]).toEqual(['new']);
        // The records carry the channel after the account (the fixed key order of the ledger).
        expect(formatLedgerRecord(onBluesky)).toMatch(
          /^\{"v":1,"type":"published","account":"news","channel":"bluesky","post"/,
        );
      });

      it('locks are per channel: one channel locked does not hold back another', async () => {
        const store = await make();
        stores.push(store);
        const held = await store.lockAccount('news@x', 0);
        expect(held).toBeDefined();
        const other = await store.lockAccount('news@bluesky', 0);
        expect(other).toBeDefined();
        await other!.release();
        await held!.release();
      });

      it('a record of another channel in a channel’s ledger makes it damaged, named', async () => {
        const store = await make();
        stores.push(store);
        await append(store, 'news@x', [published('a', '2026-11-22T08:00:00.000Z', 'bluesky')]).catch(
          () => undefined,
        );
        const read = await store.readAccount('news@x');
        // Files: the ledger is there and refused on read; PostgreSQL: the row is stored under its key and
        // refused on read the same way.
        expect(read.problem).toBeDefined();
        expect(String((read.problem as Error).message)).toContain('news@bluesky');
      });
    },
  );
}
