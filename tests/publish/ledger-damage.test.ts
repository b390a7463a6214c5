// One bad ledger line (an `at` that is not a time) stops only its own account, located, in every command
// (issue 19, finding 9): never "internal error" (exit 3) for all.
import { afterEach, describe, expect, it } from 'vitest';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { envFor, NOW, publishWorkspace, usersFor } from './fixture.js';

let server: XServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accounts = [
  { id: 'news', posts: [{ id: 'a', at: '2026-11-22T08:30:00Z', text: 'Hello' }] },
  { id: 'deals', posts: [{ id: 'b', at: '2026-11-22T08:30:00Z', text: 'Buy' }] },
];
const badLedger =
  '{"v":1,"type":"intent","account":"news","post":"old","part":0,"text_sha256":"' +
  'ab'.repeat(32) +
  '","at":"2026-11-20T08:00:00.000Z","run":"r"}\n' +
  '{"v":1,"type":"published","account":"news","post":"old","part":0,"platform_id":"1","url":"https://x.com/news/status/1","at":"not a time","run":"r"}\n';

describe('a ledger line with an unparseable `at`', () => {
  it(
    'stops publishing for its account only, with file and line; other commands still run',
    { timeout: 20_000 },
    async () => {
      server = await startXServer({ users: usersFor(accounts) });
      const root = await publishWorkspace(accounts, { files: { 'state/news.jsonl': badLedger } });
      const env = envFor(accounts, server.url);
      const publish = await runCliAsync(['publish', '--root', root, '--now', NOW, '--format', 'json'], {
        env,
      });
      expect(publish.stderr).toBe('');
      expect(publish.code).toBe(1);
      const out = JSON.parse(publish.stdout);
      expect(out.failed).toEqual([
        {
          account: 'news',
          id: '*',
          reason:
            'publishing stopped: state/news.jsonl:2: The ledger is damaged: this line is not a ledger record: "at" is not an ISO 8601 time like 2026-11-23T08:00:01.204Z. (Ledger lines are written by `chorus publish` only; restore the file from git (`git checkout -- state/news.jsonl`).)',
        },
      ]);
      expect(out.published.map((p: { id: string }) => p.id)).toEqual(['b']);
      expect(server.postsOf('news')).toHaveLength(0);

      for (const args of [['lint'], ['plan'], ['codes'], ['metrics'], ['report']]) {
        const result = await runCliAsync([...args, '--root', root, '--now', NOW], { env });
        expect(result.code, `${args[0]}: ${result.stderr}`).not.toBe(3);
        expect(result.stderr).not.toMatch(/internal error|Invalid time value/);
      }
      const metrics = await runCliAsync(['metrics', '--root', root, '--now', NOW], { env });
      expect(metrics.stdout).toMatch(/failed +news +state\/news\.jsonl:2: The ledger is damaged/);
      const report = await runCliAsync(['report', '--root', root, '--now', NOW], { env });
      expect(report.code).toBe(1);
      expect(report.stderr).toContain('chorus: state/news.jsonl:2: The ledger is damaged');
      expect(report.stdout).toContain('deals');
    },
  );
});
