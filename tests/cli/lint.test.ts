import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

describe('chorus lint (CLI)', () => {
  it('exits 0 on a clean workspace', async () => {
    const root = await makeWorkspace({
      // A queued post needs a slot (rule no-free-slot).
      'accounts/a.yaml': accountYaml('slots:\n  daily: ["09:00"]'),
      'content/a/c.yaml': '- id: p\n  category: news\n  text: Hello\n',
    });
    const result = runCli(['lint', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('No problems');
    expect(result.code).toBe(0);
  });

  it('exits 1 with located problems in json', async () => {
    const root = await makeWorkspace({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml': '- id: p\n  category: news\n  catgory: news\n  text: Hello\n',
    });
    const result = runCli(['lint', '--root', root, '--format', 'json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    const messages = json.find((r: { filePath: string }) => r.filePath === 'content/a/c.yaml').messages;
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: 'schema',
        severity: 2,
        line: 3,
        column: 3,
        account: 'a',
        postId: 'p',
        message: expect.stringContaining('did you mean `category`'),
      }),
    ]);
  });

  it('exits 2 without a workspace, with a hint and no stack trace', async () => {
    const root = await makeWorkspace({ 'README.md': 'nothing' });
    const result = runCli(['lint', '--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a Chorus workspace/);
    expect(result.stderr).toMatch(/hint:/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a bad option value', () => {
    const result = runCli(['lint', '--now', 'tomorrow']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ISO 8601/);
    expect(result.stderr).toMatch(/^chorus: option '--now <iso>'/);
  });

  it('prints the version and help', () => {
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runCli(['lint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings');
  });
});
