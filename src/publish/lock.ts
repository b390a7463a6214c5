// One publish run per account at a time: a proper-lockfile lock in state/<account>.lock, with the owner's
// pid recorded so a run killed with SIGKILL does not block the next one until the lock goes stale.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import type ProperLockfile from 'proper-lockfile';
import { readRegularFile } from '../workspace/safe-file.js';

let properLockfile: typeof ProperLockfile | undefined;

/**
 * proper-lockfile (with graceful-fs and signal-exit), loaded on the first lock rather than at start-up: a
 * dry run never locks, and a real run takes its locks while X answers the first requests.
 */
function loadProperLockfile(): typeof ProperLockfile {
  properLockfile ??= createRequire(import.meta.url)('proper-lockfile') as typeof ProperLockfile;
  return properLockfile;
}

/** A held lock. */
export interface AccountLock {
  release(): Promise<void>;
}

/** proper-lockfile refreshes the lock's mtime every UPDATE ms; a lock not refreshed for STALE ms is abandoned. */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;
const POLL_MS = 100;

interface Owner {
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove a lock whose owner died on this host; returns whether it did. */
async function breakDeadLock(lockDir: string): Promise<boolean> {
  // A committed owner.json may be a FIFO or a link to /dev/zero: read it as a bounded regular file.
  const owner = await readRegularFile(path.join(lockDir, 'owner.json'), { maxBytes: 64 * 1024 })
    .then((bytes) => JSON.parse(bytes.toString('utf8')) as Owner)
    .catch(() => undefined);
  if (!owner || owner.host !== hostname() || isAlive(owner.pid)) return false;
  // Rename first: only one of several waiting runs wins the rename, the others see ENOENT and retry.
  const graveyard = `${lockDir}.dead-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockDir, graveyard);
  } catch {
    return false;
  }
  await rm(graveyard, { recursive: true, force: true });
  return true;
}

/**
 * Lock an account's ledger. Waits up to `waitMs` for another run; resolves `undefined` when the lock is
 * still held by a live run then.
 */
export async function lockAccount(
  root: string,
  accountId: string,
  waitMs: number,
): Promise<AccountLock | undefined> {
  const stateDir = path.join(root, 'state');
  await mkdir(stateDir, { recursive: true });
  const target = path.join(stateDir, `${accountId}.jsonl`);
  const lockDir = path.join(stateDir, `${accountId}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const release = await loadProperLockfile().lock(target, {
        lockfilePath: lockDir,
        realpath: false,
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        // A compromised lock (mtime not refreshed in time) is reported by the next write failing the check below.
        onCompromised: () => undefined,
      });
      const ownerFile = path.join(lockDir, 'owner.json');
      await writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
      return {
        async release() {
          await unlink(ownerFile).catch(() => undefined);
          await release().catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    if (await breakDeadLock(lockDir)) continue;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
