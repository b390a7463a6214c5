// Memory for one run of the check stage: texts prepared for near-duplicate search (tokens, shingles,
// MinHash band keys), which both duplicate rules need, and the results of those searches, which the lint
// cache saves and restores. The pipeline makes one per analysis (or the lint command, to fill it from and
// save it to the lint cache) and passes it in; nothing outlives the run. (Facts about texts, such as
// weighted length, are remembered per run by the platform registry the pipeline memoises: platforms/memo.ts.)
import { MatchMemo, SimilarityCache } from './similarity.js';

/** What one analysis remembers while it runs (see createRunCache). */
export interface RunCache {
  /** Texts prepared for near-duplicate search, shared by the two duplicate rules. */
  similarity: SimilarityCache;
  /** Results of the near-duplicate searches by digest of their inputs (what `lint --cache` keeps). */
  matches: MatchMemo;
}

/** A fresh, empty RunCache for one analysis. */
export function createRunCache(): RunCache {
  return { similarity: new SimilarityCache(), matches: new MatchMemo() };
}
