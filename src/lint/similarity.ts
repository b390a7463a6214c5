// Near-duplicate text detection without comparing all pairs: normalise → shingle → MinHash → LSH → exact Jaccard.
// Pure and deterministic (fixed seeds); used by the duplicate-text and cross-account-duplicate rules.
import { createHash } from 'node:crypto';

/**
 * Scripts written without spaces between words: their letters are shingled as characters,
 * everything else as words. Only letters count (CJK punctuation shares these scripts).
 */
const UNSPACED = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}`;
/**
 * A mention (kept with its @), one unspaced-script letter with its marks, or a word. Marks count only
 * after a letter: a lone variation selector or skin tone is emoji decoration. (`v`: set operations.)
 */
const TOKEN = new RegExp(
  String.raw`@[a-z0-9_]+|[\p{L}&&[${UNSPACED}]]\p{M}*|[[\p{L}\p{N}]--[${UNSPACED}]][[\p{L}\p{N}\p{M}]--[${UNSPACED}]]*`,
  'gv',
);
/** Links are dropped whole: tracking codes and shortened links differ between otherwise identical posts. */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
/** Apostrophes join ("don't" → "dont") instead of splitting a word in two. */
const APOSTROPHE = /['\u2019\u02bc]/gu;

/** Words per shingle (characters, for unspaced scripts: each such letter is one token). */
export const SHINGLE_SIZE = 2;
/**
 * Texts with fewer shingles than this (three tokens or fewer) are matched only when their normalised
 * text is identical: with one or two shingles Jaccard can only be 0, 1/3 or 1, and MinHash is noise.
 */
export const MIN_SHINGLES = 3;
/** Default similarity (Jaccard of shingle sets) from which two texts count as substantially similar. */
export const DEFAULT_THRESHOLD = 0.7;
/** Lowest threshold the banding table is tuned for. */
export const MIN_THRESHOLD = 0.5;
/**
 * Most earlier candidates examined for one text. Keeps the worst case linear (e.g. 1,000 copies of one
 * text all land in the same buckets); beyond it, the candidates sharing the most LSH bands with the text
 * are examined (see visitCandidates), then the end `prefer` asks for.
 */
export const MAX_CANDIDATES_PER_TEXT = 200;

/**
 * Normalise a text for comparison: NFKC, lower case, links removed, apostrophes joined, hashtags reduced
 * to their word, mentions kept as `@name`, punctuation, emoji and white space collapsed to single spaces.
 * Unspaced-script letters are separated by spaces too (each is one token).
 */
export function normalizeText(text: string): string {
  return tokenize(text).join(' ');
}

/** The tokens of a text after normalisation (see {@link normalizeText}). */
export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKC').replace(URL, ' ').toLowerCase().replace(APOSTROPHE, '');
  return folded.match(TOKEN) ?? [];
}

/** 32-bit FNV-1a of a string's UTF-16 code units, finished with murmur3's mixer. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}

/**
 * A 53-bit fingerprint of a token list (two independent 32-bit hashes of the normalised text): equal
 * for identical normalised texts, and equal for different ones with odds of about 1 in 10^16 (an
 * "identical" verdict also needs equal shingle sets; see {@link findEarlierMatches}).
 */
export function fingerprint(tokens: readonly string[]): number {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (const token of tokens) {
    for (let i = 0; i < token.length; i++) {
      const code = token.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x2127599b);
    }
    // The separator: ["ab"] and ["a", "b"] differ.
    a = Math.imul(a ^ 0x20, 0x01000193);
    b = Math.imul(b ^ 0x20, 0x2127599b);
  }
  return mix32(a) * 0x200000 + (mix32(b) >>> 11);
}

/** Whether two sorted shingle sets are the same. */
function sameShingles(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** murmur3's 32-bit finaliser: a fast bijective mixer. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The shingles of a token list as sorted, distinct 32-bit hashes: every run of SHINGLE_SIZE consecutive
 * tokens, or the whole list when it is shorter. A shingle's hash combines its tokens' hashes, in order.
 */
export function shingleHashes(tokens: readonly string[]): Int32Array {
  const tokenHashes = tokens.map(hashString);
  const count = tokens.length === 0 ? 0 : Math.max(1, tokens.length - SHINGLE_SIZE + 1);
  const sorted = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let hash = 0x2545f491;
    for (let k = i; k < Math.min(i + SHINGLE_SIZE, tokens.length); k++) {
      hash = mix32(Math.imul(hash, 0x9e3779b1) ^ tokenHashes[k]!);
    }
    sorted[i] = hash;
  }
  sorted.sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  }
  return sorted.slice(0, distinct);
}

/** Jaccard similarity of two sorted, distinct hash sets (1 when both are empty). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/**
 * Jaccard similarity of two sorted, distinct hash sets when it is at least `threshold`, otherwise some
 * value below `threshold` (often 0), found sooner: with n = |a| + |b| elements, Jaccard ≥ t needs at
 * most n(1 − t)/(1 + t) of them unshared, so the merge stops as soon as more than that have been seen.
 */
export function jaccardAtLeast(a: Int32Array, b: Int32Array, threshold: number): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  // One extra miss of slack keeps the early exits safe from rounding; the result is computed exactly.
  const maxMisses = Math.floor((total * (1 - threshold)) / (1 + threshold)) + 1;
  if (Math.abs(a.length - b.length) > maxMisses) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  let misses = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else {
      if (++misses > maxMisses) return 0;
      if (x < y) i++;
      else j++;
    }
  }
  return shared / (total - shared);
}

/** Jaccard similarity of two texts' shingle sets. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(shingleHashes(tokenize(a)), shingleHashes(tokenize(b)));
}

/** LSH banding: `bands` bands of `rows` MinHash values each (signature length bands × rows). */
export interface Banding {
  bands: number;
  rows: number;
}

/**
 * Banding for a threshold. A pair with Jaccard s shares a band with probability 1 − (1 − s^rows)^bands;
 * each setting keeps that ≥ 99.7 % at its lowest threshold while pairs of unrelated texts (s ≈ 0.05)
 * almost never become candidates (see docs/rules.md for the curve).
 */
export function bandingFor(threshold: number): Banding {
  if (threshold >= 0.7) return { bands: 32, rows: 5 };
  if (threshold >= 0.6) return { bands: 48, rows: 4 };
  return { bands: 80, rows: 3 };
}

/** Probability that a pair with Jaccard `similarity` shares at least one band (becomes a candidate). */
export function candidateProbability(similarity: number, banding: Banding): number {
  return 1 - (1 - similarity ** banding.rows) ** banding.bands;
}

/** Fixed seeds for the MinHash functions (mulberry32 from a constant), identical on every machine. */
function minHashSeeds(count: number): Int32Array {
  const seeds = new Int32Array(count);
  let state = 0x43686f72; // "Chor"
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    seeds[i] = t ^ (t >>> 14);
  }
  return seeds;
}

/**
 * The LSH bucket key of each band of a shingle set's MinHash signature. Signed 32-bit arithmetic
 * throughout: V8 keeps small integers unboxed, and any fixed order of values makes a valid MinHash.
 */
function bandKeys(
  shingles: Int32Array,
  banding: Banding,
  seeds: Int32Array,
  scratch: Int32Array,
): Int32Array {
  const length = banding.bands * banding.rows;
  scratch.fill(0x7fffffff, 0, length);
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s]! | 0;
    for (let i = 0; i < length; i++) {
      // murmur3's finaliser of shingle ^ seed, inlined: this loop is where the time goes.
      let h = shingle ^ seeds[i]!;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      if (h < scratch[i]!) scratch[i] = h;
    }
  }
  const keys = new Int32Array(banding.bands);
  for (let band = 0; band < banding.bands; band++) {
    let key = band + 1;
    for (let row = 0; row < banding.rows; row++) {
      key = mix32(Math.imul(key, 0x9e3779b1) ^ scratch[band * banding.rows + row]!);
    }
    // 30 bits keep keys small integers in V8 (fast Map keys); a rare collision only adds a candidate.
    keys[band] = key & 0x3fffffff;
  }
  return keys;
}

/**
 * A text prepared once for comparison: the fingerprint of its normalised form, its shingles, and its
 * band keys per banding. (The normalised text itself is not kept: it would double what the lint cache
 * stores for each text.)
 */
export interface PreparedText {
  fingerprint: number;
  shingles: Int32Array;
  bandKeys: Map<string, Int32Array>;
}

/**
 * Prepared texts keyed by the text itself, so both duplicate rules tokenise and MinHash each text once
 * (one per run, in the run's RunCache), and the lint cache can keep them between runs
 * (src/workspace/text-cache.ts). What is stored depends only on the text.
 */
export class SimilarityCache {
  readonly #texts = new Map<string, PreparedText>();
  #computed = 0;

  /** The normalised text and shingles of `text` (computed on first use). */
  prepare(text: string): PreparedText {
    let prepared = this.#texts.get(text);
    if (!prepared) {
      const tokens = tokenize(text);
      prepared = { fingerprint: fingerprint(tokens), shingles: shingleHashes(tokens), bandKeys: new Map() };
      this.#remember(text, prepared);
      this.#computed++;
    }
    return prepared;
  }

  /** Band keys of a prepared text for a banding, computed on first use. */
  bandKeys(prepared: PreparedText, banding: Banding, seeds: Int32Array, scratch: Int32Array): Int32Array {
    const key = `${banding.bands}x${banding.rows}`;
    let keys = prepared.bandKeys.get(key);
    if (!keys) {
      keys = bandKeys(prepared.shingles, banding, seeds, scratch);
      prepared.bandKeys.set(key, keys);
      this.#computed++;
    }
    return keys;
  }

  /** How many texts or band keys were computed rather than remembered: 0 means nothing new to save. */
  get computed(): number {
    return this.#computed;
  }

  /** The prepared form of `text`, if known (to save). */
  known(text: string): PreparedText | undefined {
    return this.#texts.get(text);
  }

  /** Remember prepared forms saved by an earlier run. */
  import(entries: Iterable<[string, PreparedText]>): void {
    for (const [text, prepared] of entries) if (!this.#texts.has(text)) this.#remember(text, prepared);
  }

  #remember(text: string, prepared: PreparedText): void {
    this.#texts.set(text, prepared);
  }
}

/** Work done by {@link findEarlierMatches}, so tests can show it stays linear. */
export interface SimilarityStats {
  texts: number;
  /** Texts with an empty normalised form (only links, emoji, punctuation): never compared. */
  empty: number;
  /** Texts too short for MinHash, matched on identical normalised text only. */
  short: number;
  /** (earlier, later) pairs looked at: the `accept` filter, then an exact or Jaccard comparison. */
  candidatePairs: number;
  /** Pairs whose shingle sets were compared (Jaccard computed). */
  jaccardComputations: number;
  /** Pairs settled by identical normalised text (no Jaccard needed). */
  exactMatches: number;
}

/** The earlier text found for a later one. */
export interface EarlierMatch {
  /** Index of the earlier text. */
  earlier: number;
  /** Jaccard similarity of their shingle sets (1 for identical normalised text). */
  similarity: number;
  /** The normalised texts are identical. */
  identical: boolean;
}

export interface FindOptions {
  /** Similarity from which texts count as near-duplicates; per later text when a function. */
  threshold: number | ((later: number) => number);
  /**
   * Which match to return: the `earliest` earlier text or the `latest` one (nearest in order).
   * Candidates are examined in that direction and the first that passes wins.
   */
  prefer: 'earliest' | 'latest';
  /** Cheap filter run before comparing texts, e.g. "another account" or "within the window". */
  accept?: (earlier: number, later: number) => boolean;
  /** Prepared texts to reuse (the run's, see run-cache.ts); a private one when absent. */
  cache?: SimilarityCache;
  /**
   * Remember the result in `store` under a digest of the texts and `key`, and return it again for the
   * same texts and key. `key` must say everything else the result depends on: the thresholds and what
   * `accept` decides (e.g. each text's account, or its time and the window).
   */
  memo?: { store: MatchMemo; key: string };
}

/** What {@link findEarlierMatches} found, and the work it took. */
export interface MatchResult {
  matches: (EarlierMatch | undefined)[];
  stats: SimilarityStats;
}

/**
 * Results of {@link findEarlierMatches} by digest of their inputs, so a lint whose texts (and their
 * order, accounts, times and thresholds) did not change since the last run does not search again. The
 * lint cache saves the results used in a run and brings them back (src/workspace/text-cache.ts).
 */
export class MatchMemo {
  readonly #results = new Map<string, MatchResult>();
  readonly #used = new Set<string>();
  #computed = 0;

  get(digest: string): MatchResult | undefined {
    const result = this.#results.get(digest);
    if (result) this.#used.add(digest);
    return result;
  }

  set(digest: string, result: MatchResult): void {
    this.#results.set(digest, result);
    this.#used.add(digest);
    this.#computed++;
  }

  /** How many searches ran rather than being remembered: 0 means nothing new to save. */
  get computed(): number {
    return this.#computed;
  }

  /** The results used since the last import, to save. */
  export(): [string, MatchResult][] {
    return [...this.#used].map((digest) => [digest, this.#results.get(digest)!] as [string, MatchResult]);
  }

  /** Remember results saved by an earlier run. */
  import(entries: Iterable<[string, MatchResult]>): void {
    for (const [digest, result] of entries) this.#results.set(digest, result);
  }
}

/**
 * For each text (in the given order, e.g. by time), find an earlier text that is identical or
 * substantially similar after normalisation. Work is near-linear: candidates come from LSH buckets,
 * at most {@link MAX_CANDIDATES_PER_TEXT} per text; every match is verified exactly.
 */
export function findEarlierMatches(texts: readonly string[], options: FindOptions): MatchResult {
  const memo = options.memo;
  if (!memo) return searchEarlierMatches(texts, options);
  const hash = createHash('sha256').update(memo.key).update('\0');
  for (const text of texts) hash.update(text).update('\0');
  const digest = hash.digest('base64');
  const known = memo.store.get(digest);
  if (known && known.matches.length === texts.length) return known;
  const result = searchEarlierMatches(texts, options);
  memo.store.set(digest, result);
  return result;
}

function searchEarlierMatches(texts: readonly string[], options: FindOptions): MatchResult {
  const thresholdOf =
    typeof options.threshold === 'function' ? options.threshold : () => options.threshold as number;
  let lowest = 1;
  for (let i = 0; i < texts.length; i++) lowest = Math.min(lowest, thresholdOf(i));
  const banding = bandingFor(Math.max(lowest, MIN_THRESHOLD));
  const seeds = minHashSeeds(banding.bands * banding.rows);
  const scratch = new Int32Array(banding.bands * banding.rows);
  const cache = options.cache ?? new SimilarityCache();
  const accept = options.accept ?? (() => true);
  const stats: SimilarityStats = {
    texts: texts.length,
    empty: 0,
    short: 0,
    candidatePairs: 0,
    jaccardComputations: 0,
    exactMatches: 0,
  };

  const fingerprints = new Float64Array(texts.length);
  const shingles: Int32Array[] = new Array<Int32Array>(texts.length);
  // One map per band: bucket key → earlier text indexes in order (a bare number while there is one).
  const buckets = Array.from({ length: banding.bands }, () => new Map<number, number | number[]>());
  // Short texts are indexed by the fingerprint of their whole normalised text.
  const shortTexts = new Map<number, number[]>();
  const matches: (EarlierMatch | undefined)[] = new Array<EarlierMatch | undefined>(texts.length);
  const latest = options.prefer === 'latest';
  // Candidate gathering: which earlier texts this text has already taken (stamp = later + 1) and in how
  // many of its buckets, and room.
  const marks = { seen: new Int32Array(texts.length), shared: new Int32Array(texts.length) };
  const scratchCandidates = { buffer: new Int32Array(256) };

  for (let later = 0; later < texts.length; later++) {
    const prepared = cache.prepare(texts[later]!);
    const own = prepared.shingles;
    // No tokens (only links, emoji, punctuation): nothing to compare.
    if (own.length === 0) {
      stats.empty++;
      continue;
    }
    const text = prepared.fingerprint;
    fingerprints[later] = text;
    shingles[later] = own;
    // The candidate lists this text falls in (each in ascending order of index).
    const lists: (number | number[])[] = [];
    let keys: Int32Array | undefined;
    let shortList: number[] | undefined;
    if (own.length < MIN_SHINGLES) {
      stats.short++;
      shortList = shortTexts.get(text);
      if (shortList) lists.push(shortList);
    } else {
      keys = cache.bandKeys(prepared, banding, seeds, scratch);
      for (let band = 0; band < keys.length; band++) {
        const list = buckets[band]!.get(keys[band]!);
        if (list !== undefined) lists.push(list);
      }
    }
    const threshold = thresholdOf(later);
    visitCandidates(
      lists,
      latest,
      MAX_CANDIDATES_PER_TEXT,
      (earlier) => {
        stats.candidatePairs++;
        if (!accept(earlier, later)) return false;
        if (fingerprints[earlier] === text && sameShingles(shingles[earlier]!, own)) {
          stats.exactMatches++;
          matches[later] = { earlier, similarity: 1, identical: true };
          return true;
        }
        stats.jaccardComputations++;
        const similarity = jaccardAtLeast(shingles[earlier]!, own, threshold);
        if (similarity >= threshold) {
          matches[later] = { earlier, similarity, identical: false };
          return true;
        }
        return false;
      },
      marks,
      later + 1,
      scratchCandidates,
    );
    if (own.length < MIN_SHINGLES) {
      if (shortList) shortList.push(later);
      else shortTexts.set(text, [later]);
    }
    keys?.forEach((key, band) => {
      const map = buckets[band]!;
      const list = map.get(key);
      if (list === undefined) map.set(key, later);
      else if (typeof list === 'number') map.set(key, [list, later]);
      else list.push(later);
    });
  }
  return { matches, stats };
}

/**
 * Visit the distinct members of several ascending lists (the LSH buckets a text falls in), at most
 * `limit` of them, nearest first (`latest`: largest first), until `visit` returns true. From each list
 * only its `limit` members nearest the preferred end are taken, which bounds the work per text. When
 * more than `limit` distinct members remain, the `limit` found in the most lists are kept: a pair
 * sharing more bands is more alike (a pair at the 0.7 threshold shares about 5 of 32 bands, a pair at
 * 0.45 about one), so a real match is not crowded out by many texts that merely share a phrase with
 * this one; ties go to the preferred end. `seen` and `shared` mark members already taken for this
 * text with `stamp` and count the lists each is in. Cost: the members taken (at most lists × limit)
 * plus sorting them, with no per-member allocation.
 */
function visitCandidates(
  lists: readonly (number | number[])[],
  latest: boolean,
  limit: number,
  visit: (index: number) => boolean,
  marks: { seen: Int32Array; shared: Int32Array },
  stamp: number,
  scratch: { buffer: Int32Array },
): void {
  const { seen, shared } = marks;
  let count = 0;
  const take = (value: number) => {
    if (seen[value] === stamp) {
      shared[value] = shared[value]! + 1;
      return;
    }
    seen[value] = stamp;
    shared[value] = 1;
    if (count === scratch.buffer.length) {
      const grown = new Int32Array(scratch.buffer.length * 2);
      grown.set(scratch.buffer);
      scratch.buffer = grown;
    }
    scratch.buffer[count++] = value;
  };
  for (const list of lists) {
    if (typeof list === 'number') take(list);
    else if (latest)
      for (let i = list.length - 1, end = Math.max(0, list.length - limit); i >= end; i--) take(list[i]!);
    else for (let i = 0, end = Math.min(list.length, limit); i < end; i++) take(list[i]!);
  }
  if (count === 0) return;
  let candidates = scratch.buffer.subarray(0, count);
  if (count > limit) candidates = mostShared(candidates, shared, latest, limit);
  candidates.sort();
  if (latest) {
    for (let i = candidates.length - 1; i >= 0; i--) if (visit(candidates[i]!)) return;
  } else {
    for (let i = 0; i < candidates.length; i++) if (visit(candidates[i]!)) return;
  }
}

/**
 * The `limit` candidates found in the most lists (`shared`); among those found in equally many at the
 * cut, the ones nearest the preferred end. Counting by number of lists, so no full sort is needed.
 */
function mostShared(candidates: Int32Array, shared: Int32Array, latest: boolean, limit: number): Int32Array {
  let most = 0;
  for (const candidate of candidates) most = Math.max(most, shared[candidate]!);
  const perCount = new Int32Array(most + 1);
  for (const candidate of candidates) perCount[shared[candidate]!]!++;
  // The cut: all candidates in more lists than `cut` fit within `limit`, those in `cut` lists fill the rest.
  let above = 0;
  let cut = most;
  while (cut > 1 && above + perCount[cut]! < limit) {
    above += perCount[cut]!;
    cut--;
  }
  const chosen = new Int32Array(limit);
  const ties = new Int32Array(perCount[cut]!);
  let taken = 0;
  let tied = 0;
  for (const candidate of candidates) {
    if (shared[candidate]! > cut) chosen[taken++] = candidate;
    else if (shared[candidate] === cut) ties[tied++] = candidate;
  }
  ties.sort();
  const room = limit - taken;
  const fill = latest ? ties.subarray(Math.max(0, tied - room)) : ties.subarray(0, Math.min(tied, room));
  chosen.set(fill, taken);
  return chosen.subarray(0, taken + fill.length);
}
