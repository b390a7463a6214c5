// The one door through which Chorus reads a file named by the workspace: resolved (realpath) inside the
// workspace, a regular file (never a FIFO, device or folder), of bounded size, read with a bound.
import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Why a file was refused; `message` and `hint` are ready for a located problem (no secret, no content). */
export type UnsafeFileReason =
  'missing' | 'outside' | 'directory' | 'not-regular' | 'too-large' | 'permission' | 'unreadable';

/** A file Chorus will not read, with a message a user can act on. */
export class UnsafeFileError extends Error {
  readonly reason: UnsafeFileReason;
  readonly hint: string;
  /** The size in bytes, when the file was refused for being too large. */
  readonly size: number | undefined;
  /** The message without the file name in front, for messages already located at the file ("This file …"). */
  readonly detail: string;
  constructor(reason: UnsafeFileReason, shown: string, detail: string, hint: string, size?: number) {
    super(`${shown} ${detail}`);
    this.detail = detail;
    this.name = 'UnsafeFileError';
    this.reason = reason;
    this.hint = hint;
    this.size = size;
  }
}

/** How much a read may take. */
export interface SafeReadOptions {
  /** Largest size accepted, in bytes; a larger file is refused without reading more than this plus one byte. */
  maxBytes: number;
}

/** How readRegularFile opens a file. */
export interface RegularReadOptions extends SafeReadOptions {
  /** False: a file that is a symbolic link is refused (O_NOFOLLOW), not followed. Default true. */
  followLinks?: boolean;
}

// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer, so fstat can refuse it.
// O_NOFOLLOW: the last component is no link (realpath resolved it; a link swapped in since is refused).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

const rootCache = new Map<string, Promise<string>>();

/** The real path of a workspace root (cached: roots do not move during a run). */
function realRoot(root: string): Promise<string> {
  const absolute = path.resolve(root);
  let real = rootCache.get(absolute);
  if (!real) {
    real = realpath(absolute);
    rootCache.set(absolute, real);
    real.catch(() => rootCache.delete(absolute));
  }
  return real;
}

/** Whether `child` (a real path) is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * Resolve a workspace-relative path to its real path inside the workspace. Throws UnsafeFileError
 * ('outside') for `../x`, absolute paths and links that lead out of the workspace, 'missing' when the
 * file (or a link's target) does not exist.
 */
export async function resolveInWorkspace(root: string, relative: string): Promise<string> {
  const rootReal = await realRoot(root);
  const lexical = path.resolve(rootReal, relative);
  if (path.isAbsolute(relative) || !isInside(rootReal, lexical)) throw outside(relative);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    // Missing, but where would it be? A folder on the way that links out makes it "outside", so a
    // caller that goes on to create the file (a new ledger) never creates it out of the workspace.
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' &&
      !(await existingPartInside(rootReal, lexical))
    ) {
      throw outside(relative);
    }
    throw fromErrno(error, relative);
  }
  if (!isInside(rootReal, real)) throw outside(relative);
  return real;
}

/** Whether the deepest existing folder on the way to `lexical` really is inside the workspace. */
async function existingPartInside(rootReal: string, lexical: string): Promise<boolean> {
  for (let folder = path.dirname(lexical); isInside(rootReal, folder); folder = path.dirname(folder)) {
    try {
      return isInside(rootReal, await realpath(folder));
    } catch {
      // Not there either: look one level up.
    }
  }
  return true;
}

/** An open regular file within the size bound; close it when done. */
export interface OpenFile {
  handle: FileHandle;
  size: number;
  realPath: string;
}

/**
 * Open a workspace file for reading after the checks above and an fstat of the open file (so what is
 * checked is what is read): a regular file of at most `maxBytes`.
 */
export async function openWorkspaceFile(
  root: string,
  relative: string,
  options: SafeReadOptions,
): Promise<OpenFile> {
  const real = await resolveInWorkspace(root, relative);
  return openRegular(real, relative, options);
}

/** Read a workspace file whole, within `maxBytes` (see {@link openWorkspaceFile}). */
export async function readWorkspaceFile(
  root: string,
  relative: string,
  options: SafeReadOptions,
): Promise<Buffer> {
  const file = await openWorkspaceFile(root, relative, options);
  return readOpen(file, relative, options);
}

/**
 * Read a file named by the user on the command line or chosen by Chorus outside the workspace (a cache
 * folder, a conversions export): no containment, but still a regular file of bounded size; with
 * `followLinks: false`, a symbolic link is refused too.
 */
export async function readRegularFile(absolute: string, options: RegularReadOptions): Promise<Buffer> {
  const file = await openRegular(absolute, absolute, options, options.followLinks === false);
  return readOpen(file, absolute, options);
}

async function openRegular(
  real: string,
  shown: string,
  options: SafeReadOptions,
  noFollow = true,
): Promise<OpenFile> {
  let handle: FileHandle;
  try {
    handle = await open(real, noFollow ? READ_FLAGS : READ_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    throw fromErrno(error, shown);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) {
      throw new UnsafeFileError(
        'directory',
        shown,
        `is a folder, not a file.`,
        'Point at a file, or rename the folder.',
      );
    }
    if (!info.isFile()) {
      throw new UnsafeFileError(
        'not-regular',
        shown,
        `is not a regular file (a pipe, socket or device); Chorus reads regular files only.`,
        'Replace it with an ordinary file.',
      );
    }
    if (info.size > options.maxBytes) throw tooLarge(shown, info.size, options.maxBytes);
    return { handle, size: info.size, realPath: real };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** Read an open file to its end, never more than maxBytes + 1 bytes (a file may grow after fstat). */
async function readOpen(file: OpenFile, shown: string, options: SafeReadOptions): Promise<Buffer> {
  try {
    const limit = options.maxBytes + 1;
    let buffer = Buffer.allocUnsafe(Math.min(limit, file.size + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await file.handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > options.maxBytes) throw tooLarge(shown, filled, options.maxBytes);
    return buffer.subarray(0, filled);
  } finally {
    await file.handle.close().catch(() => undefined);
  }
}

function outside(relative: string): UnsafeFileError {
  return new UnsafeFileError(
    'outside',
    relative,
    `leads outside the workspace (a ../ path, an absolute path or a symbolic link out of it); Chorus reads only files inside the workspace.`,
    'Copy the file into the workspace and point at the copy (links within the workspace are fine).',
  );
}

function tooLarge(shown: string, size: number, max: number): UnsafeFileError {
  return new UnsafeFileError(
    'too-large',
    shown,
    `is ${formatBytes(size)}${size === max + 1 ? ' or more' : ''}; Chorus reads files of this kind up to ${formatBytes(max)}.`,
    'Make the file smaller or split it.',
    size,
  );
}

/** "5 MB", "1.5 MB", "800 kB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} kB`;
  return `${bytes} bytes`;
}

function fromErrno(error: unknown, shown: string): UnsafeFileError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new UnsafeFileError(
        'missing',
        shown,
        `does not exist (or is a broken symbolic link).`,
        'Check the path, or fix or remove the link.',
      );
    case 'ELOOP':
      return new UnsafeFileError(
        'not-regular',
        shown,
        `is a symbolic link where Chorus expects a file (or a loop of links).`,
        'Replace the link with the file itself.',
      );
    case 'EACCES':
    case 'EPERM':
      return new UnsafeFileError(
        'permission',
        shown,
        `cannot be read (permission denied).`,
        'Give yourself read permission, e.g. chmod u+r FILE.',
      );
    case 'EISDIR':
      return new UnsafeFileError(
        'directory',
        shown,
        `is a folder, not a file.`,
        'Point at a file, or rename the folder.',
      );
    default:
      return new UnsafeFileError(
        'unreadable',
        shown,
        `cannot be read (${code ?? (error as Error).message}).`,
        'Check that it is a regular, readable file.',
      );
  }
}
