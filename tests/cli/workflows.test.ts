// The shipped GitHub workflows (templates/workflows/, written by `chorus init --workflows`) run as a runner
// would run their `run:` steps: shards and the daily feed job in clones of one local bare remote, pushes
// racing, against the local X stand-in. See tests/helpers/workflow-runner.ts for what is modelled.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCredentialNames } from '../../src/model/validate.js';
import { x } from '../../src/platforms/x/index.js';
import { parseLedger } from '../../src/state/ledger.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { installPacked, REPO } from '../helpers/packed-install.js';
import { BIN } from '../helpers/run-cli.js';
import {
  groupOf,
  type JobResult,
  readWorkflow,
  type RunContext,
  runQueued,
  runWorkflow,
  type Workflow,
} from '../helpers/workflow-runner.js';

const exec = promisify(execFile);
const WORKFLOWS = path.join(REPO, 'templates', 'workflows');
const SHOPS = ['shop-a', 'shop-b', 'shop-c', 'shop-d', 'shop-e', 'shop-f'];
const DUPLICATE_SHOP = 'shop-dup';

let installed: string;
let shims: string;
let server: XServer;
let publish: Workflow;
let deals: Workflow;
let lint: Workflow;

const git = (cwd: string, ...args: string[]) => exec('git', args, { cwd, timeout: 10_000, env: gitEnv() });
const gitEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: installed,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
});

beforeAll(async () => {
  installed = await mkdtemp(path.join(tmpdir(), 'chorus-installed-'));
  await installPacked(installed);
  // The retry loops back off with `sleep`; the test runs them at 1/20 of the time.
  shims = await mkdtemp(path.join(tmpdir(), 'chorus-shims-'));
  const { stdout: realSleep } = await exec('bash', ['-c', 'command -v sleep']);
  await writeFile(
    path.join(shims, 'sleep'),
    `#!/bin/sh\nexec ${realSleep.trim()} "$(awk "BEGIN { print $1 / 20 }")"\n`,
  );
  await chmod(path.join(shims, 'sleep'), 0o755);
  server = await startXServer({
    users: [...SHOPS, DUPLICATE_SHOP, 'outlet', 'example'].map((id, i) => ({
      id: String(100 + i),
      username: id.replace(/-/g, '_'),
      accessToken: `token-${id}`,
    })),
  });
  const loaded = await Promise.all(
    ['chorus-publish.yml', 'chorus-deals.yml', 'chorus-lint.yml'].map((f) =>
      readWorkflow(path.join(WORKFLOWS, f)),
    ),
  );
  publish = loaded[0]!;
  deals = loaded[1]!;
  lint = loaded[2]!;
}, 25_000);

afterAll(async () => {
  await server?.close();
});

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';

/** A fresh bare remote holding `chorus init --workflows`, plus `files` (the brand's accounts and calendars). */
async function remoteWith(files: Record<string, string>): Promise<{ remote: string; work: string }> {
  const base = await mkdtemp(path.join(tmpdir(), 'chorus-remote-'));
  const remote = path.join(base, 'remote.git');
  const work = path.join(base, 'seed');
  await exec('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', remote], { timeout: 10_000 });
  await exec(
    process.execPath,
    [BIN, 'init', work, '--workflows', '--timezone', 'UTC', '--dependency', 'file:chorus-cli.tgz'],
    { timeout: 15_000 },
  );
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, relative)), { recursive: true });
    await writeFile(path.join(work, relative), text);
  }
  await git(work, 'init', '--quiet', '--initial-branch', 'main');
  await git(work, 'add', '-A');
  await git(work, 'commit', '--quiet', '-m', 'chorus init');
  await git(work, 'push', '--quiet', remote, 'main');
  return { remote, work };
}

function contextFor(
  remote: string,
  secrets: Record<string, string>,
  vars: Record<string, string> = {},
): RunContext {
  return {
    secrets,
    vars,
    remote,
    installed,
    env: { PATH: `${shims}:${process.env.PATH ?? ''}` },
    stepTimeoutMs: 15_000,
  };
}

function credentials(ids: string[]): Record<string, string> {
  const secrets: Record<string, string> = {
    CHORUS_X_APP_KEY: 'app-key',
    CHORUS_X_APP_SECRET: 'app-secret',
    CHORUS_X_API_URL: server.url,
  };
  for (const id of ids) {
    const names = defaultCredentialNames(id, x.account.credentials);
    secrets[names.access_token!] = `token-${id}`;
    secrets[names.access_secret!] = `secret-${id}`;
  }
  return secrets;
}

/** The remote's version of a file, or undefined. */
async function remoteFile(remote: string, file: string): Promise<string | undefined> {
  try {
    return (await exec('git', ['--git-dir', remote, 'show', `main:${file}`], { timeout: 10_000 })).stdout;
  } catch {
    return undefined;
  }
}

const remoteHead = async (remote: string) =>
  (await exec('git', ['--git-dir', remote, 'rev-parse', 'main'], { timeout: 10_000 })).stdout.trim();

function describeJobs(results: JobResult[]): string {
  return results
    .map(
      (r) =>
        `${r.job} ${JSON.stringify(r.matrix)} ${r.ok ? 'ok' : 'FAILED'}\n${r.steps.map((s) => `  [${s.skipped ? 'skipped' : s.code}] ${s.name.split('\n')[0]}\n${s.output.replace(/^/gm, '      ')}`).join('\n')}`,
    )
    .join('\n');
}

const account = (handle: string, extra = '') =>
  [
    `platform: x`,
    `handle: "@${handle}"`,
    'timezone: UTC',
    'language: en',
    'categories: [news, deals]',
    'owner: maya',
    'team: [jonas]',
    extra,
  ].join('\n');

describe('the shipped workflows', () => {
  it('name one concurrency group in every workflow that writes state/ or content/, and call the installed chorus', async () => {
    const writers: string[] = [];
    for (const [name, workflow] of [
      ['publish', publish],
      ['deals', deals],
      ['lint', lint],
    ] as const) {
      for (const [jobId, job] of Object.entries(workflow.jobs)) {
        const runs = job.steps.map((s) => s.run ?? '').join('\n');
        // Bare `npx chorus` may resolve to another package on the registry; only the lockfile's copy may run.
        expect(runs, `${name}/${jobId}`).not.toMatch(/npx (?!--no-install )/);
        expect(runs, `${name}/${jobId}`).not.toMatch(/(^|[;&|(]\s*)chorus\s/m);
        // Pushes, or runs a command that writes state/ (publish) or content/ (import).
        const writes = /git push|with-secrets\.js publish|chorus (publish|import)\b/.test(runs);
        if (writes) {
          writers.push(name);
          expect(groupOf(job.concurrency) ?? groupOf(workflow.concurrency), `${name}/${jobId}`).toBe(
            'chorus-state',
          );
          const setting = workflow.concurrency as { 'cancel-in-progress'?: boolean };
          expect(setting['cancel-in-progress'], `${name}: a cancelled publish could lose its ledger`).toBe(
            false,
          );
          expect(workflow.permissions?.contents).toBe('write');
        }
      }
    }
    expect(writers.sort()).toEqual(['deals', 'publish']);
    expect(groupOf(lint.concurrency)).not.toBe('chorus-state');
  });

  it('are green on a repository fresh from chorus init, and push nothing', async () => {
    const { remote } = await remoteWith({});
    const before = await remoteHead(remote);
    const context = contextFor(remote, credentials(['example']));
    const [publishRun, lintRun] = await runQueued([
      { workflow: publish, context },
      { workflow: lint, context },
    ]);
    const all = [...publishRun!, ...lintRun!];
    expect(
      all.every((r) => r.ok),
      describeJobs(all),
    ).toBe(true);
    expect(publishRun).toHaveLength(4);
    expect(await remoteHead(remote)).toBe(before);
  }, 25_000);

  it('publish shards and the daily feed: no double post, no lost ledger record, no lost import', async () => {
    const now = Date.now();
    const files: Record<string, string> = {
      // The brand's own settings: rules that depend on the time of day are off, so the test runs at any hour.
      'chorus.yaml': 'rules:\n  quiet-hours: off\n  min-gap: off\n  max-posts-per-day: { max: 20 }\n',
    };
    for (const [i, id] of [...SHOPS, DUPLICATE_SHOP].entries()) {
      files[`accounts/${id}.yaml`] = account(id.replace(/-/g, '_'));
      files[`content/${id}/now.yaml`] = [0, 1]
        .map(
          (n) =>
            `- id: post-${n}\n  category: news\n  text: News number ${n} from ${id} (${i}), sent by the workflow test.\n  at: ${iso(now - (4 - n) * 60_000)}\n  author: maya\n`,
        )
        .join('\n');
    }
    // The outlet's deals come from the feed; its slots are hours away, so no deal is due during the test.
    const slot = new Date(now + 6 * 3600_000).toISOString().slice(11, 16);
    files['accounts/outlet.yaml'] = account(
      'outlet',
      `slots:\n  daily: ["${slot}"]\nlimits:\n  promo_share: 1`,
    );
    const day = (days: number) => new Date(now + days * 86_400_000).toISOString().slice(0, 10);
    const feed = path.join(await mkdtemp(path.join(tmpdir(), 'chorus-feed-')), 'feed.csv');
    await writeFile(
      feed,
      'sku,title,price,list_price,currency,url,starts,ends\n' +
        `AB-100,Trail shoes,59.90,89.90,EUR,https://shop.example.com/p/ab-100,${day(1)},${day(10)}\n` +
        `CD-200,Rain jacket,79,129,EUR,https://shop.example.com/p/cd-200,${day(2)},${day(12)}\n`,
    );
    const { remote } = await remoteWith(files);
    // @shop_dup already posted its first text: X refuses it as a duplicate, so that shard's publish fails.
    server.posts.push({
      id: '1',
      userId: String(100 + SHOPS.length),
      username: 'shop_dup',
      text: `News number 0 from ${DUPLICATE_SHOP} (${SHOPS.length}), sent by the workflow test.`,
      inReplyTo: undefined,
      mediaIds: [],
      createdAt: new Date(now - 86_400_000),
    });
    const postsBefore = server.posts.length;

    const secrets = {
      ...credentials([...SHOPS, DUPLICATE_SHOP, 'outlet', 'example']),
      CHORUS_FEED_URL: `file://${feed}`,
    };
    const context = contextFor(remote, secrets, {
      CHORUS_FEED_ACCOUNT: 'outlet',
      CHORUS_FEED_APPROVER: 'maya',
    });
    // Queued together: the two publish runs and the feed share chorus-state (one after another); lint does not.
    const [first, feedRun, second, lintRun] = await runQueued([
      { workflow: publish, context },
      { workflow: deals, context },
      { workflow: publish, context },
      { workflow: lint, context },
    ]);
    const log = describeJobs([...first!, ...feedRun!, ...second!, ...lintRun!]);

    // Every post went out exactly once.
    const sent = server.posts.slice(postsBefore);
    const texts = sent.map((p) => `${p.username}: ${p.text}`);
    expect(new Set(texts).size, log).toBe(texts.length);
    expect(sent.length, log).toBe(SHOPS.length * 2 + 1);

    // The duplicate shop's shard is red, but its ledger (the failed record and the post that went) was committed.
    const red = first!.filter((r) => !r.ok);
    expect(red, log).toHaveLength(1);
    expect(red[0]!.steps.find((s) => s.name === 'Publish')!.code, log).toBe(1);
    expect(red[0]!.steps.find((s) => s.name === 'Commit the ledger')!.code, log).toBe(0);
    expect(
      feedRun!.every((r) => r.ok),
      log,
    ).toBe(true);
    expect(
      lintRun!.every((r) => r.ok),
      log,
    ).toBe(true);
    // The second run found everything in the ledger it pulled: nothing to send, nothing to commit.
    expect(
      second!.filter((r) => !r.ok).map((r) => r.matrix),
      log,
    ).toEqual(red.map((r) => r.matrix));

    // The shards pushed their ledgers at the same time: each commit landed (rebased on the others).
    const { stdout: commits } = await exec('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], {
      timeout: 10_000,
    });
    const pushed = (run: JobResult[]) =>
      run.filter((r) => !/No new ledger records/.test(r.steps.at(-1)!.output));
    expect(pushed(first!).length, log).toBeGreaterThanOrEqual(2);
    // (The second run retries the refused duplicate, so its shard records that failure too.)
    const pushedShards = [...pushed(first!), ...pushed(second!)];
    expect(commits.match(/^chorus publish: ledger/gm)?.length, log).toBe(pushedShards.length);

    // Every post on X has its published record in the remote's ledger.
    for (const post of sent) {
      const id = post.username.replace(/_/g, '-');
      const ledger = parseLedger((await remoteFile(remote, `state/${id}.jsonl`)) ?? '').records;
      expect(
        ledger.some((r) => r.type === 'published' && r.platform_id === post.id),
        `${id}: no published record for ${post.id}\n${log}`,
      ).toBe(true);
    }
    const duplicateLedger = parseLedger(
      (await remoteFile(remote, `state/${DUPLICATE_SHOP}.jsonl`)) ?? '',
    ).records;
    expect(duplicateLedger.some((r) => r.type === 'failed' && r.post === 'post-0')).toBe(true);

    // The feed's deals are in the remote's calendar, and approved.
    const calendar = (await remoteFile(remote, 'content/outlet/feed.yaml')) ?? '';
    expect(calendar, log).toContain(`id: deal-ab-100-${day(1)}`);
    expect(calendar, log).toContain(`id: deal-cd-200-${day(2)}`);
    expect(calendar).toContain('approved_by: maya');
    // Nothing else reached the remote: no lock, no feed file, no .env.
    const { stdout: tree } = await exec('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', 'main']);
    expect(tree).not.toMatch(/\.lock|feed\.csv|\.env$/m);
  }, 28_000);

  it('a missing or wrong approver fails the feed job and imports nothing', async () => {
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const feed = path.join(await mkdtemp(path.join(tmpdir(), 'chorus-feed-')), 'feed.csv');
    await writeFile(
      feed,
      'sku,title,price,list_price,currency,url,starts,ends\n' +
        `AB-100,Trail shoes,59.90,89.90,EUR,https://shop.example.com/p/ab-100,${day(1)},${day(10)}\n`,
    );
    const { remote } = await remoteWith({
      'accounts/outlet.yaml': account('outlet', 'limits:\n  promo_share: 1'),
    });
    const before = await remoteHead(remote);
    const secrets = { CHORUS_FEED_URL: `file://${feed}` };
    const [empty, stranger] = await runQueued([
      {
        workflow: deals,
        context: contextFor(remote, secrets, { CHORUS_FEED_ACCOUNT: 'outlet', CHORUS_FEED_APPROVER: '' }),
      },
      {
        workflow: deals,
        context: contextFor(remote, secrets, {
          CHORUS_FEED_ACCOUNT: 'outlet',
          CHORUS_FEED_APPROVER: 'mallory',
        }),
      },
    ]);
    const log = describeJobs([...empty!, ...stranger!]);
    expect(empty![0]!.ok, log).toBe(false);
    const check = empty![0]!.steps.find((s) => s.name === 'Check the settings')!;
    expect(check.code).toBe(1);
    expect(check.output).toContain(
      '::error title=chorus deals::The variable CHORUS_FEED_APPROVER is not set',
    );
    expect(stranger![0]!.ok, log).toBe(false);
    expect(stranger![0]!.steps.find((s) => s.name === 'Import the deals')!.code, log).toBe(2);
    expect(await remoteHead(remote)).toBe(before);
  }, 25_000);
});

describe('the docs', () => {
  it('show the shipped workflow files verbatim', async () => {
    for (const doc of ['docs/publishing.md', 'docs/tracking.md']) {
      const text = await readFile(path.join(REPO, doc), 'utf8');
      const blocks = [...text.matchAll(/<!-- workflow: (\S+) -->\n```yaml\n([\s\S]*?)```/g)];
      expect(blocks.length, doc).toBeGreaterThan(0);
      for (const [, file, body] of blocks) {
        expect(body, `${doc} shows ${file}`).toBe(await readFile(path.join(REPO, file!), 'utf8'));
      }
    }
  });
});

describe('ci/with-secrets.js', () => {
  /** Run the script with `chorus --version`; a preloaded probe prints the names in its environment at exit. */
  async function withSecrets(secrets: string) {
    const probe = path.join(await mkdtemp(path.join(tmpdir(), 'chorus-probe-')), 'probe.mjs');
    await writeFile(
      probe,
      "process.on('exit', () => process.stderr.write('ENV ' + JSON.stringify(Object.keys(process.env).sort()) + '\\n'));\n",
    );
    return exec(
      process.execPath,
      ['--import', probe, path.join(REPO, 'ci', 'with-secrets.js'), '--version'],
      {
        timeout: 15_000,
        env: { PATH: process.env.PATH ?? '', CHORUS_SECRETS: secrets, CHORUS_X_APP_SECRET: 'from-the-job' },
      },
    ).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  }

  it('hands on the CHORUS_ secrets only, and never prints them', async () => {
    const result = await withSecrets(
      JSON.stringify({
        CHORUS_X_APP_KEY: 'k',
        CHORUS_X_APP_SECRET: 'from-the-json',
        CHORUS_A_ACCESS_TOKEN: 't',
        OTHER_SECRET: 'not-for-chorus',
        github_token: 'ghs_x',
      }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const names = JSON.parse(/^ENV (.*)$/m.exec(result.stderr)![1]!) as string[];
    expect(names.filter((n) => n !== 'PATH' && !n.startsWith('NODE_'))).toEqual([
      'CHORUS_A_ACCESS_TOKEN',
      'CHORUS_X_APP_KEY',
      'CHORUS_X_APP_SECRET',
    ]);
    expect(result.stdout + result.stderr).not.toMatch(/not-for-chorus|ghs_x|from-the/);
  });

  it('refuses what is not a JSON object, without echoing it (exit 2)', async () => {
    const result = await withSecrets('{"CHORUS_X_APP_KEY": "super-secret-value"');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CHORUS_SECRETS is not a JSON object');
    expect(result.stderr).not.toContain('super-secret-value');
  });
});

describe('runWorkflow', () => {
  it('fails on an action it does not model, rather than pretending', async () => {
    const workflow: Workflow = {
      name: 'x',
      on: {},
      jobs: { j: { 'runs-on': 'ubuntu-latest', steps: [{ uses: 'someone/deploy@v1' }] } },
    };
    await expect(runWorkflow(workflow, contextFor('/nonexistent', {}))).rejects.toThrow(
      /does not model uses/,
    );
  });
});
