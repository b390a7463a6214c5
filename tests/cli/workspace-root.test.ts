// Without --root, a command finds the workspace as ESLint finds its config: here or in the nearest folder
// above that holds accounts/; `chorus init` writes where it is run.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

describe('the workspace root without --root', () => {
  it('lint from a calendar folder finds the workspace above and reports only the file given', async () => {
    const root = await makeWorkspace({
      'accounts/acme.yaml': accountYaml(),
      'content/acme/2027-01.yaml': '- id: a\n  category: news\n  text: Fine\n  at: 2027-01-05 09:00\n',
      'content/acme/2027-02.yaml':
        '- id: b\n  category: news\n  text: Fine\n  at: 2027-02-05 09:00\n  catgory: x\n',
    });
    const folder = path.join(root, 'content/acme');
    const one = runCli(['lint', '2027-01.yaml', '--now', '2026-12-01T00:00:00Z'], { cwd: folder });
    expect(one.stderr).toBe(`chorus: using the workspace ${root}\n`);
    expect(one.code).toBe(0);
    const other = runCli(['lint', '2027-02.yaml', '--now', '2026-12-01T00:00:00Z'], { cwd: folder });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('content/acme/2027-02.yaml');
  });

  it('never looks above the git repository the current folder is in', async () => {
    const outer = await makeWorkspace({ 'accounts/acme.yaml': accountYaml() });
    const repo = path.join(outer, 'repo');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, 'notes'), { recursive: true });
    const result = runCli(['lint'], { cwd: path.join(repo, 'notes') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('this is not a Chorus workspace');
  });

  it('outside any workspace it is still "not a Chorus workspace" (exit 2)', async () => {
    const empty = await makeWorkspace({ 'notes.txt': 'nothing here' });
    const deeper = path.join(empty, 'a/b');
    await mkdir(deeper, { recursive: true });
    await writeFile(path.join(deeper, 'x.txt'), '');
    const result = runCli(['lint'], { cwd: deeper });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('this is not a Chorus workspace');
  });
});
