// A private PostgreSQL cluster for tests and benchmarks: initdb in a temporary folder, started on a free
// 127.0.0.1 port as an unprivileged user when run as root (the server refuses root), stopped and removed
// at the end. Uses Debian's binaries (/usr/lib/postgresql/15/bin unless told otherwise).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian puts PostgreSQL 15's programs. */
export const DEFAULT_POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** The superuser of a test cluster and its password (made up; the tests check it never shows). */
export const CLUSTER_ROLE = 'chorus_admin';
export const CLUSTER_PASSWORD = 'pgPw-Sekr1t-x7Q';

/** The folder with initdb and postgres, or undefined when PostgreSQL is not installed. */
export function postgresBinaries(dir: string = DEFAULT_POSTGRES_BIN): string | undefined {
  return existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')) ? dir : undefined;
}

/** A running private cluster. */
export interface PostgresCluster {
  port: number;
  /** postgres://chorus_admin:…@127.0.0.1:port/<database> (default `postgres`). */
  url(database?: string): string;
  /** Create an empty database and return its URL. */
  createDatabase(name: string): Promise<string>;
  /** Run SQL as the superuser in a database (default `postgres`). */
  sql(text: string, database?: string): Promise<void>;
  /** Fast shutdown, then the folder is removed. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The uid/gid the server runs as: ours, or nobody's when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

/** Start a cluster; rejects (after stopping what it started) when it is not ready within `timeoutMs`. */
export async function startPostgresCluster(
  options: { bin?: string; timeoutMs?: number; fsync?: boolean } = {},
): Promise<PostgresCluster> {
  const bin = options.bin ?? postgresBinaries();
  if (!bin)
    throw new Error(`PostgreSQL is not installed (no initdb in ${options.bin ?? DEFAULT_POSTGRES_BIN})`);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const base = mkdtempSync(path.join(os.tmpdir(), 'chorus-pg-'));
  const data = path.join(base, 'data');
  const user = serverUser();
  const asUser = (program: string, args: string[]): [string, string[]] =>
    user
      ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', program, ...args]]
      : [program, args];
  writeFileSync(path.join(base, 'pw'), `${CLUSTER_PASSWORD}\n`);
  if (user) {
    chownSync(base, user.uid, user.gid);
    chownSync(path.join(base, 'pw'), user.uid, user.gid);
  }
  const [initProgram, initArgs] = asUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    CLUSTER_ROLE,
    `--pwfile=${path.join(base, 'pw')}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const init = spawnSync(initProgram, initArgs, { encoding: 'utf8', timeout: timeoutMs });
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.error?.message || `status ${init.status}`}`);
  }
  const port = await freePort();
  const settings = [
    `listen_addresses=127.0.0.1`,
    `unix_socket_directories=${base}`,
    'max_connections=200',
    'shared_buffers=16MB',
    `fsync=${options.fsync === false ? 'off' : 'on'}`,
    'log_min_messages=fatal',
  ].flatMap((setting) => ['-c', setting]);
  const [program, args] = asUser(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings]);
  const log = openSync(path.join(base, 'server.log'), 'a');
  const server: ChildProcess = spawn(program, args, { stdio: ['ignore', log, log] });
  let exited = false;
  server.on('exit', () => (exited = true));

  const url = (database = 'postgres') =>
    `postgres://${CLUSTER_ROLE}:${encodeURIComponent(CLUSTER_PASSWORD)}@127.0.0.1:${port}/${database}`;
  const pg = (await import('pg')).default;
  const sql = async (text: string, database?: string) => {
    const client = new pg.Client({ connectionString: url(database), connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(base, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await sql('SELECT 1');
      break;
    } catch (error) {
      if (exited || Date.now() > deadline) {
        const tail = readFileSync(path.join(base, 'server.log'), 'utf8').slice(-2000);
        await stop();
        throw new Error(
          `PostgreSQL did not start within ${timeoutMs} ms: ${(error as Error).message}\n${tail}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    url,
    sql,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      await sql(`CREATE DATABASE ${name}`);
      return url(name);
    },
    stop,
  };
}
