// Tests against the run's private PostgreSQL cluster (tests/setup/postgres.ts): a fresh database per test
// file or test, and the reason in the name when PostgreSQL is not installed.
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { DEFAULT_POSTGRES_BIN } from '../../src/state/postgres/test-cluster.js';

/** The cluster's superuser URL (to the `postgres` database), or '' when PostgreSQL is not installed. */
export const postgresUrl = (): string => inject('postgresUrl');

/** `describe` when the cluster runs; otherwise skipped, with the reason in the name. */
export function describePostgres(name: string, body: () => void): void {
  if (postgresUrl()) describe(name, body);
  else describe.skip(`${name} (skipped: PostgreSQL 15 is not installed in ${DEFAULT_POSTGRES_BIN})`, body);
}

/** The URL of `database` on the cluster. */
export function databaseUrl(database: string): string {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Run SQL as the superuser (in `postgres`, or the database given). */
export async function adminSql(text: string, database = 'postgres', values: unknown[] = []) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl(database), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** A new empty database; returns its URL (with the superuser's password: never shown by Chorus). */
export async function freshDatabase(prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminSql(`CREATE DATABASE ${name}`);
  return databaseUrl(name);
}

/** The database name of a URL. */
export const databaseOf = (url: string) => new URL(url).pathname.slice(1);
