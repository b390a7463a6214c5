// One publish run per account at a time: a proper-lockfile lock (the folder state/<account>.lock, kept
// fresh while held) with its owner recorded inside, so a lock left by a killed run is taken over at once
// when its owner is gone, and any lock is taken over once it is stale.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { lstat, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type ProperLockfile from 'proper-lockfile';
import { WorkspaceError } from '../errors.js';
import { readRegularFile } from '../workspace/safe-file.js';
import { stateFolder } from './state-file.js';

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
  /** Why the lock was lost while held (not refreshed in time, removed or replaced), or undefined. */
  compromised(): string | undefined;
  /** Release the lock and remove its folder (unless it was lost, when it may be another run's now). */
  release(): Promise<void>;
}

/** How locks age; replaceable in tests, which cannot wait 10 s. proper-lockfile needs stale ≥ 2 s, update ≥ 1 s. */
export interface LockTiming {
  /** A lock whose folder was not refreshed for this long is abandoned and taken over. */
  staleMs: number;
  /** A held lock's folder is refreshed (its mtime set) this often. */
  updateMs: number;
}

/** The defaults documented in docs/publishing.md#locking. */
export const DEFAULT_LOCK_TIMING: LockTiming = { staleMs: 10_000, updateMs: 2_000 };
const POLL_MS = 100;
/**
 * A lock folder dated more than this after now is stale whatever its owner: another host's clock is ahead,
 * or it was restored from an archive. proper-lockfile alone would never find it stale.
 */
export const LOCK_CLOCK_SKEW_MS = 5 * 60_000;
/** Attempts to take a lock within one wait (each attempt either waits POLL_MS or removed a dead lock). */
const MAX_ATTEMPTS = 10_000;

interface Owner {
  pid: number;
  host: string;
  /** Unique to this lock, so a run whose pid is ours (pid 1 in containers) is told apart from us. */
  token?: string;
  /** The owner process's start time (Linux), so a reused pid is told apart from the owner. */
  started?: string;
}

/** Tokens of the locks this process holds. */
const heldTokens = new Set<string>();
/** Lock folders this process is releasing: removing them needs no staleness check. */
const releasing = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined off Linux. */
function processStarted(pid: number): string | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ")".
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the run that wrote `owner` is certainly gone: same host, and its process is not running it. */
function ownerIsGone(owner: Owner): boolean {
  if (owner.host !== hostname() || !Number.isInteger(owner.pid)) return false;
  if (!isAlive(owner.pid)) return true;
  // Our own pid (pid 1 of a container, run after run): the owner is us only if we hold that lock.
  if (owner.pid === process.pid) return owner.token === undefined || !heldTokens.has(owner.token);
  // A reused pid: another process started since the owner wrote down its start time.
  if (owner.started !== undefined) {
    const started = processStarted(owner.pid);
    return started !== undefined && started !== owner.started;
  }
  return false;
}

async function readOwner(lockDir: string): Promise<Owner | undefined> {
  try {
    // A committed owner.json may be a FIFO or a link to /dev/zero: read it as a bounded regular file.
    const bytes = await readRegularFile(path.join(lockDir, 'owner.json'), { maxBytes: 64 * 1024 });
    const value = JSON.parse(bytes.toString('utf8')) as Partial<Owner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? (value as Owner) : undefined;
  } catch {
    return undefined;
  }
}

const lockedError = () => Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED' });

/**
 * Remove a lock folder (proper-lockfile calls this to release a lock, and to take over a stale one). The
 * folder is renamed away first, so of several runs taking over the same stale lock only one wins; a folder
 * that turns out to be fresh (another run just took the lock) is put back.
 */
async function removeLockDir(lockDir: string, staleMs: number): Promise<void> {
  const graveyard = `${lockDir}.gone-${randomBytes(4).toString('hex')}`;
  await rename(lockDir, graveyard);
  if (!releasing.has(lockDir)) {
    const { mtimeMs } = await stat(graveyard);
    const age = Date.now() - mtimeMs;
    if (age < staleMs && age >= -LOCK_CLOCK_SKEW_MS) {
      await rename(graveyard, lockDir).catch(() => undefined);
      throw lockedError();
    }
  }
  await rm(graveyard, { recursive: true, force: true });
}

/** One per stale time, kept: proper-lockfile remembers on it the file system's mtime precision. */
const lockFsByStale = new Map<number, ReturnType<typeof makeLockFs>>();

/**
 * The file system proper-lockfile works with: Node's, except that a lock folder is removed with what is in
 * it (the owner record), never leaving a folder that blocks every later run (ENOTEMPTY).
 */
function lockFs(staleMs: number) {
  let shared = lockFsByStale.get(staleMs);
  if (!shared) lockFsByStale.set(staleMs, (shared = makeLockFs(staleMs)));
  return shared;
}

function makeLockFs(staleMs: number) {
  return {
    mkdir: fs.mkdir,
    stat: fs.stat,
    utimes: fs.utimes,
    realpath: fs.realpath,
    rmdir: (dir: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
      removeLockDir(dir, staleMs).then(
        () => callback(null),
        (error: NodeJS.ErrnoException) => callback(error),
      );
    },
    // On exit (signal-exit), for a lock still held: remove it with its owner record.
    rmdirSync: (dir: string) => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Remove a lock whose owner is gone (see ownerIsGone); returns whether it did. */
async function breakDeadLock(lockDir: string): Promise<boolean> {
  const owner = await readOwner(lockDir);
  if (!owner || !ownerIsGone(owner)) return false;
  // Rename first: only one of several waiting runs wins the rename, the others see ENOENT and retry.
  const graveyard = `${lockDir}.dead-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockDir, graveyard);
  } catch {
    return false;
  }
  // The folder renamed must be the one judged: a run may have taken the lock in between.
  const renamed = await readOwner(graveyard);
  if (renamed?.token !== owner.token || renamed?.pid !== owner.pid) {
    await rename(graveyard, lockDir).catch(() => undefined);
    return false;
  }
  await rm(graveyard, { recursive: true, force: true });
  return true;
}

/**
 * Remove a "lock" no run holds however fresh it looks (returns whether it did): a folder dated more than
 * LOCK_CLOCK_SKEW_MS in the future, or a symbolic link (Chorus makes real folders only; a committed link,
 * say to /tmp, would otherwise look fresh forever). Only the link is removed, never what it points to.
 */
async function breakBogusLock(lockDir: string): Promise<boolean> {
  const bogus = async (dir: string) => {
    const link = await lstat(dir).catch(() => undefined);
    if (link?.isSymbolicLink()) return true;
    return link !== undefined && link.mtimeMs - Date.now() > LOCK_CLOCK_SKEW_MS;
  };
  if (!(await bogus(lockDir))) return false;
  // Rename first, as breakDeadLock does; a folder a run took in between has a current mtime: put it back.
  const graveyard = `${lockDir}.bogus-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockDir, graveyard);
  } catch {
    return false;
  }
  if (!(await bogus(graveyard))) {
    await rename(graveyard, lockDir).catch(() => undefined);
    return false;
  }
  // rm removes a link itself, not its target.
  await rm(graveyard, { recursive: true, force: true });
  return true;
}

/** Flags for the owner record: a new regular file in the lock folder just made, never through a link. */
const OWNER_FLAGS =
  fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Lock an account's ledger. Waits up to `waitMs` for another run; resolves `undefined` when the lock is
 * still held by a live run then. Throws a WorkspaceError when the lock cannot be made at all.
 */
export async function lockAccount(
  root: string,
  accountId: string,
  waitMs: number,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<AccountLock | undefined> {
  // Only inside the workspace: a state/ linked out of it is refused (located), never written through.
  const stateDir = await stateFolder(root);
  const target = path.join(stateDir, `${accountId}.jsonl`);
  const lockDir = path.join(stateDir, `${accountId}.lock`);
  const relative = `state/${accountId}.lock`;
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let compromised: string | undefined;
    let release: (() => Promise<void>) | undefined;
    try {
      release = await loadProperLockfile().lock(target, {
        lockfilePath: lockDir,
        realpath: false,
        stale: timing.staleMs,
        update: timing.updateMs,
        retries: 0,
        fs: lockFs(timing.staleMs),
        // Not refreshed in time (a stalled machine), or removed or replaced by another run: the publisher
        // checks before each request and stops sending for the account.
        onCompromised: (error) => {
          compromised ??= `the lock ${relative} was lost while publishing (${error.message})`;
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED' && code !== 'ENOENT') {
        throw new WorkspaceError(`cannot lock the account: ${code ?? (error as Error).message}`, {
          file: relative,
          hint: 'Check that state/ is a writable folder.',
        });
      }
    }
    if (release) {
      const token = randomBytes(8).toString('hex');
      heldTokens.add(token);
      const owner: Owner = { pid: process.pid, host: hostname(), token };
      const started = processStarted(process.pid);
      if (started !== undefined) owner.started = started;
      // The owner record lives in the lock folder, so it belongs to this lock and goes with it. Writing it
      // changes the folder's mtime, which proper-lockfile checks on each refresh: set it back.
      const held = release;
      try {
        const { atime, mtime } = await stat(lockDir);
        await writeFile(path.join(lockDir, 'owner.json'), JSON.stringify(owner), { flag: OWNER_FLAGS });
        await utimes(lockDir, atime, mtime);
      } catch (error) {
        // A full disk, say: without its owner record the lock could not be judged; give it back.
        heldTokens.delete(token);
        releasing.add(lockDir);
        await held()
          .catch(() => undefined)
          .finally(() => releasing.delete(lockDir));
        throw new WorkspaceError(
          `cannot lock the account: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          { file: relative, hint: 'Check that state/ is a writable folder with free space.' },
        );
      }
      return {
        compromised: () => compromised,
        async release() {
          heldTokens.delete(token);
          if (compromised) return;
          releasing.add(lockDir);
          try {
            await held();
          } catch {
            // Lost meanwhile: the folder may be another run's now, so it stays.
          } finally {
            releasing.delete(lockDir);
          }
        },
      };
    }
    if ((await breakDeadLock(lockDir)) || (await breakBogusLock(lockDir))) continue;
    if (Date.now() >= deadline) return undefined;
    await delay(POLL_MS);
  }
  return undefined;
}
