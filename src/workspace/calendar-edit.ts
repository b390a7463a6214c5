// Edits a calendar file's text in place: inserts or replaces one post, leaving every other byte as it was.
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** What happened to the post. */
export type EditAction = 'added' | 'updated' | 'unchanged';

/** A post as it is written in YAML (snake_case keys, as in the file format). */
export type PostFields = Record<string, unknown> & { id: string };

function serialiseMap(fields: PostFields, indent: string, newline: string): string {
  const body = new Document(fields).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return body.split('\n').join(`${newline}${indent}`);
}

function itemIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return ' '.repeat(offset - lineStart);
}

/**
 * Insert `fields` as a new post at the end of the calendar, or replace the post with the same id.
 * Only the bytes of that one post change; comments, order, quoting and blank lines elsewhere are kept.
 * Throws when the text is not a calendar (not a list of posts) or does not parse.
 */
export function upsertPost(text: string, fields: PostFields): { text: string; action: EditAction } {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0)
    throw new Error(`the file does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    const prefix = text.length === 0 || text.endsWith('\n') ? text : `${text}${newline}`;
    return { text: `${prefix}- ${serialiseMap(fields, '  ', newline)}${newline}`, action: 'added' };
  }
  if (!isSeq(root)) throw new Error('a calendar file must be a list of posts');

  const existing = root.items.find((item) => isMap(item) && String(item.get('id')) === String(fields.id)) as
    YAMLMap | undefined;
  if (existing?.range) {
    const [start, valueEnd] = existing.range;
    const current = (existing.toJSON() ?? {}) as Record<string, unknown>;
    if (JSON.stringify(current) === JSON.stringify(fields)) return { text, action: 'unchanged' };
    const indent = itemIndent(text, start);
    // valueEnd excludes a trailing comment and the line break, which stay where they are.
    let end = valueEnd;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    const replacement = serialiseMap(fields, indent, newline);
    return { text: text.slice(0, start) + replacement + text.slice(end), action: 'updated' };
  }

  if (root.flow) throw new Error('the calendar is a flow list ([…]); write it as a block list to add posts');
  const first = root.items[0];
  let dashIndent = '';
  let itemOffset = '  ';
  if (first && isMap(first) && first.range) {
    const start = first.range[0];
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const prefix = text.slice(lineStart, start);
    const dash = prefix.indexOf('-');
    dashIndent = dash >= 0 ? prefix.slice(0, dash) : '';
    itemOffset = ' '.repeat(Math.max(2, prefix.length - dashIndent.length));
  }
  const base = text.length === 0 || text.endsWith('\n') ? text : `${text}${newline}`;
  const body = serialiseMap(fields, dashIndent + itemOffset, newline);
  return { text: `${base}${dashIndent}-${itemOffset.slice(1)}${body}${newline}`, action: 'added' };
}

/**
 * Insert or replace many posts in one pass (one parse, however many posts): the batch form of
 * `upsertPost`, with the same guarantees, for imports of hundreds of rows. Ids in `list` must be
 * distinct. Returns the new text and one action per entry of `list`, in order.
 */
export function upsertPosts(
  text: string,
  list: readonly PostFields[],
): { text: string; actions: EditAction[] } {
  if (new Set(list.map((fields) => String(fields.id))).size !== list.length)
    throw new Error('upsertPosts needs distinct post ids');
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0)
    throw new Error(`the file does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  const empty = root === null || (isScalar(root) && (root.value === null || root.value === ''));
  if (!empty && !isSeq(root)) throw new Error('a calendar file must be a list of posts');

  const byId = new Map<string, YAMLMap>();
  if (isSeq(root)) {
    for (const item of root.items) if (isMap(item) && item.range) byId.set(String(item.get('id')), item);
  }
  const actions: EditAction[] = [];
  const replacements: { start: number; end: number; text: string }[] = [];
  const additions: PostFields[] = [];
  for (const fields of list) {
    const existing = byId.get(String(fields.id));
    if (!existing?.range) {
      additions.push(fields);
      actions.push('added');
      continue;
    }
    const current = (existing.toJSON() ?? {}) as Record<string, unknown>;
    if (JSON.stringify(current) === JSON.stringify(fields)) {
      actions.push('unchanged');
      continue;
    }
    const [start, valueEnd] = existing.range;
    let end = valueEnd;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    replacements.push({ start, end, text: serialiseMap(fields, itemIndent(text, start), newline) });
    actions.push('updated');
  }
  let out = text;
  for (const r of replacements.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, r.start) + r.text + out.slice(r.end);
  }
  if (additions.length === 0) return { text: out, actions };
  if (isSeq(root) && root.flow)
    throw new Error('the calendar is a flow list ([…]); write it as a block list to add posts');

  let dashIndent = '';
  let itemOffset = '  ';
  const first = isSeq(root) ? root.items[0] : undefined;
  if (first && isMap(first) && first.range) {
    const start = first.range[0];
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const prefix = text.slice(lineStart, start);
    const dash = prefix.indexOf('-');
    dashIndent = dash >= 0 ? prefix.slice(0, dash) : '';
    itemOffset = ' '.repeat(Math.max(2, prefix.length - dashIndent.length));
  }
  const block = additions
    .map(
      (fields) =>
        `${dashIndent}-${itemOffset.slice(1)}${serialiseMap(fields, dashIndent + itemOffset, newline)}${newline}`,
    )
    .join('');
  const base = out.length === 0 || out.endsWith('\n') ? out : `${out}${newline}`;
  return { text: `${base}${block}`, actions };
}
