// X's weighted length, computed by twitter-text (X's own rules: URLs weigh 23, CJK and emoji weigh 2).
import { createRequire } from 'node:module';
import { fact } from './text-facts.js';

type ParseTweet = (text: string) => { weightedLength: number; valid: boolean };

let parseTweet: ParseTweet | undefined;

/** The longest post X accepts, in weighted characters. */
export const MAX_WEIGHTED_LENGTH = 280;

/**
 * Weighted length of `text` as X counts it, once per text (see text-facts.ts). twitter-text is loaded on
 * first use (it is slow to load).
 */
export function weightedLength(text: string): number {
  return fact(text, 'weightedLength', () => {
    if (!parseTweet) {
      const require = createRequire(import.meta.url);
      parseTweet = (require('twitter-text') as { parseTweet: ParseTweet }).parseTweet;
    }
    return parseTweet(text).weightedLength;
  });
}
