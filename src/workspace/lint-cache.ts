// The lint cache (`chorus lint --cache`): each calendar's validated posts and problems, keyed by a hash of
// its bytes, so an unchanged file is not parsed again. Never trusted blindly: a wrong format is ignored.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CalendarFile } from '../model/calendar.js';

/** The default cache folder, relative to the workspace root (listed in .gitignore). */
export const DEFAULT_CACHE_LOCATION = '.chorus-cache';
/** The cache file inside the cache folder. */
export const CACHE_FILE = 'lint-calendars.bin';
/** Bump when the shape of CalendarFile or of this file changes: older caches are then ignored. */
export const CACHE_FORMAT = 1;
const MAGIC = 'chorus-lint-cache';

/** One cached calendar: its path, the SHA-256 (base64) of its bytes, and what validating them gave. */
export interface CacheEntry {
  file: string;
  hash: string;
  calendar: CalendarFile;
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
 * Load the cache from `folder`. A missing, unreadable, corrupt or foreign cache, or one made by another
 * Chorus version (`key`) or cache format, is an empty cache: the worst a bad cache can do is cost a parse.
 */
export async function loadLintCache(folder: string, key: string): Promise<LintCache> {
  const empty: LintCache = { key, entries: new Map() };
  const records = await readRecordFile(path.join(folder, CACHE_FILE));
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
 * The records of a cache file: [4-byte length][v8-serialised value] each, so writing never needs the
 * whole file in one buffer. Undefined when the file is missing, unreadable, truncated or corrupt.
 */
export async function readRecordFile(file: string): Promise<unknown[] | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const records: unknown[] = [];
  try {
    for (let at = 0; at < bytes.length;) {
      if (at + 4 > bytes.length) return undefined;
      const length = bytes.readUInt32LE(at);
      at += 4;
      if (at + length > bytes.length) return undefined;
      records.push(deserialize(bytes.subarray(at, at + length)));
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
export async function saveLintCache(folder: string, key: string, entries: CacheEntry[]): Promise<void> {
  const header: CacheHeader = { magic: MAGIC, format: CACHE_FORMAT, key, count: entries.length };
  await writeRecordFile(folder, CACHE_FILE, [header, ...entries]);
}

/**
 * Write records (see {@link readRecordFile}) to `folder/name` atomically: a temporary file renamed over
 * the old one. A file that cannot be written is skipped silently: caches are only an optimisation.
 */
export async function writeRecordFile(
  folder: string,
  name: string,
  records: Iterable<unknown>,
): Promise<void> {
  const target = path.join(folder, name);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      // Buffered in chunks of about a megabyte: few writes, and never the whole cache in memory at once.
      let chunk: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size > 0) await handle.write(Buffer.concat(chunk, size));
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
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
