// Validates one calendar file on its own, while its YAML document is in hand, into plain serialisable data:
// the unit that lint caches by content hash and that worker threads send back.
import type { PathSegment, YamlSource } from '../workspace/yaml-source.js';
import { findingsFromIssues } from './issues.js';
import { type PostFile, postSchema } from './schema.js';
import { secretIn, shownValue } from './secrets.js';
import type { Position, Post, Problem } from './types.js';

/** A post as validated from its file; `order` (its rank among the account's posts) is set across files later. */
export type CalendarPost = Omit<Post, 'order'>;

/** One calendar file after parsing and schema validation: plain data, no YAML document kept. */
export interface CalendarFile {
  /** Workspace-relative path, e.g. content/acme/2026-12.yaml. */
  file: string;
  /** The account folder the file is in. */
  account: string;
  /** False when the file could not be read as YAML at all (its posts are unknown, its account folder not checked). */
  readable: boolean;
  /** True when the file cannot be used (unreadable, or not a list of posts): publish skips its posts. */
  broken: boolean;
  /** Syntax and schema problems of this file, in file order. */
  problems: Problem[];
  /** The posts that match the schema, in file order. */
  posts: CalendarPost[];
}

const START: Position = { line: 1, column: 1 };

function schemaProblem(file: string, position: Position, message: string, hint?: string): Problem {
  return { ruleId: 'schema', severity: 'error', file, ...position, message, ...(hint ? { hint } : {}) };
}

/** A short description of a root value that is not what a file should hold. */
export function describeRoot(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return `a single ${typeof value} value`;
}

function postIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return undefined;
}

/**
 * Validate the posts of a parsed calendar file (everything that does not depend on the account file,
 * so the result can be cached by the file's bytes). Pure; afterwards `source` may be dropped.
 */
export function validateCalendar(account: string, source: YamlSource): CalendarFile {
  const file = source.file;
  const out: CalendarFile = { file, account, readable: true, broken: false, problems: [], posts: [] };
  if (source.problems.length > 0) {
    for (const p of source.problems) out.problems.push(schemaProblem(file, p, p.message, p.hint));
    out.readable = false;
    out.broken = true;
    return out;
  }
  const value = source.value;
  if (value === null || value === undefined) return out;
  if (!Array.isArray(value)) {
    out.problems.push(
      schemaProblem(
        file,
        source.locate([]),
        `A calendar file is a list of posts, but this file holds ${describeRoot(value)}`,
        'Start each post with "- id: …" at the left margin.',
      ),
    );
    out.broken = true;
    return out;
  }
  const itemPositions = source.itemPositions();
  for (let index = 0; index < value.length; index++) {
    const swallowed = swallowedHashtags(source, index, value[index]);
    const parsed = postSchema.safeParse(value[index], { reportInput: true });
    if (!parsed.success) {
      const postId = postIdOf(value[index]);
      out.problems.push(...swallowed.map((p) => ({ ...p, account, ...(postId ? { postId } : {}) })));
      for (const f of findingsFromIssues(
        parsed.error.issues,
        source,
        postSchema,
        (p) => {
          if (p.length === 0) return 'a post';
          // An item of a list is named by the list: "`smaller` is not a `media` item field".
          const last = p[p.length - 1];
          return typeof last === 'number' && p.length > 1
            ? `a \`${String(p[p.length - 2])}\` item`
            : `a \`${String(last)}\``;
        },
        [index],
      )) {
        out.problems.push({
          ...schemaProblem(file, f, f.message, f.hint),
          account,
          ...(postId ? { postId } : {}),
        });
      }
      continue;
    }
    out.problems.push(...swallowed.map((p) => ({ ...p, account, postId: parsed.data.id })));
    out.posts.push(buildPost(account, source, index, itemPositions[index] ?? START, parsed.data));
  }
  return out;
}

/** Longest quoted suggestion a message spells out; a longer text gets "wrap … in double quotes". */
const MAX_SUGGESTION = 80;

/**
 * `text: Winter sale #deals #winter` is the text "Winter sale" and a comment to YAML: the hashtags
 * would silently not be posted; so is a plain multi-line text whose next line starts with `#deals`.
 * For `text`, `link`, each `thread` part and each media `alt` written plain (unquoted), a comment that
 * starts like a hashtag (`#deals`, no space after `#`), on the value's line or an indented line below
 * it, is a schema error at the comment. A comment meant as one has a space after the `#` (`# note`).
 */
function swallowedHashtags(source: YamlSource, index: number, post: unknown): Problem[] {
  if (post === null || typeof post !== 'object' || Array.isArray(post)) return [];
  const record = post as Record<string, unknown>;
  const places: { path: PathSegment[]; what: string; key: string; value: unknown }[] = [
    { path: [index, 'text'], what: 'the text', key: 'text: ', value: record.text },
    { path: [index, 'link'], what: 'the link', key: 'link: ', value: record.link },
  ];
  if (Array.isArray(record.thread)) {
    record.thread.forEach((part, n) =>
      places.push({ path: [index, 'thread', n], what: 'this thread part', key: '- ', value: part }),
    );
  }
  if (Array.isArray(record.media)) {
    record.media.forEach((item, n) => {
      const alt = item && typeof item === 'object' ? (item as Record<string, unknown>).alt : undefined;
      places.push({ path: [index, 'media', n, 'alt'], what: 'the alt text', key: 'alt: ', value: alt });
    });
  }
  const variants = record.variants;
  if (variants && typeof variants === 'object' && !Array.isArray(variants)) {
    for (const [network, variant] of Object.entries(variants as Record<string, unknown>)) {
      if (!variant || typeof variant !== 'object') continue;
      const fields = variant as Record<string, unknown>;
      const at = [index, 'variants', network];
      places.push({ path: [...at, 'text'], what: `the ${network} text`, key: 'text: ', value: fields.text });
      if (Array.isArray(fields.thread))
        fields.thread.forEach((part, n) =>
          places.push({ path: [...at, 'thread', n], what: 'this thread part', key: '- ', value: part }),
        );
    }
  }
  const problems: Problem[] = [];
  for (const place of places) {
    const comment = source.hashtagComment(place.path);
    if (!comment) continue;
    const written = place.value === null || place.value === undefined ? '' : String(place.value);
    const meant = written === '' ? comment.text : `${written} ${comment.text}`;
    const quoted = JSON.stringify(meant);
    const noun = place.what.replace(/^(the|this) /, '');
    const fix =
      [...quoted].length <= MAX_SUGGESTION && secretIn(meant) === undefined
        ? `quote the ${noun} (${place.key}${quoted})`
        : `wrap the whole ${noun} in double quotes`;
    problems.push(
      schemaProblem(
        source.file,
        comment,
        `\`${shownValue(comment.text, 60)}\` ${comment.ownLine ? 'at the start of a line' : 'after a space'} starts a YAML comment, so it is not part of ${place.what}; ${fix}`,
        comment.ownLine
          ? 'A line that starts with "#" ends an unquoted text. If it really is a comment, put a space after the "#" ("# note").'
          : 'Quote text that contains " #". If it really is a comment, put a space after the "#" ("# note") or move it to its own line.',
      ),
    );
  }
  return problems;
}

function buildPost(
  account: string,
  source: YamlSource,
  index: number,
  position: Position,
  data: PostFile,
): CalendarPost {
  const fieldPositions = source.keyPositions([index]);
  (data.thread ?? []).forEach((_, part) => {
    fieldPositions[`thread.${part}`] = source.locate([index, 'thread', part]);
  });
  (data.media ?? []).forEach((_, item) => {
    fieldPositions[`media.${item}`] = source.locate([index, 'media', item, 'file']);
    fieldPositions[`media.${item}.file`] = source.locate([index, 'media', item, 'file']);
    fieldPositions[`media.${item}.alt`] = source.locate([index, 'media', item, 'alt']);
  });
  (data.channels ?? []).forEach((_, n) => {
    fieldPositions[`channels.${n}`] = source.locate([index, 'channels', n]);
  });
  for (const [network, variant] of Object.entries(data.variants ?? {})) {
    const at = [index, 'variants', network] as const;
    const prefix = `variants.${network}`;
    fieldPositions[prefix] = source.locate(at, { key: true });
    for (const [field, position] of Object.entries(source.keyPositions(at)))
      fieldPositions[`${prefix}.${field}`] = position;
    (variant.thread ?? []).forEach((_, part) => {
      fieldPositions[`${prefix}.thread.${part}`] = source.locate([...at, 'thread', part]);
    });
    (variant.media ?? []).forEach((_, item) => {
      fieldPositions[`${prefix}.media.${item}`] = source.locate([...at, 'media', item, 'file']);
      fieldPositions[`${prefix}.media.${item}.file`] = source.locate([...at, 'media', item, 'file']);
      fieldPositions[`${prefix}.media.${item}.alt`] = source.locate([...at, 'media', item, 'alt']);
    });
  }
  return {
    account,
    id: data.id,
    category: data.category,
    text: data.text,
    at: data.at,
    link: data.link,
    expires: data.expires,
    thread: data.thread ?? [],
    media: data.media ?? [],
    approvedBy: data.approved_by,
    author: data.author,
    lang: data.lang,
    ...(data.content_warning ? { contentWarning: data.content_warning } : {}),
    ...(data.channels ? { channels: data.channels } : {}),
    ...(data.variants ? { variants: data.variants } : {}),
    file: source.file,
    position,
    fieldPositions,
  };
}
