// The text half of the lint cache (`chorus lint --cache`): what was learnt about each rendered text (X's
// weighted length, its hashtags, mentions and links, and its prepared form for near-duplicate search) and
// the results of the near-duplicate searches, saved after a lint and brought back before the next one. An
// unchanged post then costs no twitter-text call and no MinHash, and unchanged inputs no search. Keyed by the text itself, the Chorus version and the twitter-text version; a
// missing, corrupt, foreign or forged file (its seal, see lint-cache.ts, does not verify) is ignored: the
// worst a bad cache can do is cost the computation.
import {
  type MatchResult,
  type PreparedText,
  sharedMatchMemo,
  sharedSimilarityCache,
} from '../lint/similarity.js';
import { factsComputed, importTextFacts, knownTextFacts, type TextFacts } from '../tracking/text-facts.js';
import { type CacheReadOptions, readRecordFile, writeRecordFile } from './lint-cache.js';
import path from 'node:path';

/** The file inside the cache folder. */
export const TEXT_CACHE_FILE = 'lint-texts.bin';
/** Bump when the shape of TextFacts, PreparedText or this file changes. */
const TEXT_CACHE_FORMAT = 3;
const MAGIC = 'chorus-text-cache';
/** Texts per record: small records keep writing in bounded memory, few records keep reading fast. */
const CHUNK = 5000;

interface TextCacheHeader {
  magic: string;
  format: number;
  key: string;
  /** Rows of texts, then near-duplicate search results (see MatchMemo). */
  count: number;
  results: number;
}

/** One record after the header: a chunk of text rows or of search results. */
type CacheRecord = { rows: Row[] } | { results: [string, MatchResult][] };

function isResult(value: unknown): value is [string, MatchResult] {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return false;
  const result = value[1] as Partial<MatchResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    Array.isArray(result.matches) &&
    typeof result.stats === 'object'
  );
}

/** One text: its facts and its prepared form, either possibly absent (null). */
type Row = [string, TextFacts | null, PreparedText | null];

/** The key: the caller's (Chorus version, which pins every library that decides what is saved). */
function fullKey(key: string): string {
  return key;
}

function isRow(value: unknown): value is Row {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string') return false;
  const facts: unknown = value[1];
  const prepared = value[2] as Partial<PreparedText> | null;
  return (
    (facts === null || (typeof facts === 'object' && !Array.isArray(facts))) &&
    (prepared === null ||
      (typeof prepared === 'object' &&
        typeof prepared.fingerprint === 'number' &&
        prepared.shingles instanceof Int32Array &&
        prepared.bandKeys instanceof Map))
  );
}

/**
 * Bring back the texts saved in `folder`; returns how many were loaded (0 for no usable cache). A file
 * in the workspace (`options.root`) is read through the workspace door, see readRecordFile.
 */
export async function loadTextCache(
  folder: string,
  key: string,
  secret: Uint8Array,
  options: CacheReadOptions = {},
): Promise<number> {
  const records = await readRecordFile(path.join(folder, TEXT_CACHE_FILE), secret, options);
  if (!records) return 0;
  const header = records[0] as Partial<TextCacheHeader> | null | undefined;
  if (
    typeof header !== 'object' ||
    header === null ||
    header.magic !== MAGIC ||
    header.format !== TEXT_CACHE_FORMAT ||
    header.key !== fullKey(key)
  ) {
    return 0;
  }
  const rows: Row[] = [];
  const results: [string, MatchResult][] = [];
  for (const record of records.slice(1) as Partial<Record<'rows' | 'results', unknown>>[]) {
    if (typeof record !== 'object' || record === null) return 0;
    if (Array.isArray(record.rows)) {
      for (const row of record.rows as unknown[]) {
        if (!isRow(row)) return 0;
        rows.push(row);
      }
    } else if (Array.isArray(record.results)) {
      for (const result of record.results as unknown[]) {
        if (!isResult(result)) return 0;
        results.push(result);
      }
    } else return 0;
  }
  if (rows.length !== header.count || results.length !== header.results) return 0;
  importTextFacts(rows.flatMap(([text, facts]) => (facts ? [[text, facts] as [string, TextFacts]] : [])));
  sharedSimilarityCache.import(
    rows.flatMap(([text, , prepared]) => (prepared ? [[text, prepared] as [string, PreparedText]] : [])),
  );
  sharedMatchMemo.import(results);
  return rows.length;
}

/**
 * Save what is known about `texts` (this run's rendered texts: texts no longer used are dropped) to
 * `folder`, atomically. Skipped when this process computed nothing new: the saved file already holds it.
 */
export async function saveTextCache(
  folder: string,
  key: string,
  texts: readonly string[],
  secret: Uint8Array,
): Promise<void> {
  if (factsComputed() === 0 && sharedSimilarityCache.computed === 0 && sharedMatchMemo.computed === 0) return;
  // Each text once, and only texts something is known about; rows are built a chunk at a time.
  const kept = [...new Set(texts)].filter(
    (text) => knownTextFacts(text) ?? sharedSimilarityCache.known(text),
  );
  const results = sharedMatchMemo.export();
  const header: TextCacheHeader = {
    magic: MAGIC,
    format: TEXT_CACHE_FORMAT,
    key: fullKey(key),
    count: kept.length,
    results: results.length,
  };
  function* records(): Generator<TextCacheHeader | CacheRecord> {
    yield header;
    for (let i = 0; i < kept.length; i += CHUNK) {
      yield {
        rows: kept
          .slice(i, i + CHUNK)
          .map((text): Row => [
            text,
            knownTextFacts(text) ?? null,
            sharedSimilarityCache.known(text) ?? null,
          ]),
      };
    }
    for (let i = 0; i < results.length; i += 100) yield { results: results.slice(i, i + 100) };
  }
  await writeRecordFile(folder, TEXT_CACHE_FILE, records(), secret);
}
