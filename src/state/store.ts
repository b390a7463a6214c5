// Where the ledger and the account locks live: the one interface every command and the publish loop use,
// with two implementations (files under state/, the default; PostgreSQL for fleets of runners).

import type { AccountLedger, Ledgers, LedgerWriter } from './ledger-file.js';
import type { LedgerRecord } from './ledger.js';
import type { AccountLock } from './lock.js';

/**
 * The ledger records and account locks of a workspace. Every reader of the ledger goes through one,
 * so lint, plan, codes, report, import, add, metrics and publish see the same records.
 */
export interface StateStore {
  /** Which backend: `files` (state/<account>.jsonl) or `postgres`. */
  readonly kind: 'files' | 'postgres';
  /** Where the state is, for messages: `state/`, or the database's URL without its password. */
  readonly description: string;
  /** How messages name an account's ledger: `state/<account>.jsonl`, or the database and its table. */
  ledgerName(accountId: string): string;
  /**
   * The ledgers of these accounts, in the order given; a missing ledger is empty, one that cannot be read
   * is empty with its `problem` set (and `warn` gets the located warning).
   */
  readLedgers(accountIds: Iterable<string>, options?: { warn?: (text: string) => void }): Promise<Ledgers>;
  /** One account's ledger (see {@link readLedgers}). */
  readAccount(accountId: string): Promise<AccountLedger>;
  /**
   * Open the account's ledger for appending durable records: each append resolves once the record is on
   * disk or committed, and rejects with a LedgerWriteError otherwise. Only while holding the account's lock.
   */
  openWriter(accountId: string): Promise<LedgerWriter>;
  /**
   * Lock the account for one publish run, waiting up to `waitMs` for another run; undefined when it is
   * still held then. A lock whose holder died is free again (files: taken over; PostgreSQL: it ends with
   * the holder's connection).
   */
  lockAccount(accountId: string, waitMs: number): Promise<AccountLock | undefined>;
  /** Every account that has records, each with its records oldest first (`chorus state export`/`import`). */
  exportRecords(): Promise<Map<string, LedgerRecord[]>>;
  /**
   * Add the records of an account that the store lacks (the same record, byte for byte, counts as there),
   * after those it has, in the order given, under the account's lock; returns how many were added.
   * Importing the same records again adds nothing.
   */
  importRecords(accountId: string, records: readonly LedgerRecord[]): Promise<number>;
  /** Release connections (the PostgreSQL pool and the session holding the locks). */
  close(): Promise<void>;
}
