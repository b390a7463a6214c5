// A fleet of runners on one PostgreSQL state: several `chorus publish` processes at once, on different
// shards and overlapping on the same accounts, SIGKILLed at random moments while their database connections
// are cut (pg_terminate_backend), against the X stand-in with its duplicate check off (as on Bluesky or
// Mastodon, only the ledger prevents a double post). Then: zero double posts, zero lost records, no
// account stuck.
import { expect, it } from 'vitest';
import { parseLedger } from '../../src/state/ledger.js';
import { LOCK_NAMESPACE } from '../../src/state/postgres/store.js';
import { type LoggedRequest, startXServer } from '../../src/platforms/x/stand-in.js';
import { startCli } from '../helpers/run-cli.js';
import { adminSql, databaseOf, describePostgres } from '../helpers/postgres.js';
import { migratedDatabase } from '../helpers/state-backends.js';
import {
  envFor,
  type FixtureAccount,
  manyAccounts,
  NOW,
  publishWorkspace,
  usersFor,
} from '../publish/fixture.js';

function seeded(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
}

/** Each runner's command line: two shards, the whole workspace, and the first shard once more. */
const RUNNERS = [['--shard', '1/2'], ['--shard', '2/2'], [], ['--shard', '1/2']];
const FAULT_ROUNDS = 6;
const MAX_CLEAN_ROUNDS = 6;

describePostgres('fleet of publish runners on PostgreSQL', () => {
  it('shards overlapping on the same accounts, SIGKILLs and cut connections: every part once, every record kept, no account stuck', async () => {
    const accounts: FixtureAccount[] = manyAccounts(8, 5, 'fleet');
    for (const account of accounts) {
      account.posts[1]!.thread = [`${account.id} thread part two`, `${account.id} thread part three`];
      account.posts[3]!.thread = [`${account.id} second thread, part two`];
    }
    const expectedParts = accounts.flatMap((account) =>
      account.posts.flatMap((post) =>
        [post.text, ...(post.thread ?? [])].map((text) => `${account.id}:${text}`),
      ),
    );
    const random = seeded(17);
    const url = await migratedDatabase();
    const database = databaseOf(url);
    let onPost: ((request: LoggedRequest) => void) | undefined;
    const server = await startXServer({
      users: usersFor(accounts),
      latencyMs: 60,
      rejectDuplicates: false,
      onRequest: (request) => {
        if (request.method === 'POST' && request.path === '/2/tweets') onPost?.(request);
      },
    });
    const root = await publishWorkspace(accounts, {
      config: 'limits:\n  min_gap_minutes: 0\npublish:\n  lock_wait_seconds: 0\n',
    });
    const env = { ...envFor(accounts, server.url), CHORUS_STATE_URL: url };
    const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
    const stats = { runs: 0, kills: 0, cuts: 0, rounds: 0, deferredByLock: 0 };
    const cutConnection = async () => {
      const rows = await adminSql(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'chorus' ORDER BY random() LIMIT 1",
        'postgres',
        [database],
      );
      if (rows.length === 0) return;
      await adminSql('SELECT pg_terminate_backend($1)', 'postgres', [rows[0]!.pid]);
      stats.cuts++;
    };

    const round = async (faults: boolean) => {
      stats.rounds++;
      const runs = RUNNERS.map((extra) => startCli([...args, ...extra], { env }));
      stats.runs += runs.length;
      const timers: NodeJS.Timeout[] = [];
      const pending: Promise<unknown>[] = [];
      if (faults) {
        // A kill a random moment right after a post reached X (before or after its answer and record), a
        // connection cut now and then, and one runner killed at a random time (while locking or reading).
        onPost = () => {
          const roll = random();
          if (roll < 0.1) {
            const victim = runs[Math.floor(random() * runs.length)]!;
            timers.push(setTimeout(() => victim.child.kill('SIGKILL'), Math.floor(random() * 30)));
          } else if (roll < 0.2) {
            pending.push(cutConnection().catch(() => undefined));
          }
        };
        const victim = runs[Math.floor(random() * runs.length)]!;
        timers.push(setTimeout(() => victim.child.kill('SIGKILL'), 200 + Math.floor(random() * 1200)));
      }
      const results = await Promise.all(runs.map((run) => run.done));
      onPost = undefined;
      timers.forEach(clearTimeout);
      await Promise.all(pending);
      let quiet = true;
      for (const result of results) {
        if (result.signal === 'SIGKILL') {
          stats.kills++;
          quiet = false;
          continue;
        }
        // No stack trace, no internal error, whatever happened to the connection.
        expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
        const out = JSON.parse(result.stdout) as Record<string, { reason?: string }[]>;
        stats.deferredByLock += out.deferred!.filter((d) => d.reason?.includes('locked by another')).length;
        if (out.published!.length > 0 || out.failed!.length > 0 || out.deferred!.length > 0) quiet = false;
        if (!faults) expect(result.stderr).toBe('');
      }
      return quiet;
    };

    const started = Date.now();
    try {
      for (let index = 0; index < FAULT_ROUNDS; index++) await round(true);
      let done = false;
      for (let index = 0; index < MAX_CLEAN_ROUNDS && !done; index++) done = await round(false);
      // No account stuck: a clean round after the faults publishes, fails and defers nothing.
      expect(done).toBe(true);

      // Zero double posts: every part of every post is on X exactly once.
      const onX = server.posts.map((post) => `${post.username}:${post.text}`);
      expect(onX.length).toBe(new Set(onX).size);
      expect([...onX].sort()).toEqual([...expectedParts].sort());

      // Zero lost records: every post on X is in the ledger as sent (published, or found by a reconcile).
      const rows = await adminSql('SELECT account, record FROM chorus_ledger ORDER BY seq', database);
      const records = parseLedger(rows.map((row) => `${String(row.record)}\n`).join('')).records;
      const sentIds = new Set(
        records.flatMap((record) =>
          record.type === 'published' || (record.type === 'reconciled' && record.found && record.platform_id)
            ? [record.platform_id]
            : [],
        ),
      );
      for (const post of server.posts) expect(sentIds.has(post.id)).toBe(true);
      // And every intent in the database was a claim of its own (the unique index held).
      const claims = records.filter((record) => record.type === 'intent').length;
      const reconciled = records.filter((record) => record.type === 'reconciled').length;
      expect(claims).toBeGreaterThanOrEqual(expectedParts.length);

      // No lock left behind by the killed runners: all connections of the runners are gone with them.
      const locks = await adminSql(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1",
        database,
        [LOCK_NAMESPACE],
      );
      expect(locks[0]!.n).toBe(0);
      console.log(
        `fleet simulation: ${stats.rounds} rounds, ${stats.runs} runs of ${RUNNERS.length} overlapping runners, ${stats.kills} SIGKILLs, ${stats.cuts} connections cut, ${stats.deferredByLock} account runs deferred by a lock; ${server.posts.length}/${expectedParts.length} parts on X, 0 double, ${records.length} ledger rows (${claims} intents, ${reconciled} reconciled), ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});
