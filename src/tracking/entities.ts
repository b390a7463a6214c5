// Hashtags, mentions and links as X finds them, by twitter-text's extractors (loaded on first use),
// each computed once per text (see text-facts.ts).
import { type Found, fact } from './text-facts.js';
import { twitterText } from './twitter-text.js';

const NONE: Found = { values: [], ranges: [] };

function hashtagsFound(text: string): Found {
  // No # (or full-width ＃), no hashtag: skip the slow extractor.
  if (!/[#＃]/.test(text)) return NONE;
  return fact(text, 'hashtags', () => {
    const found = twitterText().extractHashtagsWithIndices(text);
    return { values: found.map((h) => h.hashtag), ranges: found.map((h) => h.indices) };
  });
}

function mentionsFound(text: string): Found {
  if (!/[@＠]/.test(text)) return NONE;
  return fact(text, 'mentions', () => {
    const found = twitterText().extractMentionsWithIndices(text);
    return { values: found.map((m) => m.screenName), ranges: found.map((m) => m.indices) };
  });
}

function urlsFound(text: string): Found {
  // Every link X detects has a dot in its host.
  if (!text.includes('.')) return NONE;
  return fact(text, 'urls', () => {
    const found = twitterText().extractUrlsWithIndices(text);
    return { values: found.map((u) => u.url), ranges: found.map((u) => u.indices) };
  });
}

/** Hashtags in `text` without the `#`, as X links them (`#日本`, `＃tag` count; `a#b` does not). */
export function hashtagsIn(text: string): string[] {
  return hashtagsFound(text).values;
}

/** @mentions in `text` without the `@` (an e-mail address is not a mention). */
export function mentionsIn(text: string): string[] {
  return mentionsFound(text).values;
}

/** Links in `text` as X detects them, with or without `https://` (`shop.example.com/x` is a link too). */
export function urlsIn(text: string): string[] {
  return urlsFound(text).values;
}

/** `text` with every URL, @mention and #hashtag cut out (for looking at the prose alone). */
export function withoutEntities(text: string): string {
  const ranges = [urlsFound(text), mentionsFound(text), hashtagsFound(text)]
    .flatMap((found) => found.ranges)
    .sort((a, b) => a[0] - b[0]);
  if (ranges.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    if (start < from) continue; // a hashtag inside a URL (…/page#top) is already cut
    out += `${text.slice(from, start)} `;
    from = end;
  }
  return out + text.slice(from);
}
