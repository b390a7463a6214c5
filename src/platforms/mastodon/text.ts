// Mastodon's text rules, pure: length as Mastodon counts it (graphemes of content warning + text, every URL
// 23 characters, a remote mention only by its local part), links, mentions and hashtags as Mastodon finds
// them, the instance's limit from the account file, media limits, and the exact POST /api/v1/statuses body
// for `publish --dry-run`. Sources: https://docs.joinmastodon.org/user/posting/#text,
// https://docs.joinmastodon.org/methods/statuses/#create, https://docs.joinmastodon.org/methods/instance/#v2.
import { createHash } from 'node:crypto';
import type { AccountRef, DraftContext, DraftPart, PartKey, PlatformText } from '../types.js';

/** Mastodon's default `configuration.statuses.max_characters`. */
export const DEFAULT_MAX_CHARACTERS = 500;
/** What every URL counts, whatever its length (`characters_reserved_per_url`). */
export const URL_CHARACTERS = 23;
/** Images per status. */
export const MAX_IMAGES = 4;
/** Longest image description (alt text) Mastodon accepts. */
export const MAX_DESCRIPTION = 1500;

// A URL needs its scheme to be counted as 23: Mastodon extracts URLs with `extract_url_without_protocol: false`.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’)\]]+$/u;
// Mastodon's MENTION_RE: a local part, optionally @domain, not preceded by a word character, "=" or "/".
const MENTION_PATTERN =
  /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*))?/giu;
// Mastodon's HASHTAG_RE: letters, marks, digits, "_" and "·", at least one letter, not after a word character or "/".
const HASHTAG_PATTERN = /(?<![=/)\p{L}\p{N}_])#([\p{L}\p{M}\p{N}_·]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_·]*)/gu;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].length;

/** URLs of `text` with the punctuation that closes a sentence cut off, as Mastodon links them. */
function urlMatches(text: string): { url: string; index: number }[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => {
    let url = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trailing.length);
    // Keep a closing parenthesis that balances one inside the URL (Wikipedia-style links).
    if (trailing.startsWith(')') && url.includes('(') && !url.includes(')')) url += ')';
    return { url, index: match.index };
  });
}

/**
 * Length of a status as Mastodon counts it: graphemes of the content warning and the text together, each
 * URL as 23, `@user@domain` as `@user` (StatusLengthValidator).
 */
export function countedLength(text: string, contentWarning = ''): number {
  let countable = '';
  let last = 0;
  for (const { url, index } of urlMatches(text)) {
    countable += text.slice(last, index) + 'x'.repeat(URL_CHARACTERS);
    last = index + url.length;
  }
  countable += text.slice(last);
  countable = countable.replace(MENTION_PATTERN, (_whole, local: string) => `@${local}`);
  return graphemes(contentWarning + countable);
}

/** The stable Idempotency-Key of one part: the same on every run and machine, different for every part. */
export function idempotencyKey(key: PartKey): string {
  const digest = createHash('sha256')
    .update(`${key.account}\n${key.post}\n${key.part}`, 'utf8')
    .digest('hex');
  return `chorus-${digest.slice(0, 40)}`;
}

/** The account file's Mastodon fields, as the schema parsed them (defaults filled in). */
export function mastodonSettings(account: AccountRef): {
  server: string | undefined;
  visibility: 'public' | 'unlisted';
  max_characters: number;
} {
  const settings = account.settings;
  return {
    server: typeof settings.server === 'string' ? settings.server : undefined,
    visibility: settings.visibility === 'unlisted' ? 'unlisted' : 'public',
    max_characters:
      typeof settings.max_characters === 'number' ? settings.max_characters : DEFAULT_MAX_CHARACTERS,
  };
}

/** The exact body of POST /api/v1/statuses for one part (placeholders for ids only the network gives). */
export function statusBody(part: DraftPart, context: DraftContext): Record<string, unknown> {
  const settings = mastodonSettings(context.account);
  const body: Record<string, unknown> = {
    status: part.text,
    visibility: settings.visibility,
    language: part.lang,
  };
  if (part.contentWarning) body.spoiler_text = part.contentWarning;
  if (context.part > 0) body.in_reply_to_id = context.parent?.id ?? `<id of part ${context.part}>`;
  if (context.media.length > 0) {
    body.media_ids = context.media.map((_item, index) => `<media ${index + 1}>`);
  }
  return body;
}

/** Mastodon's text half. */
export const mastodonText: PlatformText = {
  lengthUnit: 'characters',
  lengthRule:
    "graphemes of the content warning and the text; every URL counts 23, a remote mention only its local part; the limit is the instance's max_characters (500 by default)",
  maxLength: (account) => mastodonSettings(account).max_characters,
  length: (text) => countedLength(text),
  links: (text) => urlMatches(text).map((match) => match.url),
  hashtags: (text) => [...text.matchAll(HASHTAG_PATTERN)].map((match) => match[1]!.replace(/·+$/u, '')),
  mentions: (text) =>
    [...text.matchAll(MENTION_PATTERN)].map((match) => (match[2] ? `${match[1]}@${match[2]}` : match[1]!)),
  withoutEntities: (text) => {
    let out = '';
    let last = 0;
    for (const { url, index } of urlMatches(text)) {
      out += text.slice(last, index);
      last = index + url.length;
    }
    out += text.slice(last);
    return out.replace(MENTION_PATTERN, '').replace(HASHTAG_PATTERN, '');
  },
  threads: true,
  draftEndpoint: 'POST /api/v1/statuses',
  media: {
    maxImages: MAX_IMAGES,
    maxBytes: 16 * 1024 * 1024,
    types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    altRequired: true,
    maxAltLength: MAX_DESCRIPTION,
  },
  draftRequest: (part, context) => statusBody(part, context),
  // Mastodon counts the warning's graphemes with the text's (as `max_characters` applies to both).
  contentWarnings: { length: (warning) => graphemes(warning) },
};
