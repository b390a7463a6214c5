// The text half of the lint cache (`chorus lint --cache`): what a run learnt about each rendered text (X's
// weighted length, its hashtags, mentions and links, and its prepared form for near-duplicate search) and
// the results of the near-duplicate searches, saved from the run's RunCache after a lint and loaded into
// the next run's before it analyses. An unchanged post then costs no twitter-text call and no MinHash, and
// unchanged inputs no search. Keyed by the text itself, the Chorus version and the twitter-text version; a
// missing, corrupt, foreign or forged file (its seal, see lint-cache.ts, does not verify) is ignored: the
// worst a bad cache can do is cost the computation.
import { createRequire } from 'node:module';
import type { MatchMemo, MatchResult, PreparedText, SimilarityCache } from '../lint/similarity.js';
import type { TextFacts, TextFactsMemo } from '../tracking/text-facts.js';
import { type CacheReadOptions, readRecordFile, writeRecordFile } from './lint-cache.js';
import path from 'node:path';

/** What the text cache fills before a run and saves after it: those parts of the run's RunCache (lint/run-cache.ts). */
export interface TextMemory {
  texts: TextFactsMemo;
  similarity: SimilarityCache;
  matches: MatchMemo;
}

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

/** The key: the caller's (Chorus version) and twitter-text's version, which decides the facts. */
function fullKey(key: string): string {
  let twitterText = 'unknown';
  try {
    const require = createRequire(import.meta.url);
    twitterText = (require('twitter-text/package.json') as { version: string }).version;
  } catch {
    // Without its version the key still names Chorus's; the lockfile pins twitter-text to it.
  }
  return `${key}+twitter-text@${twitterText}`;
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
 * Bring the texts saved in `folder` into `cache` (a run's, before it analyses); returns how many were
 * loaded (0 for no usable cache). A file in the workspace (`options.root`) is read through the workspace
 * door, see readRecordFile.
 */
export async function loadTextCache(
  cache: TextMemory,
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
  cache.texts.import(rows.flatMap(([text, facts]) => (facts ? [[text, facts] as [string, TextFacts]] : [])));
  cache.similarity.import(
    rows.flatMap(([text, , prepared]) => (prepared ? [[text, prepared] as [string, PreparedText]] : [])),
  );
  cache.matches.import(results);
  return rows.length;
}

/**
 * Save what `cache` (a run's, after it analysed) knows about `texts` (the run's rendered texts: texts no
 * longer used are dropped) to `folder`, atomically. Skipped when the run computed nothing new: the saved
 * file already holds it.
 */
export async function saveTextCache(
  cache: TextMemory,
  folder: string,
  key: string,
  texts: readonly string[],
  secret: Uint8Array,
): Promise<void> {
  if (cache.texts.computed === 0 && cache.similarity.computed === 0 && cache.matches.computed === 0) return;
  // Each text once, and only texts something is known about; rows are built a chunk at a time.
  const kept = [...new Set(texts)].filter((text) => cache.texts.known(text) ?? cache.similarity.known(text));
  const results = cache.matches.export();
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
          .map((text): Row => [text, cache.texts.known(text) ?? null, cache.similarity.known(text) ?? null]),
      };
    }
    for (let i = 0; i < results.length; i += 100) yield { results: results.slice(i, i + 100) };
  }
  await writeRecordFile(folder, TEXT_CACHE_FILE, records(), secret);
}
