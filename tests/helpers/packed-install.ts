// Installs Chorus as a user's project gets it: from the tarball `npm pack` makes of this repository.
// There is no registry in tests, so the tarball is unpacked into node_modules/chorus-cli by hand (what npm
// would do) and its dependencies are this repository's node_modules, linked; node_modules/.bin/chorus is
// the link npm would make. What the tarball holds (files, bin, templates) is what is tested.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BIN } from './run-cli.js';

const run = promisify(execFile);
export const REPO = path.resolve(path.dirname(BIN), '..');

let packed: Promise<string> | undefined;

/** `npm pack` this repository once per test file (scripts off: `dist/` is built before the tests). */
export function packTarball(): Promise<string> {
  packed ??= (async () => {
    const destination = await mkdtemp(path.join(tmpdir(), 'chorus-pack-'));
    const { stdout } = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', destination],
      {
        cwd: REPO,
        timeout: 20_000,
        env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
      },
    );
    const [result] = JSON.parse(stdout) as { filename: string }[];
    return path.join(destination, result!.filename);
  })();
  return packed;
}

/** The files the tarball holds (paths inside the package). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

/** Install the packed tarball into `<project>/node_modules` (see the top of this file). */
export async function installPacked(project: string): Promise<void> {
  const tarball = await packTarball();
  const target = path.join(project, 'node_modules', 'chorus-cli');
  await mkdir(target, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { timeout: 10_000 });
  await symlink(path.join(REPO, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  const manifest = JSON.parse(await readFile(path.join(target, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  await mkdir(path.join(project, 'node_modules', '.bin'), { recursive: true });
  for (const [name, file] of Object.entries(manifest.bin)) {
    await symlink(path.join('..', 'chorus-cli', file), path.join(project, 'node_modules', '.bin', name));
  }
}
