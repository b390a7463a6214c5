// The lint cache (`chorus lint --cache`): each calendar's validated posts and problems, keyed by a hash of
// its bytes, so an unchanged file is not parsed again. Never trusted blindly: every cache file is sealed
// with a keyed MAC (the key lives outside the workspace, see cache-secret.ts); a file whose seal does not
// verify (forged, committed, restored from elsewhere, corrupt) is ignored, so it can cost time, never hide a problem.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CalendarFile } from '../model/calendar.js';
import { isInside, readRegularFile, readWorkspaceFile, UnsafeFileError } from './safe-file.js';

/** The default cache folder, relative to the workspace root (listed in .gitignore). */
export const DEFAULT_CACHE_LOCATION = '.chorus-cache';
/** The cache file inside the cache folder. */
export const CACHE_FILE = 'lint-calendars.bin';
/** Bump when the shape of CalendarFile or of this file changes: older caches are then ignored. */
export const CACHE_FORMAT = 3;
/**
 * Cache files larger than this are ignored without being read (fstat decides). The bench's large
 * workspace (100,000 posts, 32 MB of YAML) makes cache files of 81 MB and 104 MB; 256 MB leaves room
 * for a workspace over twice that, and a bigger one just lints cold. The same bound as ledgers.
 */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Length of the seal (HMAC-SHA256) at the end of every cache file. */
const SEAL_BYTES = 32;
const MAGIC = 'chorus-lint-cache';

/** One cached calendar: its path, the SHA-256 (base64) of its bytes, and what validating them gave. */
export interface CacheEntry {
  file: string;
  hash: string;
  calendar: CalendarFile;
}

/** How cache files are read: which workspace they may belong to, and where to say why one was not used. */
export interface CacheReadOptions {
  /**
   * The workspace root (absolute). A cache file inside it (the default `.chorus-cache`, or a
   * `--cache-location` in the workspace) is a workspace file: read through readWorkspaceFile, so a
   * committed link out of the workspace is refused, never followed.
   */
  root?: string;
  /** Told (with --debug) why a cache file was not used: the run goes on cold, nothing else is said. */
  debug?: (message: string) => void;
}

/** A loaded cache: entries by file path, and the key (Chorus version) they were made with. */
export interface LintCache {
  key: string;
  entries: Map<string, CacheEntry>;
}

/** What the cache file starts with: identifies it, its format and the Chorus version that wrote it. */
interface CacheHeader {
  magic: string;
  format: number;
  key: string;
  count: number;
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<CacheEntry>;
  const calendar = entry.calendar as Partial<CalendarFile> | undefined;
  return (
    typeof entry.file === 'string' &&
    typeof entry.hash === 'string' &&
    typeof calendar === 'object' &&
    calendar !== null &&
    calendar.file === entry.file &&
    typeof calendar.account === 'string' &&
    Array.isArray(calendar.posts) &&
    Array.isArray(calendar.problems)
  );
}

/**
 * Load the cache from `folder`. A missing, unreadable, corrupt, forged (seal not made with `secret`) or
 * foreign cache, or one made by another Chorus version (`key`) or cache format, is an empty cache: the
 * worst a bad cache can do is cost a parse.
 */
export async function loadLintCache(
  folder: string,
  key: string,
  secret: Uint8Array,
  options: CacheReadOptions = {},
): Promise<LintCache> {
  const empty: LintCache = { key, entries: new Map() };
  const records = await readRecordFile(path.join(folder, CACHE_FILE), secret, options);
  if (!records) return empty;
  const header = records[0] as Partial<CacheHeader> | null | undefined;
  if (
    typeof header !== 'object' ||
    header === null ||
    header.magic !== MAGIC ||
    header.format !== CACHE_FORMAT ||
    header.key !== key ||
    header.count !== records.length - 1
  ) {
    return empty;
  }
  const entries = new Map<string, CacheEntry>();
  for (const entry of records.slice(1)) {
    if (!isEntry(entry)) return empty;
    entries.set(entry.file, entry);
  }
  return { key, entries };
}

/**
 * The bytes of a cache file, or undefined (with a --debug line) when it is missing or refused. Inside the
 * workspace (`options.root`): the workspace door (realpath inside the workspace, regular, bounded). Outside
 * (a `--cache-location` the user chose): no containment, but never through a symbolic link (O_NOFOLLOW),
 * a regular file, bounded.
 */
async function readCacheBytes(file: string, options: CacheReadOptions): Promise<Buffer | undefined> {
  const root = options.root === undefined ? undefined : path.resolve(options.root);
  const inWorkspace = root !== undefined && isInside(root, file);
  const shown = inWorkspace ? path.relative(root, file).split(path.sep).join('/') : file;
  try {
    return inWorkspace
      ? await readWorkspaceFile(root, path.relative(root, file), { maxBytes: MAX_CACHE_BYTES })
      : await readRegularFile(file, { maxBytes: MAX_CACHE_BYTES, followLinks: false });
  } catch (error) {
    if (!(error instanceof UnsafeFileError && error.reason === 'missing')) {
      const why = error instanceof UnsafeFileError ? error.detail : String((error as Error).message);
      options.debug?.(`chorus: lint cache ${shown} not used (linting without it): ${why}\n`);
    }
    return undefined;
  }
}

/**
 * The records of a cache file: [4-byte length][v8-serialised value] each, so writing never needs the
 * whole file in one buffer, then the seal: HMAC-SHA256 of everything before it under `secret`. Undefined
 * when the file is missing, refused (see readCacheBytes: a link out of the workspace, a FIFO, a device,
 * over MAX_CACHE_BYTES), truncated, corrupt, or its seal does not verify; nothing is deserialised before
 * the seal is checked.
 */
export async function readRecordFile(
  file: string,
  secret: Uint8Array,
  options: CacheReadOptions = {},
): Promise<unknown[] | undefined> {
  const bytes = await readCacheBytes(file, options);
  if (bytes === undefined) return undefined;
  const forged = () => {
    options.debug?.(
      `chorus: lint cache ${path.basename(file)} not used (linting without it): its seal does not verify\n`,
    );
    return undefined;
  };
  if (bytes.length < SEAL_BYTES) return forged();
  const body = bytes.subarray(0, bytes.length - SEAL_BYTES);
  const seal = createHmac('sha256', secret).update(body).digest();
  if (!timingSafeEqual(seal, bytes.subarray(bytes.length - SEAL_BYTES))) return forged();
  const records: unknown[] = [];
  try {
    for (let at = 0; at < body.length;) {
      if (at + 4 > body.length) return undefined;
      const length = body.readUInt32LE(at);
      at += 4;
      if (at + length > body.length) return undefined;
      records.push(deserialize(body.subarray(at, at + length)));
      at += length;
    }
  } catch {
    return undefined;
  }
  return records;
}

/**
 * Write the cache atomically (a temporary file renamed over the old one), so a crash or a concurrent
 * run never leaves a half-written cache. A cache that cannot be written is skipped silently: it is
 * only an optimisation.
 */
export async function saveLintCache(
  folder: string,
  key: string,
  entries: CacheEntry[],
  secret: Uint8Array,
): Promise<void> {
  const header: CacheHeader = { magic: MAGIC, format: CACHE_FORMAT, key, count: entries.length };
  await writeRecordFile(folder, CACHE_FILE, [header, ...entries], secret);
}

/**
 * Write records (see {@link readRecordFile}) to `folder/name`, sealed with `secret`, atomically: a
 * temporary file renamed over the old one. A file that cannot be written is skipped silently: caches are only an optimisation.
 */
export async function writeRecordFile(
  folder: string,
  name: string,
  records: Iterable<unknown>,
  secret: Uint8Array,
): Promise<void> {
  const target = path.join(folder, name);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    // O_EXCL | O_NOFOLLOW: never write through a link or into a file that is already there.
    const handle = await open(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
    try {
      // Buffered in chunks of about a megabyte: few writes, and never the whole cache in memory at once.
      let chunk: Buffer[] = [];
      let size = 0;
      const mac = createHmac('sha256', secret);
      const flush = async () => {
        if (size === 0) return;
        const bytes = Buffer.concat(chunk, size);
        mac.update(bytes);
        await handle.write(bytes);
        chunk = [];
        size = 0;
      };
      for (const record of records) {
        const body = serialize(record);
        const length = Buffer.alloc(4);
        length.writeUInt32LE(body.length);
        chunk.push(length, body);
        size += 4 + body.length;
        if (size >= 1 << 20) await flush();
      }
      await flush();
      await handle.write(mac.digest());
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
