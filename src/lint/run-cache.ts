// Memory for one run of the pipeline: time conversions, facts about texts and prepared texts that several
// stages and rules ask for again and again. The pipeline makes one per analysis (or the lint command, to
// fill it from and save it to the lint cache) and passes it in; nothing outlives the run.
import { TimeConversions } from '../model/time.js';
import { TextFactsMemo } from '../tracking/text-facts.js';
import { MatchMemo, SimilarityCache } from './similarity.js';

/** What one analysis remembers while it runs (see createRunCache). */
export interface RunCache {
  /** Local times ↔ instants, for validate, the timeline and the time rules. */
  zones: TimeConversions;
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
    zones: new TimeConversions(),
    texts: new TextFactsMemo(),
    similarity: new SimilarityCache(),
    matches: new MatchMemo(),
  };
}
