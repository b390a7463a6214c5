// Issue 19: what a hostile commit to the workspace can make Chorus do. Each test commits the attack
// (links out, FIFOs, devices, loops) to a temporary workspace and asserts the safe outcome: a located
// error or refusal, nothing read from outside, nothing uploaded, and no hang (every run is bounded).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEndpoints } from '../../src/cli/env.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { createXClient } from '../../src/platforms/x/api.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { readWorkspace } from '../../src/workspace/read.js';
import { readWorkspaceFile, UnsafeFileError } from '../../src/workspace/safe-file.js';
import { writeWorkspaceFile } from '../../src/workspace/write.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { envFor, NOW, publishWorkspace, usersFor } from '../publish/fixture.js';
import { runBounded, runCli, runCliAsync } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

/** A real (tiny) PNG: the 8-byte signature and a few bytes. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const calendar = (extra = '') => `- id: p\n  category: news\n  text: Hello\n  at: 2026-12-01 09:00\n${extra}`;
const mkfifo = (file: string) => expect(spawnSync('mkfifo', [file]).status).toBe(0);

type Message = { ruleId: string; line: number; message: string };
function lintJson(root: string): { code: number; byFile: Map<string, Message[]>; stderr: string } {
  const result = runCli(['lint', '--root', root, '--format', 'json', '--now', '2026-11-22T08:00:00Z']);
  const byFile = new Map<string, Message[]>();
  if (result.stdout) {
    for (const r of JSON.parse(result.stdout) as { filePath: string; messages: Message[] }[]) {
      byFile.set(r.filePath, r.messages);
    }
  }
  return { code: result.code, byFile, stderr: result.stderr };
}

/** Run the CLI, killing it after `ms` (a hang must fail the test, not leave a process behind). */
let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the safe door (src/workspace/safe-file.ts)', () => {
  it('refuses ../, absolute paths, links out, FIFOs, devices and folders; bounds what it reads', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'TOP SECRET');
    const root = await makeWorkspace({ 'ok.txt': 'fine', 'big.txt': 'x'.repeat(100) });
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    await symlink('/dev/zero', path.join(root, 'zero.png'));
    await symlink('ok.txt', path.join(root, 'inside-link.txt'));
    mkfifo(path.join(root, 'pipe.txt'));
    await mkdir(path.join(root, 'folder'));
    const read = (file: string, maxBytes = 1000) => readWorkspaceFile(root, file, { maxBytes });
    const reason = (file: string, maxBytes?: number) =>
      read(file, maxBytes).then(
        () => 'read',
        (e: unknown) => (e instanceof UnsafeFileError ? e.reason : String(e)),
      );
    expect((await read('ok.txt')).toString()).toBe('fine');
    expect((await read('inside-link.txt')).toString()).toBe('fine');
    expect(await reason('../outside.txt')).toBe('outside');
    expect(await reason(path.join(outside, 'secret.txt'))).toBe('outside');
    expect(await reason('link.txt')).toBe('outside');
    expect(await reason('zero.png')).toBe('outside');
    expect(await reason('pipe.txt')).toBe('not-regular');
    expect(await reason('folder')).toBe('directory');
    expect(await reason('missing.txt')).toBe('missing');
    expect(await reason('big.txt', 99)).toBe('too-large');
    expect((await read('big.txt', 100)).length).toBe(100);
  }, 10_000);
});

describe('finding 1: secrets leave through the workspace', () => {
  it('.env cannot set the endpoint: exit 2 located at .env, nothing sent anywhere', async () => {
    const accounts = [{ id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] }];
    server = await startXServer({ users: usersFor(accounts) });
    const attacker = await startXServer({ users: [] });
    try {
      const root = await publishWorkspace(accounts, {
        files: { '.env': `# harmless\nCHORUS_X_API_URL=${attacker.url}\n` },
      });
      const result = await runCliAsync(['publish', '--root', root, '--now', NOW], {
        env: envFor(accounts, server.url),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^chorus: \.env:2:1: \.env sets CHORUS_X_API_URL/);
      expect(attacker.requests).toEqual([]);
      expect(server.requests).toEqual([]);
    } finally {
      await attacker.close();
    }
  }, 20_000);

  it('the endpoint must be https unless it is this machine', async () => {
    const accounts = [{ id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] }];
    const root = await publishWorkspace(accounts);
    for (const url of ['http://gateway.example.com', 'ftp://127.0.0.1', 'http://127.0.0.1.example.com']) {
      const env = { ...envFor(accounts, url) };
      const result = runCli(['publish', '--root', root, '--now', NOW], { env });
      expect(result.code, url).toBe(2);
      expect(result.stderr, url).toMatch(/CHORUS_X_API_URL must use https/);
    }
  }, 20_000);

  it('the X client itself refuses plain http to another host, and checkEndpoints reads only the real environment', async () => {
    const credentials = { appKey: 'k', appSecret: 's', accessToken: 't', accessSecret: 'u' };
    await expect(createXClient({ credentials, apiUrl: 'http://gateway.example.com' })).rejects.toThrow(
      /must use https/,
    );
    expect(checkEndpoints({ CHORUS_X_API_URL: 'https://gateway.example.com/x' }).CHORUS_X_API_URL).toBe(
      'https://gateway.example.com/x',
    );
    for (const url of [
      'http://127.0.0.1:4010',
      'http://127.8.9.10',
      'http://[::1]:80',
      'http://localhost:1',
    ]) {
      expect(checkEndpoints({ CHORUS_X_API_URL: url }).CHORUS_X_API_URL).toBe(url);
    }
    for (const url of [
      'http://10.0.0.1',
      'http://[::2]',
      'https://user:pw@gateway.example.com',
      'not a url',
    ]) {
      expect(() => checkEndpoints({ CHORUS_X_API_URL: url }), url).toThrow(/CHORUS_X_API_URL/);
    }
  });

  it('an account file naming another secret of the environment is a located error; publish sends nothing of it', async () => {
    const accounts = [{ id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] }];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    await writeFile(
      path.join(root, 'accounts/news.yaml'),
      accountYaml('credentials:\n  app_key: AWS_SECRET_ACCESS_KEY\n  access_token: NPM_TOKEN', {
        handle: 'news',
      }),
    );
    const env = {
      ...envFor(accounts, server.url),
      AWS_SECRET_ACCESS_KEY: 'aws-VALUE-9q',
      NPM_TOKEN: 'npm-VALUE-7w',
    };
    const lint = lintJson(root);
    expect(lint.code).toBe(1);
    expect(lint.byFile.get('accounts/news.yaml')).toEqual([
      expect.objectContaining({
        ruleId: 'schema',
        line: 8,
        message: expect.stringMatching(/AWS_SECRET_ACCESS_KEY cannot hold a credential.*CHORUS_/),
      }),
      expect.objectContaining({ ruleId: 'schema', line: 9, message: expect.stringMatching(/NPM_TOKEN/) }),
    ]);
    const result = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
    const seen = JSON.stringify(server.requests) + result.stdout + result.stderr;
    expect(seen).not.toContain('aws-VALUE-9q');
    expect(seen).not.toContain('npm-VALUE-7w');
    expect(server.posts).toEqual([]);
  }, 20_000);
});

describe('findings 3 and 6: media', () => {
  it('links out, ../, /proc/self/environ, /dev/zero, a FIFO and a fake PNG are lint errors at the media line', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    await writeFile(path.join(outside, 'x.png'), PNG);
    const media = ['../outside/x.png', 'media/env.png', 'media/zero.png', 'media/pipe.png', 'media/fake.png'];
    const root = await makeWorkspace({
      'accounts/a.yaml': accountYaml(),
      'media/ok.png': PNG,
      'media/fake.png': 'just some text, not an image',
      'content/a/c.yaml': [...media, 'media/ok.png']
        .map(
          (file, i) =>
            `- id: p${i}\n  category: news\n  text: Post ${i}\n  media:\n    - file: ${file}\n      alt: x\n`,
        )
        .join(''),
    });
    await symlink('/proc/self/environ', path.join(root, 'media/env.png'));
    await symlink('/dev/zero', path.join(root, 'media/zero.png'));
    mkfifo(path.join(root, 'media/pipe.png'));
    const started = Date.now();
    const { code, byFile } = lintJson(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    const found = byFile.get('content/a/c.yaml')!.filter((m) => m.ruleId === 'media-file');
    // Each post is 6 lines; the media file is on its 5th line.
    expect(found.map((m) => m.line)).toEqual(media.map((_, i) => i * 6 + 5));
    expect(found[0]!.message).toMatch(/outside the workspace/);
    expect(found[3]!.message).toMatch(/not a regular file/);
    expect(found[4]!.message).toMatch(/bytes are not a PNG, JPEG, GIF or WEBP/);
  }, 20_000);

  it('publish refuses them too (rule off, so only the publisher stands): nothing is uploaded, no hang', async () => {
    const accounts = [
      {
        id: 'news',
        posts: [
          {
            id: 'env',
            at: '2026-11-22T08:30:00Z',
            text: 'Env',
            media: [{ file: 'media/env.png', alt: 'x' }],
          },
          {
            id: 'fifo',
            at: '2026-11-22T08:31:00Z',
            text: 'Fifo',
            media: [{ file: 'media/p.png', alt: 'x' }],
          },
          {
            id: 'zero',
            at: '2026-11-22T08:32:00Z',
            text: 'Zero',
            media: [{ file: 'media/z.png', alt: 'x' }],
          },
        ],
      },
    ];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts, {
      config: 'limits:\n  min_gap_minutes: 0\nrules:\n  media-file: off\n',
    });
    await mkdir(path.join(root, 'media'));
    await symlink('/proc/self/environ', path.join(root, 'media/env.png'));
    await symlink('/dev/zero', path.join(root, 'media/z.png'));
    mkfifo(path.join(root, 'media/p.png'));
    const result = await runBounded(
      ['publish', '--root', root, '--now', NOW, '--format', 'json'],
      envFor(accounts, server.url),
    );
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { failed: { id: string; reason: string }[] };
    expect(out.failed.map((f) => f.id).sort()).toEqual(['env', 'fifo', 'zero']);
    expect(out.failed.find((f) => f.id === 'fifo')!.reason).toMatch(/not a regular file/);
    expect(server.requests.filter((r) => r.path.includes('media'))).toEqual([]);
    expect(server.posts).toEqual([]);
  }, 20_000);
});

describe('finding 5 and 17: walks and the files Chorus reads', () => {
  it('self-links, a link to / and a calendar folder linked outside: bounded, located, nothing read from outside', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    await writeFile(path.join(outside, 'stolen.yaml'), calendar());
    const root = await makeWorkspace({
      'accounts/a.yaml': accountYaml(),
      'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
      'content/a/c.yaml': calendar(),
    });
    await symlink('.', path.join(root, 'content/a/self1'));
    await symlink('..', path.join(root, 'content/a/self2'));
    await symlink('/', path.join(root, 'content/a/root'));
    await symlink(outside, path.join(root, 'content/b'));
    // A second name for content/a that sorts (and may be listed) first: the real folder still wins.
    await symlink('a', path.join(root, 'content/0a'));
    const started = Date.now();
    const { code, byFile } = lintJson(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(byFile.get('content/b')).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/link to a folder outside the workspace/),
      }),
    ]);
    expect(byFile.get('content/a/root')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/outside the workspace/) }),
    ]);
    expect(byFile.get('content/a/self1')?.[0]?.message).toMatch(/already read/);
    expect(byFile.get('content/0a')?.[0]?.message).toMatch(/already read/);
    // Only the one real calendar is read, once; nothing under / or the outside folder.
    const calendars = [...byFile.keys()].filter((f) => f.endsWith('.yaml') && f.startsWith('content/'));
    expect(calendars).toEqual(['content/a/c.yaml']);
  }, 20_000);

  it('folders nested deeper than the walk goes are a located problem, not a deeper walk', async () => {
    const deep = `content/a/${Array.from({ length: 17 }, (_, i) => `d${i}`).join('/')}`;
    const root = await makeWorkspace({ 'accounts/a.yaml': accountYaml(), [`${deep}/c.yaml`]: calendar() });
    const raw = await readWorkspace(root);
    expect(raw.calendars.map((c) => [c.file, c.problems[0]?.message])).toEqual([
      [
        expect.stringMatching(/^content\/a\/d0\/.*\/d15$/),
        expect.stringMatching(/nested more than 16 folders deep/),
      ],
    ]);
  });

  it('a ledger that is a FIFO or a link to /dev/urandom fails its account with a clear error, without hanging', async () => {
    const accounts = [
      { id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] },
      { id: 'deals', posts: [{ id: 'b', at: '2026-11-22T08:30:00Z', text: 'Buy' }] },
      { id: 'blog', posts: [{ id: 'c', at: '2026-11-22T08:30:00Z', text: 'Read' }] },
    ];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts);
    await mkdir(path.join(root, 'state'));
    mkfifo(path.join(root, 'state/news.jsonl'));
    await symlink('/dev/urandom', path.join(root, 'state/deals.jsonl'));
    const started = Date.now();
    const result = await runBounded(
      ['publish', '--root', root, '--now', NOW, '--format', 'json'],
      envFor(accounts, server.url),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as {
      published: { id: string }[];
      failed: { account: string; reason: string }[];
    };
    expect(out.published.map((p) => p.id)).toEqual(['c']);
    expect(out.failed).toEqual([
      expect.objectContaining({ account: 'deals', reason: expect.stringMatching(/outside the workspace/) }),
      expect.objectContaining({ account: 'news', reason: expect.stringMatching(/not a regular file/) }),
    ]);
  }, 20_000);

  it('a state/ folder linked outside the workspace: no ledger is created there, nothing is sent', async () => {
    const accounts = [{ id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] }];
    server = await startXServer({ users: usersFor(accounts) });
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    const root = await publishWorkspace(accounts);
    await symlink(outside, path.join(root, 'state'));
    const result = await runBounded(
      ['publish', '--root', root, '--now', NOW, '--format', 'json'],
      envFor(accounts, server.url),
    );
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { failed: { account: string; reason: string }[] };
    expect(out.failed).toEqual([
      expect.objectContaining({ account: 'news', reason: expect.stringMatching(/outside the workspace/) }),
    ]);
    expect(await readdir(outside)).toEqual([]);
    expect(server.posts).toEqual([]);
  }, 20_000);

  it('a committed lock whose owner.json is a FIFO or /dev/zero does not hang publish', async () => {
    const accounts = [
      { id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] },
      { id: 'deals', posts: [{ id: 'b', at: '2026-11-22T08:30:00Z', text: 'Buy' }] },
      { id: 'blog', posts: [{ id: 'c', at: '2026-11-22T08:30:00Z', text: 'Read' }] },
    ];
    server = await startXServer({ users: usersFor(accounts) });
    const root = await publishWorkspace(accounts, {
      config: 'limits:\n  min_gap_minutes: 0\npublish:\n  lock_wait_seconds: 1\n',
    });
    await mkdir(path.join(root, 'state/news.lock'), { recursive: true });
    mkfifo(path.join(root, 'state/news.lock/owner.json'));
    await mkdir(path.join(root, 'state/deals.lock'), { recursive: true });
    await symlink('/dev/zero', path.join(root, 'state/deals.lock/owner.json'));
    const started = Date.now();
    const result = await runBounded(
      ['publish', '--root', root, '--now', NOW, '--format', 'json'],
      envFor(accounts, server.url),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    const out = JSON.parse(result.stdout) as { published: { id: string }[] };
    expect(out.published.map((p) => p.id)).toContain('c');
  }, 20_000);

  it('accounts/acme.yml beside acme.yaml, and a dangling chorus.yaml, are located errors', async () => {
    const root = await makeWorkspace({
      'accounts/acme.yaml': accountYaml(),
      'accounts/acme.yml': accountYaml('', { handle: 'other' }),
      'content/acme/c.yaml': calendar(),
    });
    await symlink('nowhere.yaml', path.join(root, 'chorus.yaml'));
    const { code, byFile } = lintJson(root);
    expect(code).toBe(1);
    expect(byFile.get('accounts/acme.yml')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/both define the account "acme"/) }),
    ]);
    expect(byFile.get('chorus.yaml')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/broken symbolic link/) }),
    ]);
  }, 20_000);

  it('a chorus.yaml, account file or .env linked outside the workspace is not read', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    await writeFile(path.join(outside, 'c.yaml'), 'limits:\n  min_gap_minutes: 0\n');
    await writeFile(path.join(outside, 'env'), 'CHORUS_X_APP_KEY=from-outside\n');
    const root = await makeWorkspace({ 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendar() });
    await symlink(path.join(outside, 'c.yaml'), path.join(root, 'chorus.yaml'));
    await symlink(path.join(outside, 'c.yaml'), path.join(root, 'accounts/b.yaml'));
    const raw = await readWorkspace(root);
    expect(raw.config?.problems[0]?.message).toMatch(/outside the workspace/);
    expect(raw.accounts.find((a) => a.id === 'b')?.source.problems[0]?.message).toMatch(/outside/);
    await symlink(path.join(outside, 'env'), path.join(root, '.env'));
    const result = runCli(['accounts', '--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chorus: \.env: This file leads outside the workspace/);
  }, 20_000);
});

describe('finding 16: add and import do not write through a link out of the workspace', () => {
  it('writeWorkspaceFile refuses a calendar linked outside; the outside file is untouched', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    const target = path.join(outside, 'victim.yaml');
    await writeFile(target, 'original\n');
    const root = await makeWorkspace({ 'accounts/a.yaml': accountYaml() });
    await mkdir(path.join(root, 'content/a'), { recursive: true });
    await symlink(target, path.join(root, 'content/a/2026-12.yaml'));
    await expect(writeWorkspaceFile(root, 'content/a/2026-12.yaml', 'hostile\n')).rejects.toThrow(
      /outside the workspace/,
    );
    await symlink(outside, path.join(root, 'content/b'));
    await expect(writeWorkspaceFile(root, 'content/b/new.yaml', 'hostile\n')).rejects.toThrow(
      /outside the workspace/,
    );
    await expect(writeWorkspaceFile(root, '../escape.yaml', 'hostile\n')).rejects.toThrow(/outside/);
    expect(await readFile(target, 'utf8')).toBe('original\n');
    // A link inside the workspace is written through to its target, which stays a link's target.
    await writeFile(path.join(root, 'content/a/real.yaml'), 'old\n');
    await symlink('real.yaml', path.join(root, 'content/a/alias.yaml'));
    await writeWorkspaceFile(root, 'content/a/alias.yaml', 'new\n');
    expect(await readFile(path.join(root, 'content/a/real.yaml'), 'utf8')).toBe('new\n');
    // A root that does not exist yet (`chorus schema --out DIR`) is created.
    await writeWorkspaceFile(path.join(outside, 'new/dir'), 'x.json', '{}\n');
    expect(await readFile(path.join(outside, 'new/dir/x.json'), 'utf8')).toBe('{}\n');
  }, 10_000);

  it('`chorus add` into a calendar linked outside exits 2 and leaves the outside file alone', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    const target = path.join(outside, 'victim.yaml');
    await writeFile(target, calendar());
    const root = await makeWorkspace({ 'accounts/a.yaml': accountYaml() });
    await mkdir(path.join(root, 'content/a'), { recursive: true });
    await symlink(target, path.join(root, 'content/a/2026-12.yaml'));
    const result = runCli([
      'add',
      ...['--root', root, '--account', 'a', '--file', 'content/a/2026-12.yaml', '--id', 'n'],
      ...[
        '--category',
        'news',
        '--text',
        'New post',
        '--at',
        '2026-12-02 09:00',
        '--now',
        '2026-11-22T08:00:00Z',
      ],
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^chorus: content\/a\/2026-12\.yaml: This file leads outside the workspace/,
    );
    expect(await readFile(target, 'utf8')).toBe(calendar());
  }, 20_000);
});

describe('finding 17: messages stay short and never print a pasted token', () => {
  const TOKEN = '1463839266829434880-Zq8XkLmN3pR7tV2wYb5cD9fGhJ4sA1';
  const lint = (files: Record<string, string>) =>
    analyseWorkspace(rawWorkspaceFromFiles(files), { now: new Date('2026-11-22T08:00:00Z') }).problems;

  it('a token pasted into timezone, category or lang is redacted', () => {
    const problems = lint({
      'accounts/a.yaml': accountYaml('', { timezone: TOKEN }),
      'content/a/c.yaml': `- id: p\n  category: "${TOKEN}"\n  text: Hello\n  lang: "${TOKEN}"\n`,
    });
    const text = JSON.stringify(problems);
    expect(problems.filter((p) => p.ruleId === 'schema').map((p) => p.line)).toEqual([3, 2, 4]);
    expect(text).not.toContain('Zq8XkLmN3pR7tV2wYb5cD9fGhJ4sA1');
    expect(text).toContain('value redacted');
  });

  it('an infinite limit says so', () => {
    const problems = lint({
      'chorus.yaml': 'limits:\n  max_posts_per_day: .inf\n',
      'accounts/a.yaml': accountYaml(),
    });
    expect(problems.map((p) => p.message)).toEqual([
      '`max_posts_per_day` should be a number, not infinity (.inf)',
    ]);
  });

  it('thousands of hashtags make a short warning that says how many more', () => {
    const tags = Array.from({ length: 5000 }, (_, i) => `#tag${i}`).join(' ');
    const problems = lint({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml': `- id: p\n  category: news\n  text: "${tags}"\n  at: 2026-12-01 09:00\n`,
    }).filter((p) => p.ruleId === 'hashtag-limit');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message.length).toBeLessThan(400);
    expect(problems[0]!.message).toContain('#tag9 …and 4,990 more');
  });
});
