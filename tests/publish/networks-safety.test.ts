// The X safety tests, for Mastodon and Weibo: SIGKILL at random moments with cut connections and 5xx
// (exactly once in the end), two concurrent runs (no double post), and no secret in any output or file
// even when the stand-in echoes the token back.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLedger, replayLedger } from '../../src/state/ledger.js';
import { runCliAsync, startCli } from '../helpers/run-cli.js';
import { secretOf, type FixtureAccount } from './fixture.js';
import {
  type Network,
  networkAccounts,
  networkEnv,
  networkWorkspace,
  startStandIn,
} from './network-fixture.js';

const NOW = '2026-11-22T09:00:00Z';

function seeded(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
}

async function crashUntilDone(network: Network, seed: number) {
  const accounts = networkAccounts(3, 3, `${network.slice(0, 2)}crash`);
  // Mastodon has threads: one post per account is a thread of three.
  if (network === 'mastodon')
    for (const account of accounts) account.posts[1]!.thread = [`${account.id} two`, `${account.id} three`];
  const random = seeded(seed);
  const standIn = await startStandIn(network, accounts, {
    latencyMs: 15,
    faults: { cutAfterAccept: 0.15, error5xx: 0.15, seed },
  });
  let onCreate: (() => void) | undefined;
  standIn.onCreate(() => onCreate?.());
  const root = await networkWorkspace(network, accounts, standIn.url);
  const env = networkEnv(network, accounts, standIn.url);
  const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
  let kills = 0;
  let runs = 0;
  let done = false;
  const started = Date.now();
  try {
    while (!done && runs < 50 && Date.now() - started < 20_000) {
      runs++;
      const run = startCli(args, { env });
      const killAfter = runs % 4 === 0 ? Number.POSITIVE_INFINITY : 1 + Math.floor(random() * 3);
      const timer =
        runs % 3 === 0 && runs % 4 !== 0
          ? setTimeout(() => run.child.kill('SIGKILL'), 250 + Math.floor(random() * 600))
          : undefined;
      let seen = 0;
      onCreate = () => {
        seen++;
        if (seen === killAfter) setTimeout(() => run.child.kill('SIGKILL'), Math.floor(random() * 40));
      };
      const result = await run.done;
      clearTimeout(timer);
      onCreate = undefined;
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
    for (const account of accounts) {
      const onNetwork = standIn.postsOf(account);
      const expected = account.posts.flatMap((post) => [post.text, ...(post.thread ?? [])]);
      expect(onNetwork.map((p) => p.text).sort()).toEqual([...expected].sort());
      if (network === 'mastodon') {
        const thread = account.posts[1]!;
        const [one, two, three] = [thread.text, ...thread.thread!].map((text) =>
          onNetwork.find((p) => p.text === text)!,
        );
        expect(two!.inReplyTo).toBe(one!.id);
        expect(three!.inReplyTo).toBe(two!.id);
      }
      const ledger = replayLedger(
        parseLedger(await readFile(path.join(root, 'state', `${account.id}.jsonl`), 'utf8')).records,
      );
      const ids = [...ledger.posts.values()].flatMap((post) =>
        [...post.sent.values()].map((part) => part.platformId),
      );
      expect(ids.sort()).toEqual(onNetwork.map((p) => p.id).sort());
    }
    return { runs, kills };
  } finally {
    await standIn.close();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

for (const [network, seed] of [
  ['mastodon', 5],
  ['weibo', 13],
] as const) {
  describe(`${network}: crash safety, concurrency, secrets`, () => {
    it(
      'SIGKILL at random moments, cut connections and 5xx: every post published exactly once',
      { timeout: 28_000 },
      async () => {
        const stats = await crashUntilDone(network, seed);
        console.log(`${network} crash test: ${stats.runs} runs, ${stats.kills} killed`);
        expect(stats.kills).toBeGreaterThan(1);
      },
    );

    it('two concurrent runs never double-post', { timeout: 20_000 }, async () => {
      const accounts = networkAccounts(4, 3, `${network.slice(0, 2)}dual`);
      const standIn = await startStandIn(network, accounts, { latencyMs: 20 });
      try {
        const root = await networkWorkspace(network, accounts, standIn.url);
        const env = networkEnv(network, accounts, standIn.url);
        const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
        const [a, b] = await Promise.all([startCli(args, { env }).done, startCli(args, { env }).done]);
        expect(a.stderr + b.stderr).toBe('');
        const published = [...JSON.parse(a.stdout).published, ...JSON.parse(b.stdout).published].map(
          (p: { account: string; id: string }) => `${p.account}/${p.id}`,
        );
        expect(new Set(published).size).toBe(published.length);
        const texts = accounts.flatMap((account) => standIn.postsOf(account).map((p) => p.text));
        expect(new Set(texts).size).toBe(texts.length);
        expect(texts).toHaveLength(12);
        const rerun = await runCliAsync(args, { env });
        expect(JSON.parse(rerun.stdout).published).toEqual([]);
      } finally {
        await standIn.close();
      }
    });

    it(
      'no token appears in any output, ledger or state file, even when the network echoes it',
      { timeout: 20_000 },
      async () => {
        const accounts: FixtureAccount[] = networkAccounts(2, 2, `${network.slice(0, 2)}sec`);
        const standIn = await startStandIn(network, accounts);
        try {
          const root = await networkWorkspace(network, accounts, standIn.url);
          const env = networkEnv(network, accounts, standIn.url);
          const outputs: string[] = [];
          const run = async (...args: string[]) => {
            const result = await runCliAsync([...args, '--root', root], { env });
            outputs.push(result.stdout, result.stderr);
            return result;
          };
          // The network echoes the Authorization header in its refusal of the first account's posts.
          if (network === 'mastodon') standIn.mastodon!.setEchoOnPost(422);
          else standIn.weibo!.setEchoOnShare(true);
          await run('publish', '--now', NOW, '--debug', '--account', accounts[0]!.id);
          if (network === 'mastodon') standIn.mastodon!.setEchoOnPost(undefined);
          else standIn.weibo!.setEchoOnShare(false);
          await run('publish', '--now', NOW, '--format', 'json');
          await run('publish', '--now', NOW, '--dry-run');
          await run('accounts', '--check');
          await run('metrics', '--now', NOW);
          env[`CHORUS_${accounts[1]!.id.toUpperCase()}_ACCESS_TOKEN`] = 'unknown-token-Qv8zz';
          await run('accounts', '--check', '--format', 'json');
          expect(outputs.join('')).toContain('[redacted]');
          const files = await filesUnder(path.join(root, 'state'));
          expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
          const stored = await Promise.all(files.map((f) => readFile(f, 'utf8')));
          for (const secret of [...accounts.map((a) => secretOf(a.id, 'token')), 'unknown-token-Qv8zz']) {
            for (const text of [...outputs, ...stored]) expect(text).not.toContain(secret);
          }
          // The tokens did reach the network, in the Authorization header only.
          expect(
            standIn.authorizations().some((value) => value?.includes(secretOf(accounts[0]!.id, 'token'))),
          ).toBe(true);
        } finally {
          await standIn.close();
        }
      },
    );
  });
}
