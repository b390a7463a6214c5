// Adding a network is a folder: the "echo" test double (tests/platforms/echo/, not shipped) plus a registry
// that lists it is all it takes for lint, plan and publish to handle its accounts end to end, through the
// real CLI code, beside an X account.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { BUILTIN_PLATFORMS } from '../../src/platforms/index.js';
import { platformRegistry } from '../../src/platforms/registry.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';
import { echoPlatform, echoServer } from './echo/index.js';

const NOW = '2026-12-01T09:30:00Z';

async function cli(argv: string[], server: ReturnType<typeof echoServer>, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    cwd: process.cwd(),
    now: () => new Date(NOW),
    color: false,
    platforms: platformRegistry([...BUILTIN_PLATFORMS.values(), echoPlatform(server)]),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const echoAccount = [
  'platform: echo',
  'handle: acme',
  'timezone: UTC',
  'language: en',
  'owner: ana',
  'slots:',
  '  daily: ["10:00"]',
].join('\n');

const files = {
  'accounts/acme-echo.yaml': `${echoAccount}\n`,
  'accounts/news.yaml': accountYaml(),
  'content/acme-echo/c.yaml': [
    '- id: hello',
    '  category: news',
    '  text: Hello from the echo network, with a link https://shop.example.com/a',
    '  at: 2026-12-01T09:00:00Z',
    '  thread:',
    '    - And a reply in the thread.',
    '- id: later',
    '  category: news',
    '  text: A queued post for a later slot.',
  ].join('\n'),
};

describe('a test-double network (echo)', () => {
  it('lint uses its own counting: a text over its 100 code points is an error in its words', async () => {
    const server = echoServer();
    const root = await makeWorkspace({
      ...files,
      'content/acme-echo/long.yaml': `- id: long\n  category: news\n  text: "${'a'.repeat(101)}"\n  at: 2026-12-02T10:00:00Z\n`,
    });
    const result = await cli(['lint', '--root', root, '--now', NOW, '--format', 'json'], server);
    const messages = (
      JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[]
    )
      .flatMap((file) => file.messages.map((m) => ({ file: file.filePath, ...m })))
      .filter((m) => m.ruleId === 'max-length');
    expect(messages).toEqual([
      expect.objectContaining({
        file: 'content/acme-echo/long.yaml',
        message: expect.stringContaining('101 code points'),
      }),
    ]);
  });

  it('an unknown network and a handle of the wrong shape are located schema errors', async () => {
    const server = echoServer();
    const root = await makeWorkspace({
      ...files,
      'accounts/acme-echo.yaml': `${echoAccount.replace('handle: acme', 'handle: "Not Valid"')}\n`,
      'accounts/other.yaml': `${echoAccount.replace('platform: echo', 'platform: myspace')}\n`,
    });
    const result = await cli(['lint', '--root', root, '--now', NOW], server);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /accounts\/acme-echo\.yaml[\s\S]*an echo handle is 1-20 lower-case letters/,
    );
    expect(result.stdout).toMatch(
      /accounts\/other\.yaml[\s\S]*"myspace" is not a network Chorus knows; use one of x, bluesky, mastodon, weibo, echo/,
    );
  });

  it('plan, publish --dry-run, publish, and a rerun that sends nothing twice', async () => {
    const server = echoServer();
    server.tokens.set('acme', 'echo-secret-token');
    const root = await makeWorkspace(files);
    const env = { CHORUS_ECHO_ACME_ECHO_TOKEN: 'echo-secret-token' };

    const lint = await cli(['lint', '--root', root, '--now', NOW, '--account', 'acme-echo'], server);
    expect(lint.code, lint.stdout).toBe(0);

    const plan = await cli(
      ['plan', '--root', root, '--now', NOW, '--format', 'json', '--account', 'acme-echo'],
      server,
    );
    const posts = (JSON.parse(plan.stdout) as { posts: { id: string; at: string; length: number }[] }).posts;
    expect(posts.map((p) => [p.id, p.at])).toEqual([
      ['hello', '2026-12-01T09:00:00Z'],
      ['later', '2026-12-01T10:00:00Z'],
    ]);
    expect(posts[0]!.length).toBe(
      [...'Hello from the echo network, with a link https://shop.example.com/a'].length,
    );

    const dry = await cli(
      ['publish', '--root', root, '--now', NOW, '--dry-run', '--account', 'acme-echo'],
      server,
      env,
    );
    expect(dry.stdout).toContain('ECHO create {"text":"Hello from the echo network');
    expect(server.posts.size).toBe(0);

    server.loseNextAnswer = true;
    const first = await cli(['publish', '--root', root, '--now', NOW, '--account', 'acme-echo'], server, env);
    // The main part's answer was lost: found again by its key, recorded, and the thread goes on.
    expect(first.stdout).toContain('published acme-echo/hello  echo://acme/1');
    expect([...server.posts.values()].map((p) => [p.key, p.parent])).toEqual([
      ['acme-echo/hello/0', undefined],
      ['acme-echo/hello/1', '1'],
    ]);
    expect(first.stdout + first.stderr).not.toContain('echo-secret-token');

    const again = await cli(['publish', '--root', root, '--now', NOW, '--account', 'acme-echo'], server, env);
    expect(again.code).toBe(0);
    expect(server.posts.size).toBe(2);

    // The queued post's 10:00 slot today is within min-gap (60 min) of the thread sent at 09:30: tomorrow.
    const later = await cli(
      ['publish', '--root', root, '--now', '2026-12-02T10:05:00Z', '--account', 'acme-echo'],
      server,
      env,
    );
    expect(later.stdout).toContain('published acme-echo/later');
    expect(server.posts.size).toBe(3);
  });

  it('a token of another echo account is refused before anything is sent', async () => {
    const server = echoServer();
    server.tokens.set('someoneelse', 'other-token');
    const root = await makeWorkspace(files);
    const result = await cli(['publish', '--root', root, '--now', NOW, '--account', 'acme-echo'], server, {
      CHORUS_ECHO_ACME_ECHO_TOKEN: 'other-token',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('belong to ~someoneelse, not ~acme');
    expect(server.posts.size).toBe(0);
  });
});
