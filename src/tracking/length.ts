// X's weighted length, computed by twitter-text (X's own rules: URLs weigh 23, CJK and emoji weigh 2).
import { fact } from './text-facts.js';
import { twitterText } from './twitter-text.js';

/** The longest post X accepts, in weighted characters. */
export const MAX_WEIGHTED_LENGTH = 280;

/**
 * Weighted length of `text` as X counts it, once per text (see text-facts.ts). twitter-text is loaded on
 * first use (it is slow to load).
 */
export function weightedLength(text: string): number {
  return fact(text, 'weightedLength', () => twitterText().parseTweet(text).weightedLength);
}
