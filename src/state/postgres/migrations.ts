// The PostgreSQL state's schema: plain versioned SQL files (migrations/postgres/NNNN_name.sql in the package),
// applied in order by `chorus state migrate` and checked at the start of every command that uses the state.

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';

/** One schema migration. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Key (with the Chorus namespace) of the advisory lock that serialises migrators; accounts never use 0. */
export const MIGRATION_LOCK_KEY = 0;

/** The folder of the migration files: found upward from this module (src/, dist/ or the bundle). */
function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'migrations', 'postgres');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('the folder migrations/postgres of the Chorus package is missing');
}

let cached: Promise<Migration[]> | undefined;

/** Every migration the package ships, in version order. */
export function migrations(): Promise<Migration[]> {
  cached ??= (async () => {
    const folder = migrationsFolder();
    const files = (await readdir(folder)).filter((name) => FILE.test(name)).sort();
    const list: Migration[] = [];
    for (const file of files) {
      const [, version, name] = FILE.exec(file)!;
      list.push({
        version: Number(version),
        name: name!,
        sql: await readFile(path.join(folder, file), 'utf8'),
      });
    }
    list.forEach((migration, index) => {
      if (migration.version !== index + 1)
        throw new Error(`migration ${migration.version} is out of sequence`);
    });
    return list;
  })();
  return cached;
}

/** The schema version this Chorus needs (the last migration it ships). */
export async function requiredVersion(): Promise<number> {
  return (await migrations()).length;
}

/** The database's schema version: 0 when Chorus never migrated it. */
export async function schemaVersion(client: ClientBase): Promise<number> {
  try {
    const result = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM chorus_schema_migrations',
    );
    return result.rows[0]?.version ?? 0;
  } catch (error) {
    // 42P01: undefined_table, a database no migration ever ran on.
    if ((error as { code?: string }).code === '42P01') return 0;
    throw error;
  }
}

/**
 * Apply the migrations the database lacks, in one transaction, serialised with any other migrator by an
 * advisory lock. Returns the versions applied (empty when the database was up to date).
 */
export async function migrate(client: ClientBase, namespace: number): Promise<Migration[]> {
  const all = await migrations();
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [namespace, MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS chorus_schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const current = await schemaVersion(client);
    const applied: Migration[] = [];
    for (const migration of all) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO chorus_schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
