// Bluesky's text rules, pure: 300 graphemes, links, mentions and hashtags found by @atproto/api's own rich-text
// detection, and the post record built from a rendered text: each link is shown short (host and path) while
// its facet, a UTF-8 byte range, carries the full tracked URL, so tracking codes cost no length.
import { createRequire } from 'node:module';
import type { DraftContext, DraftPart, PartKey, PostRef } from '../types.js';
import { recordKey } from './tid.js';

/** Bluesky's limit on a post's text, in graphemes (app.bsky.feed.post `text` maxGraphemes). */
export const MAX_GRAPHEMES = 300;
/** The record collection of a post. */
export const POST_COLLECTION = 'app.bsky.feed.post';
/** Longest path shown for a link, in characters, "…" included. */
export const SHOWN_PATH_LENGTH = 24;

/** A rich-text facet as the app.bsky.richtext.facet lexicon defines it (byte range into the UTF-8 text). */
export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[];
}

interface UnicodeStringLike {
  utf16: string;
  utf8: Uint8Array;
  graphemeLength: number;
  utf16IndexToUtf8Index(index: number): number;
}
interface RichTextLibrary {
  detectFacets(text: UnicodeStringLike): Facet[] | undefined;
  UnicodeString: new (text: string) => UnicodeStringLike;
}

// The rich-text detection of @atproto/api, without the rest of the library (its lexicons take ~0.4 s to
// load; detection alone ~15 ms): lint and render need it, only publish needs the client. Loaded on first use.
const require = createRequire(import.meta.url);
let library: RichTextLibrary | undefined;
function richText(): RichTextLibrary {
  library ??= {
    detectFacets: (require('@atproto/api/dist/rich-text/detection.js') as RichTextLibrary).detectFacets,
    UnicodeString: (require('@atproto/api/dist/rich-text/unicode.js') as RichTextLibrary).UnicodeString,
  };
  return library;
}

/** One entity found in a text, with its UTF-16 range. */
interface Entity {
  start: number;
  end: number;
  feature: Facet['features'][number];
}

/** Links, mentions and hashtags of `text` as Bluesky's library detects them, in order, never overlapping. */
function entities(text: string): Entity[] {
  const { detectFacets, UnicodeString } = richText();
  const unicode = new UnicodeString(text);
  const facets = detectFacets(unicode) ?? [];
  // The library gives UTF-8 byte ranges; map them back to UTF-16 (the index of each byte start).
  const utf16At = new Map<number, number>();
  for (let i = 0, bytes = 0; i <= text.length;) {
    utf16At.set(bytes, i);
    if (i === text.length) break;
    const code = text.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  const found = facets
    .map((facet) => ({
      start: utf16At.get(facet.index.byteStart) ?? -1,
      end: utf16At.get(facet.index.byteEnd) ?? -1,
      feature: facet.features[0]!,
    }))
    .filter((entity) => entity.start >= 0 && entity.end > entity.start && entity.feature !== undefined)
    .sort((a, b) => a.start - b.start);
  const result: Entity[] = [];
  for (const entity of found) if (entity.start >= (result.at(-1)?.end ?? 0)) result.push(entity);
  return result;
}

/**
 * How a link is shown in the post: its host without "www." and its path, without the scheme, query and
 * fragment (tracking codes live there); a path longer than SHOWN_PATH_LENGTH is cut, and "…" ends the link
 * whenever anything was left out. The facet carries the full URL.
 */
export function shownLink(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return uri;
  const host = url.host.replace(/^www\./, '');
  let path = url.pathname === '/' ? '' : url.pathname;
  let cut = url.search !== '' || url.hash !== '';
  const chars = [...path];
  if (chars.length > SHOWN_PATH_LENGTH) {
    path = chars.slice(0, SHOWN_PATH_LENGTH - 1).join('');
    cut = true;
  }
  const shown = `${host}${path}${cut ? '…' : ''}`;
  // Never longer than what was written (a short bare link stays as it is).
  return [...shown].length < [...uri].length ? shown : uri;
}

/** The text as posted, with its facets: links shown short, mentions with `did` = the handle until resolved. */
export function postText(text: string): { text: string; facets: Facet[] } {
  const { UnicodeString } = richText();
  let out = '';
  const ranges: { start: number; end: number; feature: Entity['feature'] }[] = [];
  let at = 0;
  for (const entity of entities(text)) {
    out += text.slice(at, entity.start);
    const written = text.slice(entity.start, entity.end);
    const shown =
      entity.feature.$type === 'app.bsky.richtext.facet#link' && written.startsWith('http')
        ? shownLink(entity.feature.uri)
        : written;
    ranges.push({ start: out.length, end: out.length + shown.length, feature: entity.feature });
    out += shown;
    at = entity.end;
  }
  out += text.slice(at);
  const unicode = new UnicodeString(out);
  const facets = ranges.map(({ start, end, feature }) => ({
    index: { byteStart: unicode.utf16IndexToUtf8Index(start), byteEnd: unicode.utf16IndexToUtf8Index(end) },
    features: [feature],
  }));
  return { text: out, facets };
}

/** The length of a rendered text as Bluesky counts it: graphemes of the text as posted (links shown short). */
export function graphemeLength(text: string): number {
  return new (richText().UnicodeString)(postText(text).text).graphemeLength;
}

/** Links (full URLs, as the facets carry them). */
export function links(text: string): string[] {
  return entities(text).flatMap((e) =>
    e.feature.$type === 'app.bsky.richtext.facet#link' ? [e.feature.uri] : [],
  );
}

/** Hashtags, without "#" (cashtags, which the library also makes tags, are not hashtags). */
export function hashtags(text: string): string[] {
  return entities(text).flatMap((e) =>
    e.feature.$type === 'app.bsky.richtext.facet#tag' && !e.feature.tag.startsWith('$')
      ? [e.feature.tag]
      : [],
  );
}

/** Mentioned handles, without "@". */
export function mentions(text: string): string[] {
  return entities(text).flatMap((e) =>
    e.feature.$type === 'app.bsky.richtext.facet#mention' ? [e.feature.did] : [],
  );
}

/** The text with every link, mention and hashtag cut out. */
export function withoutEntities(text: string): string {
  let out = '';
  let at = 0;
  for (const entity of entities(text)) {
    out += text.slice(at, entity.start);
    at = entity.end;
  }
  return out + text.slice(at);
}

/** A strong reference to a record (what a reply's root and parent are). */
export interface StrongRef {
  uri: string;
  cid: string;
}

/** An image of an images embed, with its alt text; `image` is the uploaded blob (or a placeholder). */
export interface EmbedImage {
  alt: string;
  image: unknown;
}

/** Everything a post record is made of. */
export interface RecordInput {
  text: string;
  lang: string;
  createdAt: string;
  reply?: { root: StrongRef; parent: StrongRef } | undefined;
  images?: readonly EmbedImage[] | undefined;
  /** DIDs of mentioned handles (lower case); a mention whose handle is missing here gets no facet. */
  mentionDids?: ReadonlyMap<string, string> | undefined;
}

/** The app.bsky.feed.post record for a rendered text. */
export function postRecord(input: RecordInput): Record<string, unknown> {
  const posted = postText(input.text);
  const facets = posted.facets.flatMap((facet) => {
    const feature = facet.features[0]!;
    if (feature.$type !== 'app.bsky.richtext.facet#mention' || !input.mentionDids) return [facet];
    const did = input.mentionDids.get(feature.did.toLowerCase());
    return did ? [{ ...facet, features: [{ ...feature, did }] }] : [];
  });
  return {
    $type: POST_COLLECTION,
    text: posted.text,
    ...(facets.length > 0 ? { facets } : {}),
    langs: [input.lang],
    ...(input.reply ? { reply: input.reply } : {}),
    ...(input.images && input.images.length > 0
      ? {
          embed: {
            $type: 'app.bsky.embed.images',
            images: input.images.map(({ alt, image }) => ({ alt, image })),
          },
        }
      : {}),
    createdAt: input.createdAt,
  };
}

function refOrPlaceholder(ref: PostRef | undefined, what: string): StrongRef {
  return ref
    ? { uri: ref.id, cid: ref.cid ?? `<cid of ${what}>` }
    : { uri: `<uri of ${what}>`, cid: `<cid of ${what}>` };
}

/** The createRecord call of one part, for `publish --dry-run`: placeholders for what only the network gives. */
export function draftRequest(part: DraftPart, context: DraftContext): unknown {
  const key: PartKey = context.key;
  const reply =
    context.part > 0
      ? {
          root: refOrPlaceholder(context.root, 'part 1'),
          parent: refOrPlaceholder(context.parent, `part ${context.part}`),
        }
      : undefined;
  const record = postRecord({
    text: part.text,
    lang: part.lang,
    createdAt: '<time of sending>',
    reply,
    images:
      context.part === 0 ? context.media.map((m) => ({ alt: m.alt, image: `<blob of ${m.file}>` })) : [],
  });
  // Mentions are resolved to DIDs when sent; show which handle each will name.
  const facets = (record.facets as Facet[] | undefined)?.map((facet) => {
    const feature = facet.features[0]!;
    return feature.$type === 'app.bsky.richtext.facet#mention'
      ? { ...facet, features: [{ ...feature, did: `<did of ${feature.did}>` }] }
      : facet;
  });
  return {
    repo: context.account.handle,
    collection: POST_COLLECTION,
    rkey: recordKey(key),
    record: { ...record, ...(facets ? { facets } : {}) },
  };
}
