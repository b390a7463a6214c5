// Hashtags, mentions and links as X finds them, by twitter-text's extractors (loaded lazily, like length.ts).
import { createRequire } from 'node:module';

interface Entity {
  indices: [number, number];
}
interface TwitterTextExtractors {
  extractHashtags(text: string): string[];
  extractMentions(text: string): string[];
  extractUrls(text: string): string[];
  extractEntitiesWithIndices(text: string): Entity[];
}

let extractors: TwitterTextExtractors | undefined;

// twitter-text takes a noticeable time to load, so only rules that look at entities pay for it.
function twitterText(): TwitterTextExtractors {
  if (!extractors) {
    const require = createRequire(import.meta.url);
    extractors = require('twitter-text') as TwitterTextExtractors;
  }
  return extractors;
}

/** Hashtags in `text` without the `#`, as X links them (`#日本`, `＃tag` count; `a#b` does not). */
export function hashtagsIn(text: string): string[] {
  return twitterText().extractHashtags(text);
}

/** @mentions in `text` without the `@` (an e-mail address is not a mention). */
export function mentionsIn(text: string): string[] {
  return twitterText().extractMentions(text);
}

/** Links in `text` as X detects them, with or without `https://` (`shop.example.com/x` is a link too). */
export function urlsIn(text: string): string[] {
  return twitterText().extractUrls(text);
}

/** `text` with every URL, @mention, #hashtag and $cashtag cut out (for looking at the prose alone). */
export function withoutEntities(text: string): string {
  const entities = twitterText()
    .extractEntitiesWithIndices(text)
    .sort((a, b) => a.indices[0] - b.indices[0]);
  let out = '';
  let from = 0;
  for (const { indices } of entities) {
    out += text.slice(from, indices[0]) + ' ';
    from = indices[1];
  }
  return out + text.slice(from);
}
