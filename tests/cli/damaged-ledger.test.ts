// plan, codes, lint and add with a damaged ledger (issue 19 re-check): they still work, showing the account
// as if nothing was published from it, but never silently: one located warning per damaged ledger on stderr.
import { execFileSync } from 'node:child_process';
import { symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLedgerRecord } from '../../src/state/ledger.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = ['--now', '2026-11-22T09:00:00Z'];
const published = formatLedgerRecord({
  v: 1,
  type: 'published',
  account: 'acme',
  post: 'p1',
  part: 0,
  platform_id: '1234567890',
  url: 'https://x.com/acme/status/1234567890',
  at: '2026-11-22T08:30:05.000Z',
  run: 'r1',
});

async function workspace(): Promise<string> {
  return makeWorkspace({
    'chorus.yaml': 'limits:\n  min_gap_minutes: 0\n',
    'accounts/acme.yaml': accountYaml(),
    'accounts/fine.yaml': accountYaml('', { handle: 'fine' }),
    'content/acme/posts.yaml': '- id: p1\n  category: news\n  text: "Hello"\n  at: "2026-11-22T08:30:00Z"\n',
    'content/fine/posts.yaml': '- id: f1\n  category: news\n  text: "Fine"\n  at: "2026-11-23T08:30:00Z"\n',
    'state/fine.jsonl': '',
  });
}

const WARNING =
  /^chorus: state\/acme\.jsonl:(\d+): .+; shown as if nothing was published from account "acme" \(publish stops for it until the file is fixed\)\. .+$/;

describe('a damaged ledger in commands that only show', () => {
  it(
    'a bad line: plan, codes, lint and add warn once, located, and still work',
    { timeout: 25_000 },
    async () => {
      const root = await workspace();
      await writeFile(path.join(root, 'state/acme.jsonl'), `${published}not json\n`);
      const runs = {
        plan: ['plan', '--root', root, ...NOW],
        codes: ['codes', '--root', root, ...NOW],
        lint: ['lint', '--root', root, ...NOW],
        add: [
          'add',
          '--root',
          root,
          '--account',
          'fine',
          '--category',
          'news',
          '--text',
          'Added',
          '--at',
          '2026-11-24T10:00:00Z',
          ...NOW,
        ],
      };
      for (const [name, args] of Object.entries(runs)) {
        const result = runCli(args);
        expect(result.code, `${name}: ${result.stderr}`).toBe(0);
        const lines = result.stderr.trimEnd().split('\n');
        expect(lines, name).toHaveLength(1);
        expect(lines[0], name).toMatch(WARNING);
        expect(lines[0]).toContain('state/acme.jsonl:2: The ledger is damaged: this line is not JSON;');
      }
      // Shown as pending (nothing published), as the warning says.
      expect(runCli(runs.plan).stdout).toMatch(/p1/);
      // An undamaged ledger is quiet.
      await writeFile(path.join(root, 'state/acme.jsonl'), published);
      expect(runCli(runs.plan).stderr).toBe('');
    },
  );

  it(
    'a FIFO or a link out of the workspace: plan warns and returns at once',
    { timeout: 20_000 },
    async () => {
      const root = await workspace();
      const ledger = path.join(root, 'state/acme.jsonl');
      execFileSync('mkfifo', [ledger]);
      const fifo = runCli(['plan', '--root', root, ...NOW]);
      expect(fifo.code).toBe(0);
      expect(fifo.stderr.trimEnd()).toMatch(WARNING);
      expect(fifo.stderr).toContain('state/acme.jsonl:1: This file is not a regular file');

      await unlink(ledger);
      const outside = await makeWorkspace({ 'x.jsonl': published });
      await symlink(path.join(outside, 'x.jsonl'), ledger);
      const linked = runCli(['plan', '--root', root, ...NOW]);
      expect(linked.code).toBe(0);
      expect(linked.stderr.trimEnd()).toMatch(WARNING);
      expect(linked.stderr).toContain('state/acme.jsonl:1: This file leads outside the workspace');
      expect(linked.stderr).toContain('State files are written by chorus only');
    },
  );
});
