// `chorus publish` for a Bluesky account, through the built CLI against the real PDS on 127.0.0.1: posts, a
// thread, an image with alt text, tracked links in facets; SIGKILL at random moments then reruns (no record
// twice, none lost); two concurrent runs; a wrong app password; one login per run; dry-run and
// accounts --check; metrics against the AppView stand-in.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey } from '../../src/platforms/bluesky/tid.js';
import { parseLedger, replayLedger } from '../../src/state/ledger.js';
import { startAppView } from '../helpers/appview.js';
import { loggingProxy, type PdsAccount, startPds, type TestPds } from '../helpers/pds.js';
import { runCliAsync, startCli } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-22T09:00:00Z';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let pds: TestPds;
beforeAll(async () => {
  pds = await startPds();
}, 25_000);
afterAll(() => pds?.stop());

const stem = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');

function accountFile(user: PdsAccount, server: string): string {
  return [
    'platform: bluesky',
    `handle: ${user.handle}`,
    `server: ${server}`,
    'timezone: Europe/Berlin',
    'language: en',
    'owner: ana',
    'team: [ben]',
  ].join('\n');
}

interface Post {
  id: string;
  text: string;
  thread?: string[];
  link?: string;
  media?: { file: string; alt: string }[];
}

function calendar(posts: readonly Post[]): string {
  return posts
    .map((post, i) => {
      const lines = [
        `- id: ${post.id}`,
        '  category: news',
        `  text: ${JSON.stringify(post.text)}`,
        `  at: "2026-11-22T08:${String(10 + i).padStart(2, '0')}:00Z"`,
      ];
      if (post.link) lines.push(`  link: ${post.link}`);
      if (post.thread) lines.push('  thread:', ...post.thread.map((part) => `    - ${JSON.stringify(part)}`));
      if (post.media) {
        lines.push('  media:');
        for (const m of post.media)
          lines.push(`    - file: ${m.file}`, `      alt: ${JSON.stringify(m.alt)}`);
      }
      return lines.join('\n');
    })
    .join('\n');
}

async function workspace(accounts: { id: string; user: PdsAccount; posts: Post[] }[], server = pds.url) {
  const files: Record<string, string | Uint8Array> = {
    'chorus.yaml':
      'limits:\n  min_gap_minutes: 0\n  max_posts_per_day: 20\ntracking:\n  domains: [acme.example]\n',
    'media/dot.png': PNG,
  };
  for (const { id, user, posts } of accounts) {
    files[`accounts/${id}.yaml`] = accountFile(user, server);
    files[`content/${id}/posts.yaml`] = `${calendar(posts)}\n`;
  }
  return makeWorkspace(files);
}

function envFor(accounts: { id: string; user: PdsAccount }[], allowed = pds.url, password?: string) {
  const env: Record<string, string> = { CHORUS_ALLOWED_SERVERS: allowed };
  for (const { id, user } of accounts) {
    env[`CHORUS_${stem(id)}_IDENTIFIER`] = user.handle;
    env[`CHORUS_${stem(id)}_APP_PASSWORD`] = password ?? user.appPassword;
  }
  return env;
}

async function ledgerIds(root: string, account: string): Promise<string[]> {
  const ledger = replayLedger(
    parseLedger(await readFile(path.join(root, 'state', `${account}.jsonl`), 'utf8')).records,
  );
  return [...ledger.posts.values()].flatMap((post) => [...post.sent.values()].map((part) => part.platformId));
}

const manyPosts = (prefix: string): Post[] => [
  { id: 'p0', text: `${prefix}: doors open at nine.`, link: 'https://acme.example/open' },
  {
    id: 'p1',
    text: `${prefix}: a thread, part one.`,
    thread: [`${prefix}: part two.`, `${prefix}: part three.`],
  },
  { id: 'p2', text: `${prefix}: the new map.`, media: [{ file: 'media/dot.png', alt: 'A dot on a map' }] },
  { id: 'p3', text: `${prefix}: see you there.` },
];

describe('chorus publish to Bluesky (real PDS)', () => {
  it('publishes posts, a thread and an image; links are facets with the tracked URL; the ledger keeps URI and CID', async () => {
    const user = await pds.createAccount('zora');
    const accounts = [{ id: 'acme-sky', user, posts: manyPosts('Pub') }];
    // The account's server is a logging proxy in front of the PDS: it sees every login.
    const proxy = await loggingProxy(pds.url);
    const root = await workspace(accounts, proxy.url);
    try {
      const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
        env: envFor(accounts, proxy.url),
      });
      expect(result.stderr).toBe('');
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).not.toContain(user.appPassword);
      const out = JSON.parse(result.stdout) as { published: { id: string; url: string }[] };
      expect(out.published.map((p) => p.id).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
      expect(proxy.calls.filter((c) => c === 'com.atproto.server.createSession')).toHaveLength(1);
      // A second run has nothing to send: no request to Bluesky at all.
      proxy.calls.length = 0;
      const again = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
        env: envFor(accounts, proxy.url),
      });
      expect(again.code).toBe(0);
      expect(proxy.calls).toEqual([]);
    } finally {
      await proxy.close();
    }
    const records = await pds.listRecords(user.did);
    expect(records).toHaveLength(6);
    const byText = new Map(records.map((r) => [r.value.text as string, r]));
    const p0 = byText.get('Pub: doors open at nine. acme.example/open…')!;
    expect((p0.value.facets as { features: { uri?: string }[] }[])[0]!.features[0]!.uri).toMatch(
      /^https:\/\/acme\.example\/open\?/,
    );
    expect(p0.uri.split('/').at(-1)).toBe(recordKey({ account: 'acme-sky', post: 'p0', part: 0 }));
    const [one, two, three] = ['Pub: a thread, part one.', 'Pub: part two.', 'Pub: part three.'].map((text) =>
      byText.get(text)!,
    );
    expect(three!.value.reply).toEqual({
      root: { uri: one!.uri, cid: one!.cid },
      parent: { uri: two!.uri, cid: two!.cid },
    });
    expect(
      (byText.get('Pub: the new map.')!.value.embed as { images: { alt: string }[] }).images[0]!.alt,
    ).toBe('A dot on a map');
    expect((await ledgerIds(root, 'acme-sky')).sort()).toEqual(records.map((r) => r.uri).sort());

    expect(await readFile(path.join(root, 'state', 'acme-sky.jsonl'), 'utf8')).toContain(
      `"cid":"${one!.cid}"`,
    );
  });

  it(
    'SIGKILL at random moments, then reruns: every part exactly once, none lost',
    { timeout: 70_000 },
    async () => {
      const users = await Promise.all([pds.createAccount('kill0'), pds.createAccount('kill1')]);
      const accounts = users.map((user, i) => ({ id: `kill-${i}`, user, posts: manyPosts(`Kill${i}`) }));
      const root = await workspace(accounts);
      const env = envFor(accounts);
      let seed = 20261122;
      const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
      let kills = 0;
      let done = false;
      const started = Date.now();
      const ledgers = accounts.map(({ id }) => path.join(root, 'state', `${id}.jsonl`));
      const sizes = () =>
        Promise.all(
          ledgers.map((file) =>
            stat(file).then(
              (s) => s.size,
              () => 0,
            ),
          ),
        );
      for (let run = 1; !done && run <= 40 && Date.now() - started < 50_000; run++) {
        const before = (await sizes()).join();
        const cli = startCli(['publish', '--root', root, '--now', NOW, '--format', 'json'], { env });
        // Every fifth run (once three were killed) is left alone to make progress. The others are killed a
        // random 0-200 ms after their first ledger write (an intent: before its request, after it, or after
        // the record), or at a random moment 0.2-1.5 s in when nothing is written by then.
        let poll: NodeJS.Timeout | undefined;
        let timer: NodeJS.Timeout | undefined;
        if (!(run % 5 === 0 && kills >= 3)) {
          const kill = () => cli.child.kill('SIGKILL');
          poll = setInterval(() => {
            void sizes().then((now) => {
              if (poll && now.join() !== before) {
                clearInterval(poll);
                poll = undefined;
                // Until one run was killed, kill at once (a loaded machine may otherwise let every run finish).
                timer = setTimeout(kill, kills === 0 ? 0 : random() * 200);
              }
            });
          }, 10);
          timer = setTimeout(kill, 200 + random() * 1300);
        }
        const result = await cli.done;
        clearInterval(poll);
        clearTimeout(timer);
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
      console.log(`Bluesky crash test: ${kills} runs killed`);
      expect(done).toBe(true);
      // At least one run must have been killed, or the test proves nothing about crashes (how many depends on
      // the machine's speed: a fast run can finish within the random delay before its kill).
      expect(kills).toBeGreaterThan(0);
      for (const { id, user, posts } of accounts) {
        const records = await pds.listRecords(user.did);
        const expected = posts.flatMap((post) => [post.text, ...(post.thread ?? [])]);
        expect(
          records.map((r) => (r.value.text as string).replace(/ acme\.example\/open…$/, '')).sort(),
        ).toEqual([...expected].sort());
        expect((await ledgerIds(root, id)).sort()).toEqual(records.map((r) => r.uri).sort());
      }
    },
  );

  it('a crash between a create and its ledger line: the rerun finds the record by its key and sends nothing', async () => {
    const user = await pds.createAccount('crash');
    const accounts = [{ id: 'crash', user, posts: manyPosts('Crash').slice(0, 2) }];
    const root = await workspace(accounts);
    const env = envFor(accounts);
    const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
    expect((await runCliAsync(args, { env })).code).toBe(0);
    expect(await pds.listRecords(user.did)).toHaveLength(4);
    // As if killed after the server created the records and before the ledger recorded them: only the
    // intents are left.
    const file = path.join(root, 'state', 'crash.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    await writeFile(file, `${lines.filter((line) => !line.includes('"type":"published"')).join('\n')}\n`);
    const rerun = await runCliAsync(args, { env });
    expect(rerun.stderr).toBe('');
    expect(rerun.code, rerun.stdout).toBe(0);
    const records = await pds.listRecords(user.did);
    expect(records).toHaveLength(4);
    const reconciled = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { type: string; found?: boolean })
      .filter((record) => record.type === 'reconciled' && record.found === true);
    expect(reconciled).toHaveLength(4);
    expect((await ledgerIds(root, 'crash')).sort()).toEqual(records.map((r) => r.uri).sort());
  });

  it('two concurrent runs: each part once', { timeout: 30_000 }, async () => {
    const user = await pds.createAccount('twin');
    const accounts = [{ id: 'twin', user, posts: manyPosts('Twin') }];
    const root = await workspace(accounts);
    const env = envFor(accounts);
    const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
    const [a, b] = await Promise.all([startCli(args, { env }).done, startCli(args, { env }).done]);
    expect(a.stderr + b.stderr).toBe('');
    const published = [a, b].flatMap(
      (r) => (JSON.parse(r.stdout) as { published: { id: string }[] }).published,
    );
    expect(published.map((p) => p.id).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(await pds.listRecords(user.did)).toHaveLength(6);
  });

  it('a wrong app password fails the account, says which variable, and never shows the value', async () => {
    const user = await pds.createAccount('wrong');
    const accounts = [{ id: 'wrong-pw', user, posts: manyPosts('Wrong').slice(0, 1) }];
    const root = await workspace(accounts);
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW], {
      env: envFor(accounts, pds.url, 'zzzz-wrong-pass-word'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/refused the identifier or app password of wrong\.test/);
    expect(result.stdout + result.stderr).toContain('CHORUS_WRONG_PW_APP_PASSWORD');
    expect(result.stdout + result.stderr).not.toContain('zzzz-wrong-pass-word');
    expect(await pds.listRecords(user.did)).toHaveLength(0);
  });

  it('--dry-run shows the createRecord call with facets and touches nothing', async () => {
    const user = await pds.createAccount('dry');
    const accounts = [{ id: 'dry', user, posts: manyPosts('Dry') }];
    const root = await workspace(accounts);
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--dry-run'], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('com.atproto.repo.createRecord');
    expect(result.stdout).toContain('"$type":"app.bsky.richtext.facet#link"');
    expect(result.stdout).toContain('"text":"Dry: doors open at nine. acme.example/open…"');
    expect(result.stdout).toContain(`"rkey":"${recordKey({ account: 'dry', post: 'p0', part: 0 })}"`);
    expect(await pds.listRecords(user.did)).toHaveLength(0);
  });

  it('accounts --check logs in and confirms the identity; metrics come from the AppView', async () => {
    const user = await pds.createAccount('yuki');
    const accounts = [{ id: 'yuki-sky', user, posts: manyPosts('Check').slice(0, 1) }];
    const root = await workspace(accounts);
    const check = await runCliAsync(['accounts', '--root', root, '--check'], { env: envFor(accounts) });
    expect(check.stdout + check.stderr).toContain('yuki.test');
    expect(check.code).toBe(0);

    const published = await runCliAsync(['publish', '--root', root, '--now', NOW], { env: envFor(accounts) });
    expect(published.code).toBe(0);
    const [record] = await pds.listRecords(user.did);
    const appView = await startAppView();
    try {
      appView.posts.set(record!.uri, {
        uri: record!.uri,
        cid: record!.cid,
        did: user.did,
        handle: user.handle,
        likes: 5,
        reposts: 1,
        replies: 2,
        quotes: 3,
      });
      appView.profiles.set(user.did, {
        did: user.did,
        handle: user.handle,
        followers: 11,
        follows: 2,
        posts: 1,
      });
      const metrics = await runCliAsync(['metrics', '--root', root, '--now', '2026-11-23T09:00:00Z'], {
        env: { ...envFor(accounts), CHORUS_BLUESKY_APPVIEW_URL: appView.url },
      });
      expect(metrics.stderr).toBe('');
      expect(metrics.code).toBe(0);
      expect(appView.requests.some((r) => r.path.startsWith('/xrpc/app.bsky.feed.getPosts'))).toBe(true);
      const snapshot = await readFile(path.join(root, 'state', 'yuki-sky.metrics.jsonl'), 'utf8');
      expect(snapshot).toContain(record!.uri);
      expect(snapshot).toMatch(/"likes":5/);
      expect(snapshot).toMatch(/"quotes":3/);
      expect(snapshot).toMatch(/"followers":11/);
      expect(appView.requests.every((r) => !r.authorized)).toBe(true);
      // The scorecard reads the snapshot like any other network's.
      const report = await runCliAsync(['report', '--root', root, '--format', 'json'], { env: {} });
      expect(report.stderr).toBe('');
      expect(report.code).toBe(0);
      expect(report.stdout).toContain('yuki-sky');
      expect(report.stdout).toMatch(/"likes":\s*5/);
    } finally {
      await appView.close();
    }
  });
});
