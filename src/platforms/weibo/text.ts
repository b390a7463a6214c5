// Sina Weibo's text rules, pure. Length: 140 characters where a Chinese (any non-ASCII) character counts 1
// and an ASCII letter, digit, space or symbol half, rounded up (https://open.weibo.com/wiki/2/statuses/share:
// "内容不超过140个汉字"). How a URL counts is not in Weibo's API documents: statuses/share and the error
// codes page say only "140 Chinese characters". Weibo's own composer shortens every link to a t.cn link and
// counts each URL of up to 140 bytes as 20 half-width units (10 characters), a longer one as its bytes less
// 120 half-width units; that rule is from the WeCase desktop client's counter, written to match Sina's
// composer bug for bug (WeCase, src/TweetUtils.py `tweetLength`, GPL, read not copied). Chorus counts URLs
// that way and says so in docs/publishing.md. No threads; one JPEG, GIF or PNG under 5 MB; no "#topic#"
// through statuses/share.
import type { AccountRef, DraftContext, DraftPart, PlatformText } from '../types.js';

/** The longest Weibo post, in characters (a Chinese character 1, ASCII half). */
export const MAX_LENGTH = 140;
/** Half-width units a URL of up to URL_BYTES bytes counts (10 characters). */
export const URL_HALF_UNITS = 20;
const URL_BYTES = 140;
/** Images per post through statuses/share. */
export const MAX_IMAGES = 1;
/** statuses/share accepts a picture "under 5M". */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024 - 1;

const URL_PATTERN = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gu;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]]+$/u;
/** Weibo topics are written between two "#": `#双十一#`. */
const TOPIC_PATTERN = /#([^#\s][^#\n]{0,63})#/gu;
/** Weibo mentions: @ and a nickname of letters (any script), digits, "_" or "-". */
const MENTION_PATTERN = /@([\p{L}\p{N}_-]{1,30})/gu;

/** URLs of `text`, sentence punctuation after them cut off. */
function urlMatches(text: string): { url: string; index: number }[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => {
    const trailing = TRAILING_PUNCTUATION.exec(match[0])?.[0] ?? '';
    return { url: match[0].slice(0, match[0].length - trailing.length), index: match.index };
  });
}

/** Half-width units of one URL: 20 up to 140 bytes, then one more per byte beyond 140. */
function urlUnits(url: string): number {
  const bytes = Buffer.byteLength(url, 'utf8');
  return bytes <= URL_BYTES ? URL_HALF_UNITS : bytes - URL_BYTES + URL_HALF_UNITS;
}

/** Length as Weibo counts it: half-width units (ASCII 1, anything else 2, URLs as above) halved, rounded up. */
export function weiboLength(text: string): number {
  let units = 0;
  let last = 0;
  let rest = '';
  for (const { url, index } of urlMatches(text)) {
    rest += text.slice(last, index);
    units += urlUnits(url);
    last = index + url.length;
  }
  rest += text.slice(last);
  for (const char of rest) units += char.codePointAt(0)! <= 0x7f ? 1 : 2;
  return Math.ceil(units / 2);
}

/** The `#topic#` markers of a text, which statuses/share refuses. */
export function topics(text: string): string[] {
  const withoutUrls = urlMatches(text).reduce((out, { url }) => out.replace(url, ' '), text);
  return [...withoutUrls.matchAll(TOPIC_PATTERN)].map((match) => match[1]!);
}

/** Whether `url` is on `domain` or one of its subdomains. */
export function onDomain(url: string, domain: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    const wanted = domain.toLowerCase().replace(/^\.+|\.+$/gu, '');
    return host === wanted || host.endsWith(`.${wanted}`);
  } catch {
    return false;
  }
}

/** The account file's Weibo fields, as the schema parsed them. */
export function weiboSettings(account: AccountRef): { safe_domain: string | undefined } {
  const settings = account.settings;
  return { safe_domain: typeof settings.safe_domain === 'string' ? settings.safe_domain : undefined };
}

/** The exact statuses/share request body (form fields; the token travels in the Authorization header). */
export function shareBody(part: DraftPart, context: DraftContext): Record<string, unknown> {
  const picture = context.media[0];
  return { status: part.text, ...(picture ? { pic: `<${picture.file}>` } : {}) };
}

/** Weibo's text half. */
export const weiboText: PlatformText = {
  lengthUnit: 'characters',
  lengthRule:
    '140 characters: a Chinese character counts 1, an ASCII letter, digit, space or symbol half (rounded up); each URL counts 10 (20 half-width units)',
  maxLength: () => MAX_LENGTH,
  length: weiboLength,
  links: (text) => urlMatches(text).map((match) => match.url),
  hashtags: topics,
  mentions: (text) => [...text.matchAll(MENTION_PATTERN)].map((match) => match[1]!),
  withoutEntities: (text) => {
    let out = text;
    for (const { url } of urlMatches(text)) out = out.replace(url, ' ');
    return out.replace(TOPIC_PATTERN, ' ').replace(MENTION_PATTERN, ' ');
  },
  threads: false,
  requiredLinkDomain: (account) => weiboSettings(account).safe_domain,
  hashtagsAllowed: false,
  draftEndpoint: 'POST /2/statuses/share.json',
  media: {
    maxImages: MAX_IMAGES,
    maxBytes: MAX_IMAGE_BYTES,
    types: ['image/jpeg', 'image/gif', 'image/png'],
    altRequired: false,
  },
  draftRequest: (part, context) => shareBody(part, context),
};
