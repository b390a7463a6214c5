// Test-only: installs the real Bluesky server (this folder's package.json and package-lock.json: @atproto/pds
// and @did-plc/server) into <repo>/node_modules/.chorus-test-pds, once, when missing or out of date. Idempotent:
// a second run with the same lock file does nothing. Never part of `npm install chorus-cli` (the folder is not
// in the package's `files`, and its dependencies are not the package's). Used by the vitest global setup and
// by .ci/run. Prints the directory on stdout; the install's progress goes to stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
/** Where the server is installed: inside the repository's node_modules (git-ignored, removed by npm ci). */
export const PDS_DIR = path.join(ROOT, 'node_modules', '.chorus-test-pds');
const LOCK = 'package-lock.json';
/** npm ci can take minutes (better-sqlite3 compiles from source); bounded all the same. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Whether the install in `dir` is complete and matches this folder's lock file. */
export function isInstalled(dir = PDS_DIR) {
  try {
    const same =
      fs.readFileSync(path.join(dir, LOCK), 'utf8') === fs.readFileSync(path.join(HERE, LOCK), 'utf8');
    return (
      same &&
      fs.existsSync(path.join(dir, 'node_modules/@atproto/pds/package.json')) &&
      fs.existsSync(path.join(dir, 'node_modules/@did-plc/server/package.json')) &&
      fs.existsSync(path.join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')) &&
      fs.existsSync(path.join(dir, '.complete'))
    );
  } catch {
    return false;
  }
}

/**
 * Install when needed; returns the directory and how long the install took (0 when it was already there).
 * Installs into a fresh folder and renames it into place, so a cut install never looks complete.
 */
export function ensureInstalled(log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`)) {
  if (isInstalled()) return { dir: PDS_DIR, ms: 0 };
  const started = Date.now();
  const staging = `${PDS_DIR}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const file of ['package.json', LOCK]) fs.copyFileSync(path.join(HERE, file), path.join(staging, file));
  log('Installing the test Bluesky server (@atproto/pds, once; about 3 minutes: better-sqlite3 compiles)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: staging,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0 || !isInstalledStaging(staging)) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `installing the test Bluesky server failed (npm ci in ${staging}: ${result.error?.message ?? `exit ${result.status}`}); the Bluesky tests need it`,
    );
  }
  fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
  fs.rmSync(PDS_DIR, { recursive: true, force: true });
  fs.renameSync(staging, PDS_DIR);
  const ms = Date.now() - started;
  log(`Installed the test Bluesky server in ${Math.round(ms / 1000)} s (${PDS_DIR}).`);
  return { dir: PDS_DIR, ms };
}

/** @param {string} dir */
function isInstalledStaging(dir) {
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return isInstalled(dir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureInstalled().dir}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
