// SIGKILL at random moments during runs of many posts over several accounts: rerun until nothing is due,
// then every post (and every thread part) is on X exactly once. Also with cut connections and 5xx.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLedger, replayLedger } from '../../src/state/ledger.js';
import { startCli } from '../helpers/run-cli.js';
import { type LoggedRequest, startXServer } from '../../src/platforms/x/stand-in.js';
import { envFor, type FixtureAccount, manyAccounts, NOW, publishWorkspace, usersFor } from './fixture.js';

function seeded(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
}

function calendar(): FixtureAccount[] {
  const accounts = manyAccounts(4, 4, 'crash');
  for (const account of accounts) {
    account.posts[1]!.thread = [`${account.id} thread part two`, `${account.id} thread part three`];
  }
  return accounts;
}

async function crashUntilDone(variant: {
  seed: number;
  faults?: { cutAfterAccept: number; error5xx: number };
}) {
  const accounts = calendar();
  const random = seeded(variant.seed);
  let onPost: ((request: LoggedRequest) => void) | undefined;
  const server = await startXServer({
    users: usersFor(accounts),
    latencyMs: 15,
    ...(variant.faults ? { randomFaults: { ...variant.faults, seed: variant.seed } } : {}),
    onRequest: (request) => {
      if (request.method === 'POST' && request.path === '/2/tweets') onPost?.(request);
    },
  });
  const root = await publishWorkspace(accounts);
  const env = envFor(accounts, server.url);
  const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
  let kills = 0;
  let runs = 0;
  let done = false;
  const started = Date.now();
  try {
    while (!done && runs < 60 && Date.now() - started < 40_000) {
      runs++;
      const run = startCli(args, { env });
      // Kill a few POSTs into the run, a random moment after the request reached X (before or after the
      // answer, before or after the ledger line); some runs are killed at a random time instead (while
      // locking, reading or writing intents), and every tenth run is left alone to make progress.
      const killAfterPosts = runs % 10 === 0 ? Number.POSITIVE_INFINITY : 1 + Math.floor(random() * 3);
      const timer =
        runs % 3 === 0 && runs % 10 !== 0
          ? setTimeout(() => run.child.kill('SIGKILL'), 300 + Math.floor(random() * 900))
          : undefined;
      let seen = 0;
      onPost = () => {
        seen++;
        if (seen === killAfterPosts) setTimeout(() => run.child.kill('SIGKILL'), Math.floor(random() * 40));
      };
      const result = await run.done;
      clearTimeout(timer);
      onPost = undefined;
      if (result.signal === 'SIGKILL') {
        kills++;
        continue;
      }
      expect(result.stderr).toBe('');
      const out = JSON.parse(result.stdout) as Record<string, unknown[]>;
      done =
        result.code === 0 &&
        out.published!.length === 0 &&
        out.failed!.length === 0 &&
        out.deferred!.length === 0;
    }
    expect(done).toBe(true);

    // Exactly once: every part of every post, on the right account, replies chained.
    for (const account of accounts) {
      const onX = server.postsOf(account.id);
      const expected = account.posts.flatMap((post) => [post.text, ...(post.thread ?? [])]);
      expect(onX.map((p) => p.text).sort()).toEqual([...expected].sort());
      const thread = account.posts[1]!;
      const [one, two, three] = [thread.text, ...thread.thread!].map((text) =>
        onX.find((p) => p.text === text)!,
      );
      expect(two!.inReplyTo).toBe(one!.id);
      expect(three!.inReplyTo).toBe(two!.id);
      // And the ledger knows every one of them, with X's ids.
      const ledger = replayLedger(
        parseLedger(await readFile(path.join(root, 'state', `${account.id}.jsonl`), 'utf8')).records,
      );
      const ids = [...ledger.posts.values()].flatMap((post) =>
        [...post.sent.values()].map((part) => part.platformId),
      );
      expect(ids.sort()).toEqual(onX.map((p) => p.id).sort());
    }
    return { runs, kills, seconds: (Date.now() - started) / 1000 };
  } finally {
    await server.close();
  }
}

describe('crash safety', () => {
  it('SIGKILL at random moments: every post published exactly once', { timeout: 60_000 }, async () => {
    const stats = await crashUntilDone({ seed: 7 });
    console.log(`crash test: ${stats.runs} runs, ${stats.kills} killed, ${stats.seconds}s`);
    expect(stats.kills).toBeGreaterThan(2);
  });

  it('SIGKILL plus cut connections and 5xx: still exactly once', { timeout: 60_000 }, async () => {
    const stats = await crashUntilDone({ seed: 11, faults: { cutAfterAccept: 0.15, error5xx: 0.15 } });
    console.log(`crash test with faults: ${stats.runs} runs, ${stats.kills} killed, ${stats.seconds}s`);
    expect(stats.kills).toBeGreaterThan(2);
  });
});
