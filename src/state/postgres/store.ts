// The ledger and the account locks in PostgreSQL, for fleets of runners: records are rows (an intent is
// committed before its request, and a second claim on the same attempt fails on a unique index), and each
// account is locked with a session advisory lock on one dedicated connection, so a runner that dies
// releases its locks when its connection ends. Loaded (with `pg`) only when a state URL is configured.

import { createHash } from 'node:crypto';
import type { Client, Pool, PoolClient } from 'pg';
import { ChorusError, ExitCode, WorkspaceError } from '../../errors.js';
import { formatLedgerRecord, type LedgerRecord, ledgerKeyOf, parseLedger } from '../ledger.js';
import {
  accountLedger,
  type AccountLedger,
  damagedLedgerWarning,
  type Ledgers,
  LedgerWriteError,
  type LedgerWriter,
} from '../ledger-file.js';
import type { AccountLock } from '../lock.js';
import type { StateStore } from '../store.js';
import { type Migration, migrate, requiredVersion, schemaVersion } from './migrations.js';
import { redactStateUrl, stateUrlSecrets } from './url.js';

/** First key of every Chorus advisory lock ("CHOR"), so other applications' locks never collide with ours. */
export const LOCK_NAMESPACE = 0x43484f52;

/** The second key of an account's advisory lock: 31 bits of the SHA-256 of its id, never 0 (migrations). */
export function accountLockKey(accountId: string): number {
  return createHash('sha256').update(accountId, 'utf8').digest().readUInt32BE(0) & 0x7fffffff || 1;
}

/** How the PostgreSQL state connects. */
export interface PostgresStoreOptions {
  url: string;
  /** Where the URL came from, for messages: `CHORUS_STATE_URL`, or the variable chorus.yaml names. */
  source: string;
  /** Check at open that the database's schema is the one this Chorus needs (all but `state migrate`). */
  checkSchema?: boolean;
  /** Bounds, replaceable in tests. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  lockPollMs?: number;
}

/** The PostgreSQL state, with what `chorus state migrate` needs besides the StateStore. */
export interface PostgresStateStore extends StateStore {
  readonly kind: 'postgres';
  /** Apply the migrations the database lacks; returns those applied. */
  migrate(): Promise<Migration[]>;
  /** The database's schema version and the one this Chorus needs. */
  schema(): Promise<{ current: number; required: number }>;
}

const DEFAULTS = { connectTimeoutMs: 5_000, queryTimeoutMs: 15_000, lockPollMs: 100 };

/** Where a PostgreSQL ledger's records are, for located messages. */
const TABLE = 'chorus_ledger';

const sqlstate = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/**
 * Open the PostgreSQL state: connects once to check that the database answers and, unless told not to, that
 * its schema is current. Throws a ChorusError (exit 2) naming the URL without its password otherwise.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStateStore> {
  const { connectTimeoutMs, queryTimeoutMs, lockPollMs } = { ...DEFAULTS, ...options };
  const shown = redactStateUrl(options.url);
  const secrets = stateUrlSecrets(options.url);
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  const describe = (error: unknown): string => {
    const code = sqlstate(error);
    const message = error instanceof Error ? error.message : String(error);
    const text =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND'
          ? 'no such host'
          : message === '' && typeof code === 'string'
            ? code
            : message;
    return redact(text);
  };
  const where = `PostgreSQL ${shown}`;
  const unreachable = (error: unknown) =>
    new ChorusError(
      `cannot use the PostgreSQL state at ${shown} (from ${options.source}): ${describe(error)}`,
      {
        exitCode: ExitCode.usage,
        hint: `Check ${options.source}, that the database accepts connections from this machine and that the role may log in; the password is never shown.`,
      },
    );

  const pg = (await import('pg')).default;
  const connection = {
    connectionString: options.url,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
    application_name: 'chorus',
  };
  const pool: Pool = new pg.Pool({ ...connection, max: 8, idleTimeoutMillis: 10_000 });
  // An idle connection that the server ends (a restart, pg_terminate_backend) must not crash the run; the
  // next query on the pool opens a new one or fails with a clear error.
  pool.on('error', () => undefined);

  try {
    const client = await pool.connect();
    try {
      if (options.checkSchema !== false) {
        const current = await schemaVersion(client);
        const required = await requiredVersion();
        if (current < required) {
          throw new ChorusError(
            `the PostgreSQL state at ${shown} is at schema version ${current}; this Chorus needs version ${required}`,
            {
              exitCode: ExitCode.usage,
              hint: 'Run `chorus state migrate` (with a role that may create tables) and run again.',
            },
          );
        }
        if (current > required) {
          throw new ChorusError(
            `the PostgreSQL state at ${shown} is at schema version ${current}, newer than this Chorus knows (${required})`,
            { exitCode: ExitCode.usage, hint: 'Upgrade chorus on this runner.' },
          );
        }
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error instanceof ChorusError ? error : unreachable(error);
  }

  // The session that holds this run's account locks: one connection, opened on the first lock.
  let session: Promise<{ client: Client; pid: number }> | undefined;
  let sessionLost: string | undefined;
  /** Lock keys held by this process, so a second lock on one (same session: re-entrant) waits instead. */
  const heldKeys = new Set<number>();
  const lockSession = () =>
    (session ??= (async () => {
      const client = new pg.Client(connection);
      const lose = (why: string) => {
        sessionLost ??= `the connection holding the account locks (${where}) was lost (${redact(why)}); locks held on it are released`;
      };
      client.on('error', (error) => lose(describe(error)));
      client.on('end', () => lose('connection ended'));
      try {
        await client.connect();
        const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        return { client, pid: result.rows[0]!.pid };
      } catch (error) {
        session = undefined;
        await client.end().catch(() => undefined);
        throw unreachable(error);
      }
    })());

  /** Intents per account, post and part seen by the last read: the attempt a writer claims next. */
  const attemptsSeen = new Map<string, Map<string, number>>();
  const attemptKey = (post: string, part: number) => `${part}\u0000${post}`;
  const countAttempts = (records: readonly LedgerRecord[]) => {
    const attempts = new Map<string, number>();
    for (const record of records) {
      if (record.type !== 'intent') continue;
      const key = attemptKey(record.post, record.part);
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
    }
    return attempts;
  };

  /** The rows of these accounts as ledgers (a bad row makes its account's problem, located by row). */
  const ledgersOf = (ids: readonly string[], rows: { account: string; seq: string; record: string }[]) => {
    const byAccount = new Map<string, { seq: string; record: string }[]>();
    for (const row of rows) {
      let list = byAccount.get(row.account);
      if (!list) byAccount.set(row.account, (list = []));
      list.push(row);
    }
    return ids.map((id) => {
      const list = byAccount.get(id) ?? [];
      const parsed = parseLedger(list.map((row) => `${row.record}\n`).join(''));
      const badIndex = parsed.problems[0]
        ? parsed.problems[0].line - 1
        : parsed.records.findIndex((record) => ledgerKeyOf(record) !== id);
      if (badIndex >= 0) {
        const message =
          parsed.problems[0]?.message ??
          `this record is of the account "${ledgerKeyOf(parsed.records[badIndex]!)}"`;
        const problem = new WorkspaceError(`The ledger is damaged: row ${list[badIndex]!.seq}: ${message}.`, {
          file: `${where} ${TABLE}`,
          hint: 'Ledger rows are written by `chorus publish` only; restore the rows from a copy (`chorus state import`).',
        });
        return accountLedger(id, undefined, problem);
      }
      attemptsSeen.set(id, countAttempts(parsed.records));
      return accountLedger(id, parsed, undefined);
    });
  };

  const query = async <Row extends object>(text: string, values: unknown[]): Promise<Row[]> => {
    try {
      return (await pool.query<Row & Record<string, unknown>>(text, values)).rows;
    } catch (error) {
      throw new ChorusError(`the PostgreSQL state at ${shown} failed: ${describe(error)}`, {
        exitCode: ExitCode.problems,
        hint: `Check that the database is up and reachable (${options.source}), then run again.`,
      });
    }
  };

  const digest = (line: string) => createHash('sha256').update(line, 'utf8').digest('hex');
  const writeHint = `The database (${options.source}) must be reachable and writable; run again once it is: what went out is found on X and recorded then.`;

  const store: PostgresStateStore = {
    kind: 'postgres',
    description: where,
    ledgerName: () => `${where} ${TABLE}`,

    async readLedgers(accountIds, readOptions = {}): Promise<Ledgers> {
      const ids = [...accountIds];
      const rows = await query<{ account: string; seq: string; record: string }>(
        `SELECT account, seq::text AS seq, record FROM ${TABLE} WHERE account = ANY($1::text[]) ORDER BY seq`,
        [ids],
      );
      const ledgers: Ledgers = { accounts: new Map(), published: new Map() };
      for (const ledger of ledgersOf(ids, rows)) {
        ledgers.accounts.set(ledger.account, ledger);
        if (ledger.problem !== undefined)
          readOptions.warn?.(damagedLedgerWarning(ledger.account, ledger.problem));
        else if (ledger.records.length > 0) ledgers.published.set(ledger.account, ledger.published);
      }
      return ledgers;
    },

    async readAccount(accountId): Promise<AccountLedger> {
      return (await store.readLedgers([accountId])).accounts.get(accountId)!;
    },

    async openWriter(accountId): Promise<LedgerWriter> {
      let attempts = attemptsSeen.get(accountId);
      if (!attempts) {
        const read = await store.readAccount(accountId);
        if (read.problem !== undefined) throw read.problem;
        attempts = attemptsSeen.get(accountId)!;
      }
      // The writer claims attempts from the ledger as this run last read it (under the lock): a run that
      // wrote an intent since makes the claim fail on the unique index, so nothing is sent twice.
      const claimed = new Map(attempts);
      const lockKey = accountLockKey(accountId);
      const fail = (cause: unknown) => new LedgerWriteError(`${where} ${TABLE}`, cause, writeHint);
      return {
        async append(record) {
          const line = formatLedgerRecord(record).slice(0, -1);
          const key = attemptKey(record.post, record.part);
          const attempt = record.type === 'intent' ? (claimed.get(key) ?? 0) + 1 : null;
          const values: unknown[] = [
            accountId,
            record.post,
            record.part,
            record.type,
            attempt,
            line,
            digest(line),
          ];
          let inserted: number;
          try {
            if (record.type === 'intent') {
              // Committed only while this run's lock session still holds the account's lock.
              const held = await session?.catch(() => undefined);
              if (!held || sessionLost)
                throw new Error(sessionLost ?? 'the account is not locked by this run');
              const result = await pool.query(
                `INSERT INTO ${TABLE} (account, post, part, type, attempt, record, digest)
                 SELECT $1, $2, $3, $4, $5, $6, $7
                 WHERE EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $8
                   AND objid = $9 AND objsubid = 2 AND pid = $10 AND granted)`,
                [...values, LOCK_NAMESPACE, lockKey, held.pid],
              );
              inserted = result.rowCount ?? 0;
              if (inserted === 0) throw new Error("this run no longer holds the account's lock");
            } else {
              const result = await pool.query(
                `INSERT INTO ${TABLE} (account, post, part, type, attempt, record, digest)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account, digest) DO NOTHING`,
                values,
              );
              inserted = result.rowCount ?? 0;
            }
          } catch (error) {
            const constraint = (error as { constraint?: unknown }).constraint;
            if (sqlstate(error) === '23505' && constraint === 'chorus_ledger_claim') {
              throw fail(
                new Error(
                  `another run claimed attempt ${attempt} at part ${record.part} of "${record.post}" first`,
                ),
              );
            }
            throw fail(new Error(describe(error)));
          }
          if (attempt !== null) claimed.set(key, attempt);
        },
        async close() {
          // The pool's connections serve the other accounts.
        },
      };
    },

    async lockAccount(accountId, waitMs): Promise<AccountLock | undefined> {
      const key = accountLockKey(accountId);
      const deadline = Date.now() + waitMs;
      const { client } = await lockSession();
      for (;;) {
        if (sessionLost) throw new ChorusError(sessionLost, { exitCode: ExitCode.problems });
        if (!heldKeys.has(key)) {
          let ok: boolean;
          try {
            const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
              LOCK_NAMESPACE,
              key,
            ]);
            ok = result.rows[0]!.ok;
          } catch (error) {
            throw new ChorusError(`cannot lock the account in ${where}: ${describe(error)}`, {
              exitCode: ExitCode.problems,
              hint: `Check that the database is up and reachable (${options.source}), then run again.`,
            });
          }
          if (ok) {
            heldKeys.add(key);
            let released = false;
            return {
              compromised: () => sessionLost,
              async release() {
                if (released) return;
                released = true;
                heldKeys.delete(key);
                if (sessionLost) return;
                await client
                  .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key])
                  .catch(() => undefined);
              },
            };
          }
        }
        if (Date.now() >= deadline) return undefined;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(lockPollMs, Math.max(1, deadline - Date.now()))),
        );
      }
    },

    async exportRecords() {
      const rows = await query<{ account: string; seq: string; record: string }>(
        `SELECT account, seq::text AS seq, record FROM ${TABLE} ORDER BY seq`,
        [],
      );
      const ids = [...new Set(rows.map((row) => row.account))].sort();
      const out = new Map<string, LedgerRecord[]>();
      for (const ledger of ledgersOf(ids, rows)) {
        if (ledger.problem !== undefined) throw ledger.problem;
        out.set(ledger.account, ledger.records);
      }
      return out;
    },

    async importRecords(accountId, records) {
      const lock = await store.lockAccount(accountId, 5_000);
      if (!lock) {
        throw new ChorusError(`the account "${accountId}" is locked by a publish run (${where})`, {
          exitCode: ExitCode.problems,
          hint: 'Run the command again once the publish run is over.',
        });
      }
      let client: PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query('BEGIN');
        const have = new Set(
          (
            await client.query<{ digest: string }>(`SELECT digest FROM ${TABLE} WHERE account = $1`, [
              accountId,
            ])
          ).rows.map((row) => row.digest),
        );
        const attempts = new Map<string, number>();
        for (const row of (
          await client.query<{ post: string; part: number; attempt: number }>(
            `SELECT post, part, max(attempt) AS attempt FROM ${TABLE} WHERE account = $1 AND type = 'intent' GROUP BY post, part`,
            [accountId],
          )
        ).rows) {
          attempts.set(attemptKey(row.post, row.part), row.attempt);
        }
        const columns: unknown[][] = [[], [], [], [], [], []];
        for (const record of records) {
          const line = formatLedgerRecord(record).slice(0, -1);
          const hash = digest(line);
          if (have.has(hash)) continue;
          have.add(hash);
          let attempt: number | null = null;
          if (record.type === 'intent') {
            const key = attemptKey(record.post, record.part);
            attempt = (attempts.get(key) ?? 0) + 1;
            attempts.set(key, attempt);
          }
          [record.post, record.part, record.type, attempt, line, hash].forEach((value, index) =>
            columns[index]!.push(value),
          );
        }
        if (columns[0]!.length > 0) {
          await client.query(
            `INSERT INTO ${TABLE} (account, post, part, type, attempt, record, digest)
             SELECT $1, post, part, type, attempt, record, digest
             FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[])
               WITH ORDINALITY AS r(post, part, type, attempt, record, digest, n)
             ORDER BY n`,
            [accountId, ...columns],
          );
        }
        await client.query('COMMIT');
        attemptsSeen.delete(accountId);
        return columns[0]!.length;
      } catch (error) {
        await client?.query('ROLLBACK').catch(() => undefined);
        if (error instanceof ChorusError) throw error;
        throw new ChorusError(`cannot import into ${where}: ${describe(error)}`, {
          exitCode: ExitCode.problems,
        });
      } finally {
        client?.release();
        await lock.release();
      }
    },

    async migrate() {
      let client: PoolClient | undefined;
      try {
        client = await pool.connect();
        return await migrate(client, LOCK_NAMESPACE);
      } catch (error) {
        throw new ChorusError(`cannot migrate the PostgreSQL state at ${shown}: ${describe(error)}`, {
          exitCode: ExitCode.problems,
          hint: 'The role running `chorus state migrate` must be allowed to create tables and indexes (see docs/publishing.md).',
        });
      } finally {
        client?.release();
      }
    },

    async schema() {
      let client: PoolClient | undefined;
      try {
        client = await pool.connect();
        return { current: await schemaVersion(client), required: await requiredVersion() };
      } catch (error) {
        throw unreachable(error);
      } finally {
        client?.release();
      }
    },

    async close() {
      const held = await session?.catch(() => undefined);
      await Promise.all([held?.client.end().catch(() => undefined), pool.end().catch(() => undefined)]);
    },
  };
  return store;
}
