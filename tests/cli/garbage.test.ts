// Garbage on disk through the real CLI: located messages, documented exit codes, never a stack trace.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, open, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { garbageCases, witness } from '../helpers/garbage-cases.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const STACK_LINE = /\n\s+at .+\(.*:\d+:\d+\)/;

/** A workspace with one known mistake in content/b, to prove other files are still linted. */
async function workspaceWithWitness(): Promise<string> {
  return makeWorkspace({
    'accounts/a.yaml': accountYaml(),
    'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
    'content/b/witness.yaml': '- id: w\n  category: news\n  catgory: news\n  text: Still linted\n',
  });
}

function lintJson(root: string) {
  const result = runCli(['lint', '--root', root, '--format', 'json']);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stderr).not.toMatch(/internal error/);
  const results = JSON.parse(result.stdout) as {
    filePath: string;
    messages: { line: number; column: number; message: string; hint?: string }[];
  }[];
  const messagesOf = (file: string) => results.find((r) => r.filePath === file)?.messages ?? [];
  expect(messagesOf('content/b/witness.yaml')).toEqual([
    expect.objectContaining({ line: 3, column: 3, message: expect.stringContaining('`catgory`') }),
  ]);
  return { code: result.code, messagesOf };
}

describe('garbage on disk (CLI)', () => {
  it('a folder named like a YAML file', async () => {
    const root = await workspaceWithWitness();
    await mkdir(path.join(root, 'content/a/2026-12.yaml'), { recursive: true });
    await mkdir(path.join(root, 'accounts/c.yaml'));
    const { code, messagesOf } = lintJson(root);
    expect(code).toBe(1);
    for (const file of ['content/a/2026-12.yaml', 'accounts/c.yaml']) {
      expect(messagesOf(file)).toEqual([
        expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/is a folder/) }),
      ]);
    }
  });

  it('a broken symbolic link', async () => {
    const root = await workspaceWithWitness();
    await mkdir(path.join(root, 'content/a'), { recursive: true });
    await symlink('missing.yaml', path.join(root, 'content/a/linked.yaml'));
    const { code, messagesOf } = lintJson(root);
    expect(code).toBe(1);
    expect(messagesOf('content/a/linked.yaml')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/cannot be opened/) }),
    ]);
  });

  it('every kind of broken file at once: exit 1, each located, no stack trace', async () => {
    const files: Record<string, string | Uint8Array> = { ...witness };
    for (const testCase of garbageCases) files[testCase.file] = testCase.content;
    const root = await makeWorkspace(files);
    const result = runCli(['lint', '--root', root, '--format', 'github']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    for (const testCase of garbageCases) {
      for (const expected of testCase.expected) {
        const where = `file=${testCase.file},line=${expected.line},col=${expected.column ?? ''}`;
        expect(result.stdout, `${testCase.name}: ${where}`).toContain(where);
      }
    }
    expect(result.stdout).toContain('file=content/b/witness.yaml,line=3,col=3');
  });

  it('a named pipe is refused instead of blocking the run', async () => {
    const root = await workspaceWithWitness();
    await mkdir(path.join(root, 'content/a'), { recursive: true });
    expect(spawnSync('mkfifo', [path.join(root, 'content/a/pipe.yaml')]).status).toBe(0);
    const { code, messagesOf } = lintJson(root);
    expect(code).toBe(1);
    expect(messagesOf('content/a/pipe.yaml')).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/not a regular file/) }),
    ]);
  });

  it('an unreadable file (chmod 000)', async () => {
    const root = await workspaceWithWitness();
    const file = path.join(root, 'content/a/locked.yaml');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '- id: p\n  category: news\n  text: hello\n  txet: hello\n');
    await chmod(file, 0o000);
    const { code, messagesOf } = lintJson(root);
    expect(code).toBe(1);
    // Root ignores file permissions: then the file is read and its own mistake is reported.
    const asRoot = process.getuid?.() === 0;
    expect(messagesOf('content/a/locked.yaml')).toEqual([
      asRoot
        ? expect.objectContaining({ line: 4, column: 3, message: expect.stringContaining('`txet`') })
        : expect.objectContaining({
            line: 1,
            message: expect.stringMatching(/permission denied/),
            hint: expect.stringMatching(/chmod/),
          }),
    ]);
  });

  it('a 50 MB file is refused quickly, without being read', async () => {
    const root = await workspaceWithWitness();
    const file = path.join(root, 'content/a/huge.yaml');
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'w');
    await handle.truncate(50 * 1024 * 1024); // a sparse file: 50 MB long, nothing written
    await handle.close();
    const started = Date.now();
    const { code, messagesOf } = lintJson(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(messagesOf('content/a/huge.yaml')).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        message: 'File is 50.0 MB; Chorus reads YAML files up to 5 MB.',
        hint: expect.stringMatching(/Split/),
      }),
    ]);
  });

  it('a broken chorus.yaml and a broken account are located; calendars are still linted', async () => {
    const root = await workspaceWithWitness();
    await writeFile(path.join(root, 'chorus.yaml'), 'limits:\n  min_gap_minutes: "often"\n');
    await writeFile(path.join(root, 'accounts/c.yaml'), accountYaml('slots:\n  weekdays: ["9am"]'));
    const result = runCli(['lint', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/chorus\.yaml\n\s+2:20\s+error\s+`min_gap_minutes` should be a number/);
    expect(result.stdout).toMatch(
      /accounts\/c\.yaml\n\s+8:14\s+error\s+`weekdays`: write times of day as "HH:MM"/,
    );
    expect(result.stdout).toMatch(/content\/b\/witness\.yaml\n\s+3:3\s+error\s+`catgory`/);
  });

  it('no workspace at all is exit 2 with a hint', async () => {
    const root = await makeWorkspace({ 'accounts.yaml': 'not a folder' });
    const result = runCli(['lint', '--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a Chorus workspace\.\n\s+hint: /);
    expect(result.stderr).not.toMatch(STACK_LINE);
    const missing = runCli(['lint', '--root', path.join(root, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
