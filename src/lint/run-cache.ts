// Memory for one run of the pipeline: facts about texts and prepared texts that render and several rules
// ask for again and again. The pipeline makes one per analysis (or the lint command, to
// fill it from and save it to the lint cache) and passes it in; nothing outlives the run.
import { TextFactsMemo } from '../tracking/text-facts.js';
import { MatchMemo, SimilarityCache } from './similarity.js';

/** What one analysis remembers while it runs (see createRunCache). */
export interface RunCache {
  /** Weighted lengths and entities of texts, for render and the rules that count. */
  texts: TextFactsMemo;
  /** Texts prepared for near-duplicate search, shared by the two duplicate rules. */
  similarity: SimilarityCache;
  /** Results of the near-duplicate searches by digest of their inputs (what `lint --cache` keeps). */
  matches: MatchMemo;
}

/** A fresh, empty RunCache for one analysis. */
export function createRunCache(): RunCache {
  return {
    texts: new TextFactsMemo(),
    similarity: new SimilarityCache(),
    matches: new MatchMemo(),
  };
}
