// The lint cache (`chorus lint --cache`): each calendar's validated posts and problems, keyed by a hash of
// its bytes, so an unchanged file is not parsed again. Never trusted blindly: a wrong format is ignored.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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

interface CacheFile {
  magic: string;
  format: number;
  key: string;
  entries: CacheEntry[];
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
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(folder, CACHE_FILE));
  } catch {
    return empty;
  }
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch {
    return empty;
  }
  const file = value as Partial<CacheFile> | null;
  if (
    typeof file !== 'object' ||
    file === null ||
    file.magic !== MAGIC ||
    file.format !== CACHE_FORMAT ||
    file.key !== key ||
    !Array.isArray(file.entries)
  ) {
    return empty;
  }
  const entries = new Map<string, CacheEntry>();
  for (const entry of file.entries) {
    if (!isEntry(entry)) return empty;
    entries.set(entry.file, entry);
  }
  return { key, entries };
}

/**
 * Write the cache atomically (a temporary file renamed over the old one), so a crash or a concurrent
 * run never leaves a half-written cache. A cache that cannot be written is skipped silently: it is
 * only an optimisation.
 */
export async function saveLintCache(folder: string, key: string, entries: CacheEntry[]): Promise<void> {
  const file: CacheFile = { magic: MAGIC, format: CACHE_FORMAT, key, entries };
  const target = path.join(folder, CACHE_FILE);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, serialize(file));
    await rename(temporary, target);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
