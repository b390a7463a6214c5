// twitter-text (X's own rules for weighted length and entities), loaded on first use: it is slow to load,
// so commands and rules that never look at a text's length or entities do not pay for it. The build puts
// a trimmed copy next to the CLI bundle (dist/bundle/twitter-text.cjs: the four functions below without
// the core-js polyfills Node does not need; see scripts/bundle.js); elsewhere (dist/, tests) the package
// itself is loaded. tests/tracking/twitter-text.test.ts checks that both give the same answers.
import { createRequire } from 'node:module';

interface Indexed {
  indices: [number, number];
}

export interface TwitterText {
  parseTweet(text: string): { weightedLength: number; valid: boolean };
  extractHashtagsWithIndices(text: string): (Indexed & { hashtag: string })[];
  extractMentionsWithIndices(text: string): (Indexed & { screenName: string })[];
  extractUrlsWithIndices(text: string): (Indexed & { url: string })[];
}

/** File name of the trimmed copy, in the folder of the module that loads it (dist/bundle/). */
export const TRIMMED_TWITTER_TEXT = './twitter-text.cjs';

let loaded: TwitterText | undefined;

export function twitterText(): TwitterText {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    try {
      loaded = require(TRIMMED_TWITTER_TEXT) as TwitterText;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
      loaded = require('twitter-text') as TwitterText;
    }
  }
  return loaded;
}
