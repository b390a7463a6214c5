// Formats the tracking-code list of `chorus codes` as a table, JSON or CSV (stable machine formats).
import { accountIdOf, channelOf, trackingNameOf, withChannel } from '../model/types.js';
import { formatCsv } from './csv.js';
import type { CodeFormat } from './formats.js';
import { escapeJsonControls, printableAll } from './printable.js';
import type { TimelineEntry } from '../schedule/timeline.js';
import { trackingCode } from '../tracking/code.js';

/** One line of `chorus codes`: what marketing needs to map a sale back to a post. */
export interface CodeRow {
  account: string;
  postId: string;
  category: string;
  /** Planned (or published) time, UTC ISO 8601; undefined while the post has no time. */
  plannedAt: string | undefined;
  /** The post's tracking code (see docs/tracking.md#tracking-codes). */
  code: string;
  /** Final URLs that carry tracking parameters; empty when the post has no tracked link. */
  urls: string[];
  /** Calendar file and line of the post. */
  file: string;
  line: number;
}

export { CODE_FORMATS, type CodeFormat } from './formats.js';

/** The rows of the listing, in timeline order (by time, unplaced last). */
export function codeRows(entries: readonly TimelineEntry[]): CodeRow[] {
  return entries.map((entry) => ({
    account: entry.account.id,
    postId: entry.post.id,
    category: entry.post.category,
    plannedAt: (entry.published?.at ?? entry.at)?.toISOString().replace(/\.000Z$/, 'Z'),
    code: trackingCode(trackingNameOf(entry.account), entry.post.id),
    urls: entry.rendered.trackedLinks ?? [],
    file: entry.post.file,
    line: entry.post.position.line,
  }));
}

/** JSON: an array of objects with the CodeRow fields; `plannedAt` is null when unplaced. */
export function formatCodesJson(rows: readonly CodeRow[]): string {
  return `${escapeJsonControls(
    JSON.stringify(
      rows.map(({ account, ...row }) => ({
        account: accountIdOf(account),
        ...withChannel(account),
        ...row,
        plannedAt: row.plannedAt ?? null,
      })),
      null,
      2,
    ),
  )}\n`;
}

// `channel` came later: last, so readers of the first columns by position keep working.
const CSV_COLUMNS = [
  'account',
  'post_id',
  'category',
  'planned_at',
  'code',
  'urls',
  'file',
  'line',
  'channel',
];

/** CSV with a header row; several URLs are separated by a space; an unplaced post has an empty planned_at. */
export function formatCodesCsv(rows: readonly CodeRow[]): string {
  return formatCsv(
    CSV_COLUMNS,
    rows.map((row) => [
      accountIdOf(row.account),
      row.postId,
      row.category,
      row.plannedAt ?? '',
      row.code,
      row.urls.join(' '),
      row.file,
      row.line,
      channelOf(row.account) ?? '',
    ]),
  );
}

/** A plain table for people; one line per post, several URLs on continuation lines. */
export function formatCodesTable(input: readonly CodeRow[]): string {
  const rows = printableAll(input);
  if (rows.length === 0) return 'No posts.\n';
  const header = ['ACCOUNT', 'POST', 'CATEGORY', 'PLANNED (UTC)', 'CODE', 'URL'];
  const lines = rows.flatMap((row) => {
    const first = [row.account, row.postId, row.category, row.plannedAt ?? '-', row.code, row.urls[0] ?? '-'];
    return [first, ...row.urls.slice(1).map((url) => ['', '', '', '', '', url])];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((cells) => cells[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[header, ...lines].map(render).join('\n')}\n`;
}

/** Format the listing. */
export function formatCodes(rows: readonly CodeRow[], format: CodeFormat): string {
  if (format === 'json') return formatCodesJson(rows);
  if (format === 'csv') return formatCodesCsv(rows);
  return formatCodesTable(rows);
}
