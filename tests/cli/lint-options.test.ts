// `chorus lint` as ESLint users expect it (paths, --quiet, --max-warnings -1, --print-config), and bad input
// that must stay a clear error: an account file with errors, a zone abbreviation, report --state nope.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-30T08:00:00Z';
const SLOTS = 'slots:\n  daily: ["10:00", "14:00"]';

/** Two accounts, each calendar with one error (a misspelt field) and one warning (shouting, set to warn). */
async function twoAccounts() {
  return makeWorkspace({
    'chorus.yaml': 'rules:\n  shouting: warn\n  min-gap: { minutes: 45 }\n',
    'accounts/a.yaml': accountYaml(SLOTS),
    'accounts/b.yaml': accountYaml(`${SLOTS}\nrules:\n  min-gap: { minutes: 90 }\n  shouting: off`, {
      handle: 'bee',
    }),
    'content/a/2026-12.yaml':
      '- id: a1\n  category: news\n  text: THIS IS VERY LOUD NEWS FOR EVERYONE\n  at: 2026-12-01\n- id: a2\n  category: news\n  txt: typo\n',
    'content/b/2026-12.yaml': '- id: b1\n  category: news\n  txt: typo\n',
  });
}

const lintJson = (root: string, ...args: string[]) => {
  const result = runCli(['lint', '--root', root, '--now', NOW, '--format', 'json', ...args], { cwd: root });
  const files = JSON.parse(result.stdout || '[]') as {
    filePath: string;
    messages: { ruleId: string; severity: number }[];
  }[];
  return {
    ...result,
    files,
    reported: files.flatMap((f) => f.messages.map((m) => `${f.filePath} ${m.ruleId}`)),
  };
};

describe('chorus lint [paths…]', () => {
  it('reports only the problems in the given files and folders, and exits on those alone', async () => {
    const root = await twoAccounts();
    const all = lintJson(root);
    expect(all.reported).toEqual(
      expect.arrayContaining([
        'content/a/2026-12.yaml schema',
        'content/a/2026-12.yaml shouting',
        'content/b/2026-12.yaml schema',
      ]),
    );
    const onlyA = lintJson(root, 'content/a/2026-12.yaml');
    expect(onlyA.files.map((f) => f.filePath)).toEqual(['content/a/2026-12.yaml']);
    expect(onlyA.reported.sort()).toEqual([
      'content/a/2026-12.yaml schema',
      'content/a/2026-12.yaml shouting',
    ]);
    expect(onlyA.code).toBe(1);
    // A folder, given relative to the current directory; and a clean file exits 0.
    expect(lintJson(root, path.join(root, 'content', 'b')).reported).toEqual([
      'content/b/2026-12.yaml schema',
    ]);
    const clean = lintJson(root, 'accounts/a.yaml');
    expect(clean.reported).toEqual([]);
    expect(clean.code).toBe(0);
  });

  it('refuses a path that does not exist or lies outside the workspace (exit 2)', async () => {
    const root = await twoAccounts();
    const missing = runCli(['lint', 'content/nope.yaml'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: content/nope.yaml');
    const outside = runCli(['lint', '--root', root, '..'], { cwd: root });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('is outside the workspace');
  });

  it('--quiet reports errors only; --max-warnings -1 is no limit', async () => {
    const root = await makeWorkspace({
      'chorus.yaml': 'rules:\n  shouting: warn\n',
      'accounts/a.yaml': accountYaml(SLOTS),
      'content/a/c.yaml':
        '- id: a1\n  category: news\n  text: THIS IS VERY LOUD NEWS FOR EVERYONE\n  at: 2026-12-01\n',
    });
    expect(lintJson(root).reported).toEqual(['content/a/c.yaml shouting']);
    expect(lintJson(root, '--quiet').reported).toEqual([]);
    expect(lintJson(root, '--max-warnings', '0').code).toBe(1);
    expect(lintJson(root, '--quiet', '--max-warnings', '0').code).toBe(0);
    expect(lintJson(root, '--max-warnings', '-1').code).toBe(0);
    const bad = runCli(['lint', '--root', root, '--max-warnings', '-2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('-1 for no limit');
  });

  it('--print-config shows the settings after chorus.yaml and the account file', async () => {
    const root = await twoAccounts();
    const a = runCli(['lint', '--root', root, '--print-config', 'a']);
    expect(a.code, a.stderr).toBe(0);
    const configA = JSON.parse(a.stdout);
    expect(configA.files).toEqual(['chorus.yaml', 'accounts/a.yaml']);
    expect(configA.rules['min-gap']).toEqual(['error', { minutes: 45 }]);
    expect(configA.rules.shouting[0]).toBe('warn');
    const configB = JSON.parse(runCli(['lint', '--root', root, '--print-config', 'b']).stdout);
    expect(configB.rules['min-gap']).toEqual(['error', { minutes: 90 }]);
    expect(configB.rules.shouting[0]).toBe('off');
    const unknown = runCli(['lint', '--root', root, '--print-config', 'c']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no account "c"');
  });
});

describe('bad input stays a clear error', () => {
  it('an account file with errors: one error at its line, its calendars are not "without an account", --account finds it', async () => {
    const root = await makeWorkspace({
      'accounts/a.yaml': accountYaml(SLOTS),
      'accounts/x.yaml': `${accountYaml(SLOTS, { handle: 'ex' })}\ncategories: [news, gossip]\n`,
      'content/a/c.yaml': '- id: a1\n  category: news\n  text: Hello\n  at: 2026-12-01\n',
      'content/x/c.yaml': '- id: x1\n  category: news\n  text: Hello from x\n  at: 2026-12-01\n',
      'content/x/d.yaml': '- id: x2\n  category: news\n  text: More from x\n  at: 2026-12-02\n',
    });
    const all = lintJson(root);
    expect(all.code).toBe(1);
    expect(all.reported).toEqual(['accounts/x.yaml schema']);
    const error = all.files.find((f) => f.filePath === 'accounts/x.yaml')!.messages[0] as { line?: number };
    expect(error.line).toBe(9);
    const only = runCli(['lint', '--root', root, '--account', 'x', '--now', NOW]);
    expect(only.code).toBe(1);
    expect(only.stdout).toContain('accounts/x.yaml');
    expect(only.stdout).not.toContain('There is no account');
    const publish = runCli(['publish', '--root', root, '--account', 'x', '--dry-run', '--now', NOW]);
    expect(publish.code).toBe(2);
    expect(publish.stderr).toContain('accounts/x.yaml: The account file of "x" has errors');
  });

  it('a time zone abbreviation is refused with the IANA zone it probably means', async () => {
    const root = await makeWorkspace({
      'accounts/a.yaml': accountYaml(SLOTS, { timezone: 'EST' }),
      'accounts/b.yaml': accountYaml(SLOTS, { timezone: 'CET', handle: 'bee' }),
    });
    const result = runCli(['lint', '--root', root, '--now', NOW]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('`EST` is an abbreviation, not a time zone');
    expect(result.stdout).toContain('did you mean America/New_York?');
    expect(result.stdout).toContain('did you mean Europe/Berlin?');
  });

  it('report --state with a folder that does not exist is a usage error (exit 2); the default state/ may be missing', async () => {
    const root = await makeWorkspace({ 'accounts/a.yaml': accountYaml(SLOTS) });
    const result = runCli(['report', '--root', root, '--state', 'nope', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--state nope: there is no such folder');
    expect(runCli(['report', '--root', root, '--now', NOW, '--format', 'json']).code).toBe(0);
  });
});
