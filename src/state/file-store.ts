// The default state: ledgers in state/<account>.jsonl (committed to git) and proper-lockfile locks in
// state/<account>.lock, behind the StateStore interface. For one machine; PostgreSQL serves fleets.

import { readdir } from 'node:fs/promises';
import { WorkspaceError } from '../errors.js';
import { formatLedgerRecord, type LedgerRecord } from './ledger.js';
import { type OpenFile, openLedger, readLedgers } from './ledger-file.js';
import { DEFAULT_LOCK_TIMING, lockAccount, type LockTiming } from './lock.js';
import { stateFolder } from './state-file.js';
import type { StateStore } from './store.js';

/** What tests replace in the file state: the ledger's file layer (short writes, a full disk), lock ageing. */
export interface FileStoreOptions {
  openLedgerFile?: OpenFile | undefined;
  lockTiming?: LockTiming | undefined;
  /** The folder of the ledgers, relative to the workspace (default `state`); `chorus report --state`. */
  stateDir?: string | undefined;
}

/** An account id as a ledger file name may carry it (accounts/<id>.yaml names the same ids). */
const LEDGER_FILE = /^([A-Za-z0-9][A-Za-z0-9_.-]*(?:@[a-z][a-z0-9-]*)?)\.jsonl$/;

/** The file state of the workspace at `root`. */
export function fileStateStore(root: string, options: FileStoreOptions = {}): StateStore {
  const stateDir = options.stateDir ?? 'state';
  const store: StateStore = {
    kind: 'files',
    description: `${stateDir}/`,
    ledgerName: (accountId) => `${stateDir}/${accountId}.jsonl`,
    readLedgers: (accountIds, readOptions = {}) =>
      readLedgers(root, accountIds, { ...readOptions, stateDir }),
    async readAccount(accountId) {
      return (await readLedgers(root, [accountId], { stateDir })).accounts.get(accountId)!;
    },
    openWriter: (accountId) => openLedger(root, accountId, { open: options.openLedgerFile }),
    lockAccount: (accountId, waitMs) =>
      lockAccount(root, accountId, waitMs, options.lockTiming ?? DEFAULT_LOCK_TIMING),
    async exportRecords() {
      const folder = await stateFolder(root, stateDir);
      const entries = await readdir(folder, { withFileTypes: true });
      const ids = entries
        .filter((entry) => entry.isFile() && LEDGER_FILE.test(entry.name))
        .map((entry) => LEDGER_FILE.exec(entry.name)![1]!)
        .sort();
      const { accounts } = await readLedgers(root, ids, { stateDir });
      const out = new Map<string, LedgerRecord[]>();
      for (const [id, ledger] of accounts) {
        if (ledger.problem !== undefined) throw ledger.problem;
        if (ledger.records.length > 0) out.set(id, ledger.records);
      }
      return out;
    },
    async importRecords(accountId, records) {
      const lock = await store.lockAccount(accountId, 5_000);
      if (!lock) {
        throw new WorkspaceError(`the account "${accountId}" is locked by a publish run`, {
          file: `${stateDir}/${accountId}.lock`,
          hint: 'Run the command again once the publish run is over.',
        });
      }
      try {
        const current = await store.readAccount(accountId);
        if (current.problem !== undefined) throw current.problem;
        const have = new Set(current.records.map(formatLedgerRecord));
        const missing = records.filter((record) => !have.has(formatLedgerRecord(record)));
        if (missing.length === 0) return 0;
        const writer = await store.openWriter(accountId);
        try {
          for (const record of missing) await writer.append(record);
        } finally {
          await writer.close();
        }
        return missing.length;
      } finally {
        await lock.release();
      }
    },
    async close() {
      // Nothing held between calls.
    },
  };
  return store;
}
