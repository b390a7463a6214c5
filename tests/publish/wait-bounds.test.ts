// Waits are bounded whatever chorus.yaml says (issue 19 re-check): the schema caps
// max_rate_limit_wait_seconds and lock_wait_seconds, and a rate-limit reset far away (an hour, or a
// timestamp beyond setTimeout's range) means defer at once, never a long sleep holding the lock nor an
// immediate resend.
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { publishCommand, type PublishTestHooks } from '../../src/cli/publish.js';
import { MAX_LOCK_WAIT_SECONDS, MAX_RATE_LIMIT_WAIT_SECONDS } from '../../src/model/schema.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { envFor, type FixtureAccount, NOW, publishWorkspace, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts: FixtureAccount[] = [
  {
    id: 'news',
    posts: [
      { id: 'a', at: '2026-11-22T08:10:00Z', text: 'First news of the day' },
      { id: 'b', at: '2026-11-22T08:20:00Z', text: 'Second news of the day' },
    ],
  },
];

const creates = (s: XServer) =>
  s.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets').length;

describe('publish wait settings', () => {
  it('are capped by the schema: lint refuses values above the maxima, at their line', async () => {
    expect(MAX_RATE_LIMIT_WAIT_SECONDS).toBe(900);
    expect(MAX_LOCK_WAIT_SECONDS).toBe(300);
    const root = await publishWorkspace(accounts, {
      config:
        'limits:\n  min_gap_minutes: 0\npublish:\n  max_rate_limit_wait_seconds: 999999999\n  lock_wait_seconds: 301\n',
    });
    const result = await runCliAsync(['lint', '--root', root, '--now', NOW]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/chorus\.yaml[\s\S]*4:\d+[\s\S]*max_rate_limit_wait_seconds/);
    expect(result.stdout).toMatch(/5:\d+[\s\S]*lock_wait_seconds/);
    const ok = await publishWorkspace(accounts, {
      config:
        'limits:\n  min_gap_minutes: 0\npublish:\n  max_rate_limit_wait_seconds: 900\n  lock_wait_seconds: 300\n',
    });
    expect((await runCliAsync(['lint', '--root', ok, '--now', NOW])).code).toBe(0);
  });
});

describe('a 429 whose reset is far away', () => {
  for (const [name, resetInSeconds] of [
    ['an hour away', 3600],
    ['beyond setTimeout (epoch 1900000000)', Math.ceil(1_900_000_000 - Date.now() / 1000)],
  ] as const) {
    it(
      `${name}: deferred at once after one request, even when a caller passes a huge wait`,
      { timeout: 10_000 },
      async () => {
        server = await startXServer({ users: usersFor(accounts) });
        const root = await publishWorkspace(accounts, {
          config: 'limits:\n  min_gap_minutes: 0\npublish:\n  max_rate_limit_wait_seconds: 900\n',
        });
        server.setPostAnswer({ kind: 'always-rate-limited', resetInSeconds });
        const output: string[] = [];
        const io: CliIO = {
          stdout: (text) => output.push(text),
          stderr: (text) => output.push(text),
          env: envFor(accounts, server.url),
          cwd: root,
          now: () => new Date(),
          color: false,
        };
        const warnings: string[] = [];
        const onWarning = (warning: Error) => warnings.push(warning.name);
        process.on('warning', onWarning);
        const started = Date.now();
        try {
          // The real sleep; the settings as a programmatic caller might pass them, past the schema's cap.
          const hooks = { maxRateLimitWaitSeconds: 999_999_999 } as PublishTestHooks;
          const code = await publishCommand(
            { root, accounts: [], dryRun: false, now: new Date(NOW), shard: undefined, format: 'json' },
            io,
            hooks,
          );
          expect(code).toBe(0);
        } finally {
          process.off('warning', onWarning);
        }
        expect(Date.now() - started).toBeLessThan(5000);
        expect(warnings).not.toContain('TimeoutOverflowWarning');
        expect(creates(server)).toBe(1);
        const out = JSON.parse(output.join('')) as { deferred: { id: string; reason: string }[] };
        expect(out.deferred.map((d) => d.id)).toEqual(['a', 'b']);
        expect(out.deferred[0]!.reason).toMatch(/^rate limited by X until .*; deferred to the next run$/);
      },
    );
  }
});
