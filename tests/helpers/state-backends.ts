// The two state backends as the publish tests see them: how a workspace is pointed at one, and how a test
// reads or rewrites an account's ledger (the lines of state/<account>.jsonl, or the rows of chorus_ledger).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type LedgerRecord, parseLedger } from '../../src/state/ledger.js';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { adminSql, databaseOf, freshDatabase, postgresUrl } from './postgres.js';

export interface StateBackend {
  name: 'files' | 'postgres';
  /** Environment that points chorus at this backend for a new workspace (a fresh, migrated database). */
  prepare(): Promise<Record<string, string>>;
  /** The account's ledger lines, oldest first (no newlines). */
  lines(root: string, env: Record<string, string>, account: string): Promise<string[]>;
  /** Replace the account's ledger with these lines (which may be damaged). */
  setLines(root: string, env: Record<string, string>, account: string, lines: string[]): Promise<void>;
  /** Whether anything was ever written for the account. */
  has(root: string, env: Record<string, string>, account: string): Promise<boolean>;
  /** How the publisher names the account's ledger in a reason (file, or database and table). */
  where(env: Record<string, string>, account: string): string;
}

export const fileBackend: StateBackend = {
  name: 'files',
  prepare: async () => ({}),
  async lines(root, _env, account) {
    const text = await readFile(path.join(root, 'state', `${account}.jsonl`), 'utf8');
    return text.split('\n').filter((line) => line !== '');
  },
  async setLines(root, _env, account, lines) {
    await mkdir(path.join(root, 'state'), { recursive: true });
    await writeFile(path.join(root, 'state', `${account}.jsonl`), lines.map((l) => `${l}\n`).join(''));
  },
  has: async (root, _env, account) => existsSync(path.join(root, 'state', `${account}.jsonl`)),
  where: (_env, account) => `state/${account}.jsonl`,
};

/** A fresh database with the current schema; returns its URL. */
export async function migratedDatabase(): Promise<string> {
  const url = await freshDatabase('pub');
  const store = await openPostgresStore({ url, source: 'test', checkSchema: false });
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  return url;
}

export const postgresBackend: StateBackend = {
  name: 'postgres',
  prepare: async () => ({ CHORUS_STATE_URL: await migratedDatabase() }),
  async lines(_root, env, account) {
    const rows = await adminSql(
      'SELECT record FROM chorus_ledger WHERE account = $1 ORDER BY seq',
      databaseOf(env.CHORUS_STATE_URL!),
      [account],
    );
    return rows.map((row) => String(row.record));
  },
  async setLines(_root, env, account, lines) {
    const database = databaseOf(env.CHORUS_STATE_URL!);
    await adminSql('DELETE FROM chorus_ledger WHERE account = $1', database, [account]);
    const attempts = new Map<string, number>();
    for (const line of lines) {
      let fields: Partial<LedgerRecord> = {};
      try {
        fields = JSON.parse(line) as Partial<LedgerRecord>;
      } catch {
        // A damaged row: stored as it is.
      }
      const type = typeof fields.type === 'string' ? fields.type : 'failed';
      const key = `${fields.post}\u0000${fields.part}`;
      const attempt = type === 'intent' ? (attempts.get(key) ?? 0) + 1 : null;
      if (attempt !== null) attempts.set(key, attempt);
      await adminSql(
        'INSERT INTO chorus_ledger (account, post, part, type, attempt, record, digest) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        database,
        [
          account,
          String(fields.post ?? '?'),
          Number.isInteger(fields.part) ? fields.part : 0,
          type,
          attempt,
          line,
          createHash('sha256').update(line).digest('hex'),
        ],
      );
    }
  },
  async has(_root, env, account) {
    const rows = await adminSql(
      'SELECT count(*)::int AS n FROM chorus_ledger WHERE account = $1',
      databaseOf(env.CHORUS_STATE_URL!),
      [account],
    );
    return Number(rows[0]!.n) > 0;
  },
  where: (env) => {
    const url = new URL(env.CHORUS_STATE_URL!);
    url.password = '***';
    return `PostgreSQL ${url.toString()} chorus_ledger`;
  },
};

/** The backends a suite runs against: files always, PostgreSQL when the test cluster runs. */
export function stateBackends(): StateBackend[] {
  return postgresUrl() ? [fileBackend, postgresBackend] : [fileBackend];
}

/** The account's ledger records (parsed). */
export async function backendRecords(
  backend: StateBackend,
  root: string,
  env: Record<string, string>,
  account: string,
): Promise<LedgerRecord[]> {
  return parseLedger((await backend.lines(root, env, account)).map((l) => `${l}\n`).join('')).records;
}
