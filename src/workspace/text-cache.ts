// The text half of the lint cache (`chorus lint --cache`): each rendered text's prepared form for
// near-duplicate search (shingles, MinHash band keys) and the results of the near-duplicate searches, saved
// from a run's RunCache (lint/run-cache.ts) after a lint and loaded into the next run's before it analyses.
// An unchanged post then costs no MinHash, and unchanged inputs no search. Keyed by the text itself and the
// Chorus version; a missing, corrupt, foreign or forged file (its seal, see lint-cache.ts, does not verify)
// is ignored: the worst a bad cache can do is cost the computation.
import path from 'node:path';
import type { MatchMemo, MatchResult, PreparedText, SimilarityCache } from '../lint/similarity.js';
import { type CacheReadOptions, readRecordFile, writeRecordFile } from './lint-cache.js';

/** What the text cache fills before a run and saves after it: those parts of the run's RunCache. */
export interface TextMemory {
  similarity: SimilarityCache;
  matches: MatchMemo;
}

/** The file inside the cache folder. */
export const TEXT_CACHE_FILE = 'lint-texts.bin';
/** Bump when the shape of PreparedText, MatchResult or this file changes. */
const TEXT_CACHE_FORMAT = 4;
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

/** One text and its prepared form. */
type Row = [string, PreparedText];

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

function isRow(value: unknown): value is Row {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return false;
  const prepared = value[1] as Partial<PreparedText> | null;
  return (
    typeof prepared === 'object' &&
    prepared !== null &&
    typeof prepared.fingerprint === 'number' &&
    prepared.shingles instanceof Int32Array &&
    prepared.bandKeys instanceof Map
  );
}

/**
 * Bring the texts saved in `folder` into `memory` (a run's, before it analyses); returns how many were
 * loaded (0 for no usable cache). A file in the workspace (`options.root`) is read through the workspace
 * door, see readRecordFile.
 */
export async function loadTextCache(
  memory: TextMemory,
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
    header.key !== key
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
  memory.similarity.import(rows);
  memory.matches.import(results);
  return rows.length;
}

/**
 * Save what `memory` (a run's, after it analysed) knows about `texts` (the run's rendered texts: texts no
 * longer used are dropped) to `folder`, atomically. Skipped when the run computed nothing new: the saved
 * file already holds it.
 */
export async function saveTextCache(
  memory: TextMemory,
  folder: string,
  key: string,
  texts: readonly string[],
  secret: Uint8Array,
): Promise<void> {
  if (memory.similarity.computed === 0 && memory.matches.computed === 0) return;
  // Each text once, and only texts something is known about; rows are built a chunk at a time.
  const kept = [...new Set(texts)].filter((text) => memory.similarity.known(text));
  const results = memory.matches.export();
  const header: TextCacheHeader = {
    magic: MAGIC,
    format: TEXT_CACHE_FORMAT,
    key,
    count: kept.length,
    results: results.length,
  };
  function* records(): Generator<TextCacheHeader | CacheRecord> {
    yield header;
    for (let i = 0; i < kept.length; i += CHUNK) {
      yield {
        rows: kept.slice(i, i + CHUNK).map((text): Row => [text, memory.similarity.known(text)!]),
      };
    }
    for (let i = 0; i < results.length; i += 100) yield { results: results.slice(i, i + 100) };
  }
  await writeRecordFile(folder, TEXT_CACHE_FILE, records(), secret);
}
