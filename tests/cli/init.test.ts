// `chorus init`: from an empty folder to a workspace that lints and dry-runs, with Chorus installed from the
// tarball `npm pack` makes of this repository (what a content repository gets from npm or git).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { installPacked, packTarball, REPO, tarballFiles } from '../helpers/packed-install.js';
import { runCli } from '../helpers/run-cli.js';

const exec = promisify(execFile);
const NOW = '2026-11-30T10:00:00Z';
const emptyFolder = () => mkdtemp(path.join(tmpdir(), 'chorus-init-'));

/** Run a command in `cwd` with a minimal environment; never throws. */
async function inFolder(cwd: string, command: string, args: string[]) {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd,
      timeout: 20_000,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('chorus init', () => {
  it('from an empty folder: init, install the packed package, then lint and publish --dry-run pass', async () => {
    const tarball = await packTarball();
    const files = await tarballFiles(tarball);
    // What init and the workflows need is in the package; the sources and tests are not.
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/chorus.js',
        'dist/bundle/cli.js',
        'ci/with-secrets.js',
        'schemas/account.schema.json',
        'templates/workspace/gitignore',
        'templates/workflows/chorus-publish.yml',
        'templates/workflows/chorus-deals.yml',
        'templates/workflows/chorus-lint.yml',
      ]),
    );
    expect(files.filter((f) => /^(src|tests)\//.test(f))).toEqual([]);

    const folder = path.join(await emptyFolder(), 'brand-posts');
    const init = await inFolder(path.dirname(folder), process.execPath, [
      path.join(REPO, 'bin', 'chorus.js'),
      'init',
      'brand-posts',
      '--timezone',
      'America/New_York',
      '--dependency',
      `file:${tarball}`,
    ]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('npx --no-install chorus lint');
    const manifest = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8'));
    expect(manifest.devDependencies).toEqual({ 'chorus-cli': `file:${tarball}` });

    await installPacked(folder);
    // The schema comments point into the installed package.
    const account = await readFile(path.join(folder, 'accounts', 'example.yaml'), 'utf8');
    const schema = /\$schema=(\S+)/.exec(account)![1]!;
    expect(existsSync(path.join(folder, 'accounts', schema))).toBe(true);

    const lint = await inFolder(folder, 'npx', ['--no-install', 'chorus', 'lint']);
    expect(lint.stdout + lint.stderr).toContain('No problems');
    expect(lint.code).toBe(0);
    const dryRun = await inFolder(folder, path.join(folder, 'node_modules', '.bin', 'chorus'), [
      'publish',
      '--dry-run',
    ]);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.stdout).toContain('0 failed');
    expect(dryRun.code).toBe(0);
  }, 28_000);

  it('writes the workspace files, the .env.example of the example account and, on request, the workflows', async () => {
    const folder = await emptyFolder();
    const result = runCli(
      ['init', '--account', 'acme-news', '--timezone', 'Europe/Berlin', '--workflows', '--now', NOW],
      {
        cwd: folder,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(folder)).sort()).toEqual(
      ['.env.example', '.github', '.gitignore', 'accounts', 'chorus.yaml', 'content', 'package.json'].sort(),
    );
    expect(await readFile(path.join(folder, '.env.example'), 'utf8')).toMatch(
      /^CHORUS_X_APP_KEY=\nCHORUS_X_APP_SECRET=\n# .*\nCHORUS_ACME_NEWS_ACCESS_TOKEN=\nCHORUS_ACME_NEWS_ACCESS_SECRET=\n$/m,
    );
    const ignored = await readFile(path.join(folder, '.gitignore'), 'utf8');
    for (const entry of ['.env', 'state/*.lock', '.chorus-cache/', 'node_modules/']) {
      expect(ignored.split('\n')).toContain(entry);
    }
    expect(await readFile(path.join(folder, 'content/acme-news/2026-12.yaml'), 'utf8')).toContain(
      'at: 2026-12-07 09:30',
    );
    for (const name of ['chorus-lint.yml', 'chorus-publish.yml', 'chorus-deals.yml']) {
      expect(await readFile(path.join(folder, '.github/workflows', name), 'utf8')).toBe(
        await readFile(path.join(REPO, 'templates/workflows', name), 'utf8'),
      );
    }
    // Fresh from init: nothing is due, nothing is wrong.
    expect(runCli(['lint', '--now', NOW], { cwd: folder }).code).toBe(0);
    const plan = runCli(['plan', '--now', NOW, '--format', 'json'], { cwd: folder });
    expect(JSON.parse(plan.stdout).posts.map((p: { id: string }) => p.id)).toEqual(['hello', 'how-we-post']);
  });

  it('never overwrites: names the files that exist and writes nothing', async () => {
    const folder = await emptyFolder();
    await writeFile(path.join(folder, 'chorus.yaml'), 'limits: {}\n');
    await writeFile(path.join(folder, '.gitignore'), 'dist/\n');
    const result = runCli(['init', '--now', NOW, '--timezone', 'UTC'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already has chorus.yaml, .gitignore');
    expect(result.stderr).toContain('nothing was written');
    expect((await readdir(folder)).sort()).toEqual(['.gitignore', 'chorus.yaml']);
    expect(await readFile(path.join(folder, 'chorus.yaml'), 'utf8')).toBe('limits: {}\n');
  });

  it('keeps a package.json that already depends on chorus-cli; --workflows-only adds just the workflows', async () => {
    const folder = await emptyFolder();
    const manifest = '{ "devDependencies": { "chorus-cli": "github:chorus-cli/chorus" } }\n';
    await writeFile(path.join(folder, 'package.json'), manifest);
    expect(runCli(['init', '--now', NOW, '--timezone', 'UTC'], { cwd: folder }).code).toBe(0);
    expect(await readFile(path.join(folder, 'package.json'), 'utf8')).toBe(manifest);
    const again = runCli(['init', '--workflows-only'], { cwd: folder });
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(path.join(folder, '.github/workflows'))).sort()).toEqual([
      'chorus-deals.yml',
      'chorus-lint.yml',
      'chorus-publish.yml',
    ]);
  });

  it('refuses a time zone abbreviation with the zone that was probably meant', async () => {
    const result = runCli(['init', await emptyFolder(), '--timezone', 'PST']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`PST` is an abbreviation, not a time zone');
    expect(result.stderr).toContain('did you mean America/Los_Angeles?');
  });
});

describe('chorus init into links', () => {
  it('refuses to write through a folder that links out of the target, and writes nothing', async () => {
    const target = await mkdtemp(path.join(tmpdir(), 'chorus-init-links-'));
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-init-outside-'));
    await symlink(outside, path.join(target, '.github'));
    const result = runCli(['init', '--workflows', '--timezone', 'UTC'], { cwd: target });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'would be written through a link out of this folder; nothing was written',
    );
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(target)).sort()).toEqual(['.github']);
  });
});
