// X's text rules, by twitter-text (X's own library, loaded on first use): weighted length (URLs weigh 23,
// CJK and emoji 2; limit 280), and hashtags, mentions and links as X finds them.
import type { AccountRef, DraftContext, DraftPart, PlatformText } from '../types.js';
import { twitterText } from './twitter-text.js';

/** The longest post X accepts, in weighted characters. */
export const MAX_WEIGHTED_LENGTH = 280;

/** One kind of entity found in a text: the names (without # or @) or URLs, and where each is. */
interface Found {
  values: string[];
  ranges: [number, number][];
}

const NONE: Found = { values: [], ranges: [] };

function hashtagsFound(text: string): Found {
  // No # (or full-width ＃), no hashtag: skip the slow extractor.
  if (!/[#＃]/.test(text)) return NONE;
  const found = twitterText().extractHashtagsWithIndices(text);
  return { values: found.map((h) => h.hashtag), ranges: found.map((h) => h.indices) };
}

function mentionsFound(text: string): Found {
  if (!/[@＠]/.test(text)) return NONE;
  const found = twitterText().extractMentionsWithIndices(text);
  return { values: found.map((m) => m.screenName), ranges: found.map((m) => m.indices) };
}

function urlsFound(text: string): Found {
  // Every link X detects has a dot in its host.
  if (!text.includes('.')) return NONE;
  const found = twitterText().extractUrlsWithIndices(text);
  return { values: found.map((u) => u.url), ranges: found.map((u) => u.indices) };
}

/** Weighted length of `text` as X counts it. */
export function weightedLength(text: string): number {
  return twitterText().parseTweet(text).weightedLength;
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

/** The body of POST /2/tweets, as Chorus sends it. */
export interface PostPayload {
  text: string;
  reply?: { in_reply_to_tweet_id: string };
  media?: { media_ids: string[] };
}

/** The request body for one part; `mediaIds` are the uploads' ids (or placeholders in a dry run). */
export function postPayload(
  text: string,
  parentId: string | undefined,
  mediaIds: readonly string[],
): PostPayload {
  return {
    text,
    ...(parentId ? { reply: { in_reply_to_tweet_id: parentId } } : {}),
    ...(mediaIds.length > 0 ? { media: { media_ids: [...mediaIds] } } : {}),
  };
}

/** X's text half of the platform seam. */
export const xText: PlatformText = {
  lengthUnit: 'weighted characters',
  lengthRule: 'weighted length (twitter-text): links count 23, CJK and emoji 2, others 1; at most 280',
  maxLength: (_account: AccountRef) => MAX_WEIGHTED_LENGTH,
  length: weightedLength,
  links: urlsIn,
  hashtags: hashtagsIn,
  mentions: mentionsIn,
  withoutEntities,
  threads: true,
  draftEndpoint: 'POST /2/tweets',
  media: {
    maxImages: 4,
    maxBytes: 5 * 1024 * 1024,
    types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    altRequired: false,
    maxAltLength: 1000,
  },
  draftRequest(part: DraftPart, context: DraftContext): PostPayload {
    const parent = context.parent?.id ?? (context.part > 0 ? `<id of part ${context.part}>` : undefined);
    return postPayload(
      part.text,
      parent,
      context.part === 0 ? context.media.map((m) => `<upload of ${m.file}>`) : [],
    );
  },
};
