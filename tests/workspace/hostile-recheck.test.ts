// Issue 19, adversarial re-check: attacks that still worked on main after the first round of fixes. Each
// test commits the attack to a temporary workspace and asserts the safe outcome, bounded in time.
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOTENV_IGNORED_IN_CI, isCi, lookupCredentials } from '../../src/cli/env.js';
import { x } from '../../src/platforms/x/index.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import type { Account } from '../../src/model/types.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { APP_SECRET, envFor, NOW, publishWorkspace, secretOf, usersFor } from '../publish/fixture.js';
import { runBounded, runCli, runCliAsync } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const lintNow = new Date('2026-11-22T08:00:00Z');
const lint = (files: Record<string, string>) =>
  analyseWorkspace(rawWorkspaceFromFiles(files), { now: lintNow }).problems;

/** Run the CLI, killing it after `ms` (a hang must fail the test, not leave a process behind). */
let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('credential names say their role (re-check 2)', () => {
  it('app_key naming the app secret and access_token naming the access secret are located schema errors', () => {
    const problems = lint({
      'accounts/acme.yaml': accountYaml(
        'credentials:\n  app_key: CHORUS_X_APP_SECRET\n  access_token: CHORUS_ACME_ACCESS_SECRET',
      ),
    }).filter((p) => p.file === 'accounts/acme.yaml');
    expect(problems.map((p) => [p.ruleId, p.severity, p.line, p.column])).toEqual([
      ['schema', 'error', 8, 12],
      ['schema', 'error', 9, 17],
    ]);
    expect(problems[0]!.message).toBe(
      '`app_key`: CHORUS_X_APP_SECRET cannot hold the app key: an `app_key` variable name ends in _KEY',
    );
    expect(problems[0]!.hint).toMatch(/e\.g\. CHORUS_X_APP_KEY/);
    expect(problems[1]!.message).toMatch(/CHORUS_ACME_ACCESS_SECRET cannot hold the access token.*_TOKEN/);
  });

  it.each([
    [
      'access_secret: CHORUS_X_APP_SECRET',
      'access_secret',
      8,
      /CHORUS_X_APP_SECRET is also this account's `app_secret` \(its default name\)/,
    ],
    ['app_secret: CHORUS_ACME_ACCESS_SECRET', 'app_secret', 8, /`access_secret` \(its default name\)/],
    [
      'app_secret: CHORUS_SHARED_SECRET\n  access_secret: CHORUS_SHARED_SECRET',
      'access_secret',
      9,
      /is also this account's `app_secret`;/,
    ],
  ])('two roles sharing one variable (%s) are a located error', (credentials, role, line, message) => {
    const problems = lint({ 'accounts/acme.yaml': accountYaml(`credentials:\n  ${credentials}`) });
    expect(problems).toEqual([
      expect.objectContaining({
        ruleId: 'schema',
        severity: 'error',
        file: 'accounts/acme.yaml',
        line,
        message: expect.stringMatching(message),
      }),
    ]);
    expect(problems[0]!.message).toContain(`\`credentials.${role}\``);
    expect(problems[0]!.hint).toMatch(/defaults are CHORUS_X_APP_KEY/);
  });

  it('the defaults and role-true custom names lint clean', () => {
    const problems = lint({
      'accounts/acme.yaml': accountYaml(),
      'accounts/news.yaml': accountYaml(
        'credentials:\n  app_key: CHORUS_NEWS_APP_KEY\n  access_token: CHORUS_NEWS_BOT_TOKEN\n  access_secret: CHORUS_NEWS_BOT_SECRET',
        { handle: 'news' },
      ),
    });
    expect(problems.filter((p) => p.ruleId === 'schema')).toEqual([]);
  });

  it('lookupCredentials never looks up a name of the wrong role or one used twice', () => {
    const env = {
      CHORUS_X_APP_SECRET: 'app-secret',
      CHORUS_A_ACCESS_SECRET: 'acc-secret',
      CHORUS_A_ACCESS_TOKEN: 't',
      CHORUS_X_APP_KEY: 'k',
    };
    const account = (credentials: Account['credentials']) => ({ credentials }) as Account;
    expect(
      lookupCredentials(
        account({
          app_key: 'CHORUS_X_APP_SECRET',
          app_secret: 'CHORUS_X_APP_SECRET',
          access_token: 'CHORUS_A_ACCESS_SECRET',
          access_secret: 'CHORUS_A_ACCESS_SECRET',
        }),
        x.account.credentials,
        env,
      ),
    ).toEqual({
      missing: [
        'CHORUS_X_APP_SECRET',
        'CHORUS_X_APP_SECRET',
        'CHORUS_A_ACCESS_SECRET',
        'CHORUS_A_ACCESS_SECRET',
      ],
    });
    expect(
      lookupCredentials(
        account({
          app_key: 'CHORUS_X_APP_KEY',
          app_secret: 'CHORUS_X_APP_SECRET',
          access_token: 'CHORUS_A_ACCESS_TOKEN',
          access_secret: 'CHORUS_A_ACCESS_SECRET',
        }),
        x.account.credentials,
        env,
      ),
    ).toEqual({
      credentials: { app_key: 'k', app_secret: 'app-secret', access_token: 't', access_secret: 'acc-secret' },
    });
  });

  it('publish sends neither secret in the OAuth header: the account is not published', async () => {
    const accounts = [{ id: 'acme', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] }];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    await writeFile(
      path.join(root, 'accounts/acme.yaml'),
      accountYaml('credentials:\n  app_key: CHORUS_X_APP_SECRET\n  access_token: CHORUS_ACME_ACCESS_SECRET', {
        handle: usersFor(accounts)[0]!.username,
      }),
    );
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW], {
      env: envFor(accounts, server.url),
    });
    const seen = JSON.stringify(server.requests) + result.stdout + result.stderr;
    expect(seen).not.toContain(APP_SECRET);
    expect(seen).not.toContain(secretOf('acme', 'secret'));
    expect(server.requests).toEqual([]);
    expect(result.code).not.toBe(0);
  }, 20_000);
});

describe('.env is not read in CI (re-check 3)', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('isCi(%j) is %s', (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });

  it("a committed .env adding an account's credentials: CI posts nothing for it, says so once", async () => {
    const accounts = [
      { id: 'brand', posts: [{ id: 'b', at: '2026-11-22T08:30:00Z', text: 'Brand news' }] },
      { id: 'evil', posts: [{ id: 'e', at: '2026-11-22T08:30:00Z', text: 'Committer post' }] },
    ];
    server = await startXServer({ users: usersFor(accounts) });
    const full = envFor(accounts, server.url);
    const dotenv = `CHORUS_EVIL_ACCESS_TOKEN=${full.CHORUS_EVIL_ACCESS_TOKEN}\nCHORUS_EVIL_ACCESS_SECRET=${full.CHORUS_EVIL_ACCESS_SECRET}\n`;
    const root = await publishWorkspace(accounts, { files: { '.env': dotenv } });
    const { CHORUS_EVIL_ACCESS_TOKEN: _t, CHORUS_EVIL_ACCESS_SECRET: _s, ...ciSecrets } = full;
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
      env: { ...ciSecrets, CI: 'true' },
    });
    expect(result.stderr.split(DOTENV_IGNORED_IN_CI).length - 1).toBe(1);
    expect(server.posts.map((p) => p.text)).toEqual(['Brand news']);
    expect(JSON.stringify(server.requests)).not.toContain(full.CHORUS_EVIL_ACCESS_TOKEN);
    expect(result.code).toBe(1);

    // Locally (no CI), the same .env works as before and says nothing about CI.
    server.posts.length = 0;
    const local = await runCliAsync(['accounts', '--root', root], { env: ciSecrets });
    expect(local.stderr).not.toContain('ignored in CI');
    expect(local.stdout).not.toMatch(/evil[^\n]*missing/i);
  }, 20_000);

  it('in CI without a .env, nothing is said', async () => {
    const root = await publishWorkspace([{ id: 'brand', posts: [] }]);
    const result = runCli(['accounts', '--root', root], { env: { CI: 'true' } });
    expect(result.stderr).not.toContain('.env');
  }, 20_000);
});

describe('a token pasted into `at` or `expires` is not printed (re-check 4)', () => {
  const TOKEN = '1234567890123456789-Xa9bQ7kLm2Np4Rt6Vw8Yz0Cd3Fg5Hj';
  it.each(['at', 'expires'])('%s', (field) => {
    const problems = lint({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml': `- id: p\n  category: deals\n  text: Hello\n  ${field}: "${TOKEN}"\n`,
    }).filter((p) => p.ruleId === 'schema');
    expect(problems).toEqual([
      expect.objectContaining({
        line: 4,
        message: `\`${field}\`: (value redacted: it looks like an X access token) is not a date or date-time; write "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM+01:00"`,
      }),
    ]);
    expect(JSON.stringify(problems)).not.toContain('Xa9bQ7kLm2Np4Rt6Vw8Yz0Cd3Fg5Hj');
  });

  it('an ordinary bad date is still quoted', () => {
    const problems = lint({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml': '- id: p\n  category: news\n  text: Hello\n  at: "2026-02-30"\n',
    }).filter((p) => p.ruleId === 'schema');
    expect(problems.map((p) => p.message)).toEqual([
      '`at`: "2026-02-30" is not a calendar date (2026-02 has no day 30; its last day is 2026-02-28)',
    ]);
  });
});

describe('a committed .chorus-cache cannot make lint --cache read outside the workspace (re-check 1)', () => {
  const ENV = { CHORUS_CACHE_SECRET: 'recheck-cache' };
  const files = {
    'accounts/a.yaml': accountYaml(),
    'content/a/c.yaml': '- id: p\n  category: news\n  text: Hello there\n  at: 2026-12-01 09:00\n',
  };
  const lintArgs = (root: string, ...extra: string[]) => [
    ...['lint', '--root', root, '--now', '2026-11-22T08:00:00Z', '--format', 'json'],
    ...extra,
  ];

  it('links to outside files in .chorus-cache are refused, never followed; lint runs cold and quietly', async () => {
    const root = await makeWorkspace(files);
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    // A real cache sealed by this user's Chorus, outside the workspace (followed, it would be used) …
    const made = await runBounded(lintArgs(root, '--cache-location', path.join(outside, 'cache')), ENV);
    expect(made.code).toBe(0);
    const sealed = path.join(outside, 'cache/lint-calendars.bin');
    const sealedBytes = await readFile(sealed);
    // … and a big (sparse) file that the old code read whole.
    const big = path.join(outside, 'big.bin');
    await writeFile(big, '');
    await truncate(big, 200 * 1024 * 1024);
    const plant = async () => {
      await rm(path.join(root, '.chorus-cache'), { recursive: true, force: true });
      await mkdir(path.join(root, '.chorus-cache'));
      await symlink(sealed, path.join(root, '.chorus-cache/lint-calendars.bin'));
      await symlink(big, path.join(root, '.chorus-cache/lint-texts.bin'));
    };

    await plant();
    const debug = await runBounded(lintArgs(root, '--cache', '--debug'), ENV);
    expect(debug.code).toBe(0);
    expect(debug.stdout).toBe(made.stdout);
    expect(debug.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(
        /^chorus: lint cache \.chorus-cache\/lint-calendars\.bin not used \(linting without it\): leads outside the workspace/,
      ),
      expect.stringMatching(
        /^chorus: lint cache \.chorus-cache\/lint-texts\.bin not used \(linting without it\): leads outside the workspace/,
      ),
    ]);
    // The links were replaced by real cache files in the workspace; the outside files are untouched.
    expect((await lstat(path.join(root, '.chorus-cache/lint-calendars.bin'))).isFile()).toBe(true);
    expect(await readFile(sealed)).toEqual(sealedBytes);
    expect((await lstat(big)).size).toBe(200 * 1024 * 1024);

    // Without --debug a refused cache says nothing: it is only a speed-up.
    await plant();
    const quiet = await runBounded(lintArgs(root, '--cache'), ENV);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(made.stdout);
  }, 25_000);

  it('an explicit --cache-location outside: a link, a FIFO or a huge file there is refused, no hang', async () => {
    const root = await makeWorkspace(files);
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    const made = await runBounded(lintArgs(root, '--cache-location', path.join(outside, 'real')), ENV);
    const chosen = path.join(outside, 'chosen');
    await mkdir(chosen);
    await symlink(path.join(outside, 'real/lint-calendars.bin'), path.join(chosen, 'lint-calendars.bin'));
    expect(spawnSync('mkfifo', [path.join(chosen, 'lint-texts.bin')]).status).toBe(0);
    const linked = await runBounded(lintArgs(root, '--cache-location', chosen, '--debug'), ENV);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toBe(made.stdout);
    expect(linked.stderr).toMatch(/lint-calendars\.bin not used \(linting without it\): is a symbolic link/);
    expect(linked.stderr).toMatch(/lint-texts\.bin not used \(linting without it\): is not a regular file/);

    const huge = path.join(outside, 'huge');
    await mkdir(huge);
    await writeFile(path.join(huge, 'lint-calendars.bin'), '');
    await truncate(path.join(huge, 'lint-calendars.bin'), 300 * 1024 * 1024);
    const large = await runBounded(lintArgs(root, '--cache-location', huge, '--debug'), ENV);
    expect(large.code).toBe(0);
    expect(large.stderr).toMatch(
      /lint-calendars\.bin not used \(linting without it\): is 300 MB; Chorus reads files of this kind up to 256 MB/,
    );
  }, 25_000);
});

describe('unquoted hashtags that YAML reads as a comment are a located error (re-check 6)', () => {
  const calendar = (post: string) =>
    lint({ 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post }).filter((p) => p.ruleId === 'schema');

  it('text: Winter sale #deals #winter', () => {
    const problems = calendar(
      '- id: p\n  category: deals\n  text: Winter sale #deals #winter\n  at: 2026-12-01 09:00\n',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'content/a/c.yaml',
        line: 3,
        column: 21,
        account: 'a',
        postId: 'p',
        message:
          '`#deals #winter` after a space starts a YAML comment, so it is not part of the text; quote the text (text: "Winter sale #deals #winter")',
      }),
    ]);
  });

  it('thread parts and link too; a text that is only hashtags; a long text gets a short suggestion', () => {
    const long = 'A very long announcement about everything that happens in the shop this winter';
    const problems = calendar(
      '- id: p\n  category: deals\n  text: Sale\n  link: https://shop.example.com/a #sale\n' +
        '  thread:\n    - Part two #more\n    - "Quoted" #fine\n    - Plain # a real comment\n' +
        `- id: q\n  category: news\n  text: #only\n- id: r\n  category: news\n  text: ${long} #tag\n`,
    );
    expect(problems.map((p) => [p.line, p.postId, p.message])).toEqual([
      [
        4,
        'p',
        expect.stringContaining(
          '`#sale` after a space starts a YAML comment, so it is not part of the link; quote the link (link: "https://shop.example.com/a #sale")',
        ),
      ],
      [
        6,
        'p',
        '`#more` after a space starts a YAML comment, so it is not part of this thread part; quote the thread part (- "Part two #more")',
      ],
      // The text is then empty: the reason first, then the usual error.
      [
        11,
        'q',
        '`#only` after a space starts a YAML comment, so it is not part of the text; quote the text (text: "#only")',
      ],
      [11, 'q', '`text` should be a string, not null'],
      [
        14,
        'r',
        '`#tag` after a space starts a YAML comment, so it is not part of the text; wrap the whole text in double quotes',
      ],
    ]);
  });

  it('quoted texts, block texts and comments with a space after # are fine', () => {
    const problems = calendar(
      '- id: p\n  category: news\n  text: "Winter sale #deals #winter"\n' +
        '- id: q\n  category: news\n  text: Winter sale # approved by ana\n' +
        '- id: r\n  category: news\n  text: >\n    Winter sale #deals\n' +
        '- id: s\n  category: news\n  text: Price#1 today\n',
    );
    expect(problems).toEqual([]);
  });

  it('publish does not send the post without its hashtags', async () => {
    const accounts = [{ id: 'shop', posts: [{ id: 'ok', at: '2026-11-22T08:30:00Z', text: 'Fine post' }] }];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    await writeFile(
      path.join(root, 'content/shop/posts.yaml'),
      '- id: ok\n  category: news\n  text: Fine post\n  at: 2026-11-22T08:30:00Z\n' +
        '- id: sale\n  category: deals\n  text: Winter sale #deals #winter\n  at: 2026-11-22T08:40:00Z\n',
    );
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW], {
      env: envFor(accounts, server.url),
    });
    expect(server.posts.map((p) => p.text)).toEqual(['Fine post']);
    expect(result.stdout).toMatch(/sale/);
    expect(result.code).toBe(1);
  }, 20_000);
});
