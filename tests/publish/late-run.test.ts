// A late run must not cost the next post: a queued post sent late (the run came after its slot) is history,
// and the explicit post after it keeps its gap from where the late one was planned. Lint stays clean and
// publish sends the explicit post (waiting for the gap while its late window allows), instead of skipping
// it for a min-gap error until it is missed. Found by the time-passing simulation.
import { afterEach, describe, expect, it } from 'vitest';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';
import { envFor, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts = [{ id: 'news', posts: [] }];

async function world() {
  server = await startXServer({ users: usersFor(accounts) });
  const root = await makeWorkspace({
    // Slot 10:30 UTC; min-gap 60 min (the default); late window 60 min (the default).
    'accounts/news.yaml': accountYaml('slots:\n  daily: ["10:30"]', { handle: 'news', timezone: 'UTC' }),
    'content/news/posts.yaml':
      '- id: queued\n  category: news\n  text: The queued one.\n' +
      '- id: explicit\n  category: news\n  text: The explicit one.\n  at: 2026-11-22 11:45\n',
  });
  return { root, env: envFor(accounts, server.url) };
}

const run = (root: string, env: Record<string, string>, command: string, now: string) =>
  runCliAsync([command, '--root', root, '--now', now], { env });

describe('a queued post sent late, then an explicit post 75 min after its slot', () => {
  it(
    'lint stays clean and the explicit post goes out, after the gap, once',
    { timeout: 20_000 },
    async () => {
      const { root, env } = await world();
      expect((await run(root, env, 'lint', '2026-11-22T10:00:00Z')).stdout).toBe('✔ No problems\n');
      // The 10:30 run did not happen; one at 10:52 sends the queued post 22 min late.
      const late = await run(root, env, 'publish', '2026-11-22T10:52:00Z');
      expect(late.stdout).toContain('published news/queued');
      // 53 min between what went out and the explicit post, but 75 min from where the late one was planned.
      const lint = await run(root, env, 'lint', '2026-11-22T11:00:00Z');
      expect([lint.code, lint.stdout]).toEqual([0, '✔ No problems\n']);
      // At 11:45 the gap has 7 minutes to go, well inside the explicit post's window: it waits.
      const early = await run(root, env, 'publish', '2026-11-22T11:45:00Z');
      expect(early.stdout).toMatch(/deferred\s+news\/explicit\s+min-gap/);
      expect(early.stdout).toContain('0 skipped');
      // The next run, after the gap, sends it.
      const next = await run(root, env, 'publish', '2026-11-22T11:55:00Z');
      expect(next.stdout).toContain('published news/explicit');
      expect(server!.postsOf('news').map((p) => p.text)).toEqual(['The queued one.', 'The explicit one.']);
      expect((await run(root, env, 'lint', '2026-11-22T12:00:00Z')).stdout).toBe('✔ No problems\n');
    },
  );

  it('a post written too close to another is still an error, whatever went out', async () => {
    const root = await makeWorkspace({
      'accounts/news.yaml': accountYaml('', { handle: 'news', timezone: 'UTC' }),
      'content/news/posts.yaml':
        '- id: a\n  category: news\n  text: One.\n  at: 2026-11-22 10:30\n' +
        '- id: b\n  category: news\n  text: Two.\n  at: 2026-11-22 11:00\n',
    });
    const lint = await runCliAsync(['lint', '--root', root, '--now', '2026-11-22T10:00:00Z']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('Only 30 min after "a"');
  });
});
