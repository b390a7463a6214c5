// The PostgreSQL state against the test cluster: migrations and the schema check, clear errors that never
// show the password, the claim that makes a second attempt fail, advisory locks that go with their
// connection, export/import between files and the database, and every ledger reader using the database.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { formatLedgerRecord, type LedgerRecord } from '../../src/state/ledger.js';
import { accountLockKey, LOCK_NAMESPACE, openPostgresStore } from '../../src/state/postgres/store.js';
import { CLUSTER_PASSWORD } from '../../src/state/postgres/test-cluster.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync, startCli } from '../helpers/run-cli.js';
import { adminSql, databaseOf, describePostgres, freshDatabase } from '../helpers/postgres.js';
import { fileBackend, migratedDatabase } from '../helpers/state-backends.js';
import { envFor, NOW, publishWorkspace, usersFor } from '../publish/fixture.js';

const intent = (post: string, part: number, at = '2026-11-22T08:00:00.000Z'): LedgerRecord => ({
  v: 1,
  type: 'intent',
  account: 'news',
  post,
  part,
  text_sha256: 'a'.repeat(64),
  at,
  run: 'r1',
});
const published = (post: string, part: number, id: string): LedgerRecord => ({
  v: 1,
  type: 'published',
  account: 'news',
  post,
  part,
  platform_id: id,
  url: `https://x.com/news/status/${id}`,
  at: '2026-11-22T08:00:01.000Z',
  run: 'r1',
});

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close().catch(() => undefined);
});
const open = async (url: string, checkSchema = true) => {
  const store = await openPostgresStore({ url, source: 'CHORUS_STATE_URL', checkSchema, lockPollMs: 20 });
  closers.push(() => store.close());
  return store;
};
const waitFor = async (condition: () => boolean | Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const workspace = (posts = 1) =>
  publishWorkspace([
    {
      id: 'news',
      posts: Array.from({ length: posts }, (_, index) => ({
        id: `p${index}`,
        at: `2026-11-22T08:${String(10 + index).padStart(2, '0')}:00Z`,
        text: `Post number ${index}`,
      })),
    },
  ]);

describePostgres('PostgreSQL state', () => {
  it('chorus state migrate applies the schema once; a second run is up to date', async () => {
    const url = await freshDatabase('mig');
    const root = await workspace();
    const env = { CHORUS_STATE_URL: url };
    const first = await runCliAsync(['state', 'migrate', '--root', root], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^applied 0001_ledger\nPostgreSQL postgres:\/\/chorus_admin:\*\*\*@127\.0\.0\.1:\d+\/mig_\w+: now at schema version 1\n$/,
    );
    const second = await runCliAsync(['state', 'migrate', '--root', root], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/up to date \(schema version 1\)\n$/);
    const rows = await adminSql('SELECT version, name FROM chorus_schema_migrations', databaseOf(url));
    expect(rows).toEqual([{ version: 1, name: 'ledger' }]);
  });

  it('a database behind the schema is a clear error at start (exit 2), naming the command that fixes it', async () => {
    const url = await freshDatabase('behind');
    const root = await workspace();
    const result = await runCliAsync(['plan', '--root', root, '--now', NOW], {
      env: { CHORUS_STATE_URL: url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is at schema version 0; this Chorus needs version 1');
    expect(result.stderr).toContain('hint: Run `chorus state migrate`');
    expect(result.stderr + result.stdout).not.toContain(CLUSTER_PASSWORD);
  });

  it('an unreachable database and a bad URL are clear errors (exit 2) that never show the password', async () => {
    const root = await workspace();
    const closed = 'postgres://chorus:Pa55-w0rd-Secret@127.0.0.1:1/chorus';
    const unreachable = await runCliAsync(['lint', '--root', root, '--now', NOW], {
      env: { CHORUS_STATE_URL: closed },
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /^chorus: cannot use the PostgreSQL state at postgres:\/\/chorus:\*\*\*@127\.0\.0\.1:1\/chorus \(from CHORUS_STATE_URL\): connection refused\n {2}hint: /,
    );
    const wrongPassword = new URL(await freshDatabase('pw'));
    wrongPassword.password = 'Not-The-Pa55word';
    const refused = await runCliAsync(['lint', '--root', root, '--now', NOW], {
      env: { CHORUS_STATE_URL: wrongPassword.toString() },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('password authentication failed');
    const bad = await runCliAsync(['lint', '--root', root, '--now', NOW], {
      env: { CHORUS_STATE_URL: 'mysql://root:Hunter2-Secret@db/chorus' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'CHORUS_STATE_URL (mysql://root:***@db/chorus) starts with "mysql://", not postgres://',
    );
    for (const output of [unreachable, refused, bad].map((r) => r.stdout + r.stderr)) {
      expect(output).not.toMatch(/Pa55-w0rd-Secret|Not-The-Pa55word|Hunter2-Secret/);
    }
  });

  it('chorus.yaml names the variable (url_env), never the URL; a named variable that is unset stops the run', async () => {
    const url = await migratedDatabase();
    const root = await publishWorkspace([{ id: 'news', posts: [] }], {
      config: 'state:\n  url_env: BRAND_STATE_DB\n',
    });
    const unset = await runCliAsync(['plan', '--root', root, '--now', NOW], { env: {} });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'chorus.yaml keeps the ledger in PostgreSQL (state.url_env: BRAND_STATE_DB), but BRAND_STATE_DB is not set',
    );
    const set = await runCliAsync(['plan', '--root', root, '--now', NOW], { env: { BRAND_STATE_DB: url } });
    expect(set.code).toBe(0);
    const inFile = await publishWorkspace([{ id: 'news', posts: [] }], {
      config: 'state:\n  url_env: BRAND_STATE_DB\n  url: postgres://x:y@db/z\n',
    });
    const lint = await runCliAsync(['lint', '--root', inFile, '--now', NOW], {
      env: { BRAND_STATE_DB: url },
    });
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(
      /^chorus: chorus\.yaml:3:\d+: state\.url: the database URL \(with its password\) is never written in a file/,
    );
    expect(lint.stderr).not.toContain('postgres://x:y');
  });

  it('a runner role with only the documented grants (no UPDATE, no DELETE) publishes', async () => {
    const url = await migratedDatabase();
    const database = databaseOf(url);
    const role = `runner_${database.slice(-8)}`;
    await adminSql(`CREATE ROLE ${role} LOGIN PASSWORD 'runner-Pa55'`);
    for (const grant of [
      `GRANT CONNECT ON DATABASE ${database} TO ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT ON chorus_ledger TO ${role}`,
      `GRANT SELECT ON chorus_schema_migrations TO ${role}`,
    ])
      await adminSql(grant, database);
    const accounts = [{ id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'As a runner' }] }];
    const server = await startXServer({ users: usersFor(accounts) });
    closers.push(() => server.close());
    const root = await publishWorkspace(accounts);
    const runnerUrl = new URL(url);
    runnerUrl.username = role;
    runnerUrl.password = 'runner-Pa55';
    const env = { ...envFor(accounts, server.url), CHORUS_STATE_URL: runnerUrl.toString() };
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.posts.map((p) => p.text)).toEqual(['As a runner']);
    const rows = await adminSql('SELECT type FROM chorus_ledger ORDER BY seq', database);
    expect(rows.map((row) => row.type)).toEqual(['intent', 'published']);
  });

  it('chorus sandbox rehearses on a copy of the database ledger in files, never on the database', async () => {
    const url = await migratedDatabase();
    const root = await publishWorkspace(
      [{ id: 'news', posts: [{ id: 'p0', at: '2026-11-22T08:10:00Z', text: 'Rehearsed' }] }],
      { config: 'state:\n  url_env: BRAND_STATE_DB\n' },
    );
    const store = await open(url);
    await store.importRecords('news', [intent('old', 0), published('old', 0, '5')]);
    let stdout = '';
    const sandbox = startCli(['sandbox', '--root', root, '--now', '2026-11-22T08:00:00Z'], {
      env: { BRAND_STATE_DB: url },
    });
    sandbox.child.stdout!.on('data', (chunk: string) => (stdout += chunk));
    try {
      await waitFor(() => stdout.includes('Press Ctrl-C'), 10_000);
      expect(stdout).toMatch(/^export CHORUS_STATE_URL=$/m);
      const copy = /npx --no-install chorus --root (\S+) publish/.exec(stdout)![1]!;
      expect(await readFile(path.join(copy, 'chorus.yaml'), 'utf8')).not.toContain('state');
      expect(await readFile(path.join(copy, 'state/news.jsonl'), 'utf8')).toContain('"platform_id":"5"');
    } finally {
      sandbox.child.kill('SIGINT');
      await sandbox.done;
    }
    const rows = await adminSql('SELECT count(*)::int AS n FROM chorus_ledger', databaseOf(url));
    expect(rows[0]!.n).toBe(2);
    expect(stdout).not.toContain(CLUSTER_PASSWORD);
  });

  it('a second claim on the same attempt fails: nothing is sent on it', async () => {
    const url = await migratedDatabase();
    const store = await open(url);
    const lock = await store.lockAccount('news', 0);
    expect(lock).toBeDefined();
    expect((await store.readAccount('news')).records).toEqual([]);
    const writer = await store.openWriter('news');
    // Another runner (whose lock was broken) claimed attempt 1 at part 0 of "a" after this run read the ledger.
    const line = formatLedgerRecord(intent('a', 0, '2026-11-22T08:00:05.000Z')).trim();
    await adminSql(
      "INSERT INTO chorus_ledger (account, post, part, type, attempt, record, digest) VALUES ('news', 'a', 0, 'intent', 1, $1, 'x')",
      databaseOf(url),
      [line],
    );
    await expect(writer.append(intent('a', 0))).rejects.toThrow(
      /cannot write the ledger: another run claimed attempt 1 at part 0 of "a" first/,
    );
    // Another part is no conflict.
    await writer.append(intent('a', 1));
    await lock!.release();
  });

  it('an advisory lock is exclusive across connections and goes with its connection (pg_terminate_backend)', async () => {
    const url = await migratedDatabase();
    const a = await open(url);
    const b = await open(url);
    const held = await a.lockAccount('news', 0);
    expect(held).toBeDefined();
    const started = Date.now();
    expect(await b.lockAccount('news', 150)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await b.lockAccount('other', 0)).toBeDefined();
    await a.readAccount('news');
    const writer = await a.openWriter('news');
    await writer.append(intent('a', 0));
    // Cut the connection holding the locks, as a dying runner's connection ends.
    await adminSql(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted",
      databaseOf(url),
      [LOCK_NAMESPACE, accountLockKey('news')],
    );
    await waitFor(() => held!.compromised() !== undefined);
    expect(held!.compromised()).toMatch(
      /^the connection holding the account locks \(PostgreSQL postgres:\/\/chorus_admin:\*\*\*@/,
    );
    expect(await b.lockAccount('news', 2_000)).toBeDefined();
    // The run that lost its lock can no longer claim anything.
    await expect(writer.append(intent('b', 0))).rejects.toThrow(
      /cannot write the ledger: the connection holding the account locks/,
    );
    await held!.release();
  });

  it('chorus state import and export move records between state/ and the database, idempotently', async () => {
    const url = await migratedDatabase();
    const root = await workspace();
    const env = { CHORUS_STATE_URL: url };
    const history = [intent('a', 0), published('a', 0, '11'), intent('b', 0, '2026-11-22T08:05:00.000Z')];
    await fileBackend.setLines(
      root,
      {},
      'news',
      history.map((r) => formatLedgerRecord(r).trim()),
    );
    const imported = await runCliAsync(['state', 'import', '--root', root], { env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^state\/ → PostgreSQL postgres:\/\/chorus_admin:\*\*\*@[^ ]+: 3 records added, 0 already there \(1 account\)\n$/,
    );
    const again = await runCliAsync(['state', 'import', '--root', root], { env });
    expect(again.stdout).toMatch(/: 0 records added, 3 already there \(1 account\)\n$/);
    const rows = await adminSql('SELECT type, attempt FROM chorus_ledger ORDER BY seq', databaseOf(url));
    expect(rows).toEqual([
      { type: 'intent', attempt: 1 },
      { type: 'published', attempt: null },
      { type: 'intent', attempt: 1 },
    ]);
    // A record written to the database only (by a fleet runner) comes back to the files with export.
    const store = await open(url);
    await store.importRecords('news', [...history, published('b', 0, '12')]);
    const exported = await runCliAsync(['state', 'export', '--root', root], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/ → state\/: 1 record added, 3 already there \(1 account\)\n$/);
    const text = await readFile(path.join(root, 'state/news.jsonl'), 'utf8');
    expect(text).toBe([...history, published('b', 0, '12')].map(formatLedgerRecord).join(''));
    const exportedAgain = await runCliAsync(['state', 'export', '--root', root], { env });
    expect(exportedAgain.stdout).toMatch(/: 0 records added, 4 already there/);
    const files = await runCliAsync(['state', 'export', '--root', root], { env: {} });
    expect(files.code).toBe(2);
    expect(files.stderr).toContain('works with the PostgreSQL state only');
  });

  it('every command that reads the ledger reads the database: plan and codes see what went out', async () => {
    const url = await migratedDatabase();
    const root = await workspace(1);
    const store = await open(url);
    await store.importRecords('news', [
      { ...intent('p0', 0), at: '2026-11-22T08:20:00.000Z' },
      { ...published('p0', 0, '777'), at: '2026-11-22T08:20:01.000Z' },
    ]);
    const env = { CHORUS_STATE_URL: url };
    const plan = await runCliAsync(['plan', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('"published": true');
    const codes = await runCliAsync(['codes', '--root', root, '--now', NOW, '--format', 'json'], { env });
    expect(codes.stdout).toContain('2026-11-22T08:20:01');
    const withoutDatabase = await runCliAsync(['plan', '--root', root, '--now', NOW, '--format', 'json'], {
      env: {},
    });
    expect(withoutDatabase.stdout).not.toContain('"published": true');
  });

  it('a database that goes away mid-run: clear failures, nothing posted without its intent row, the next run finishes once', async () => {
    const url = await migratedDatabase();
    const accounts = [
      {
        id: 'news',
        posts: Array.from({ length: 6 }, (_, index) => ({
          id: `p${index}`,
          at: `2026-11-22T08:${String(10 + index).padStart(2, '0')}:00Z`,
          text: `Mid-run post ${index}`,
        })),
      },
    ];
    let cut = false;
    let posted = 0;
    const server: XServer = await startXServer({
      users: usersFor(accounts),
      latencyMs: 30,
      onRequest: (request) => {
        if (cut || request.method !== 'POST' || request.path !== '/2/tweets') return;
        if (++posted > 2) {
          cut = true;
          void adminSql(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            'postgres',
            [databaseOf(url)],
          );
        }
      },
    });
    closers.push(() => server.close());
    const root = await publishWorkspace(accounts);
    const env = { ...envFor(accounts, server.url), CHORUS_STATE_URL: url };
    const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
    const first = await runCliAsync(args, { env });
    expect(cut).toBe(true);
    expect(first.code).toBe(1);
    const out = JSON.parse(first.stdout) as { failed: { reason: string }[]; deferred: { reason: string }[] };
    expect([...out.failed, ...out.deferred].map((f) => f.reason).join('\n')).toMatch(
      /connection holding the account locks|PostgreSQL state at postgres:\/\/chorus_admin:\*\*\*@|cannot write the ledger/,
    );
    expect(first.stdout + first.stderr).not.toContain(CLUSTER_PASSWORD);
    // Every post on X has its intent row.
    const intents = await adminSql("SELECT post FROM chorus_ledger WHERE type = 'intent'", databaseOf(url));
    const claimed = new Set(intents.map((row) => `Mid-run post ${String(row.post).slice(1)}`));
    for (const post of server.posts) expect(claimed.has(post.text)).toBe(true);
    const second = await runCliAsync(args, { env });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(server.posts.map((p) => p.text).sort()).toEqual(accounts[0]!.posts.map((p) => p.text).sort());
  });
});
