// Reads a discount feed (CSV or JSON) into validated rows, each with the line it came from. Pure.
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseWhen } from '../model/time.js';
import type { PostTime } from '../model/types.js';
import { parseHttpUrl } from '../tracking/url.js';
import { parseYamlSource } from '../workspace/yaml-source.js';

/** Formats `chorus import` reads; chosen from the file extension (.csv, .json). */
export type FeedFormat = 'csv' | 'json';

/** Columns (CSV header names, JSON keys) a feed row may have; others are ignored. */
export const FEED_COLUMNS = [
  'sku',
  'title',
  'price',
  'list_price',
  'currency',
  'url',
  'starts',
  'ends',
] as const;

/** One valid row of a feed. */
export interface FeedRow {
  /** 1-based line in the feed where the row starts (JSON: the line of the array item). */
  line: number;
  sku: string;
  title: string;
  price: number;
  listPrice: number;
  /** ISO 4217 code, upper case. */
  currency: string;
  url: string;
  starts: PostTime;
  ends: PostTime | undefined;
}

/** A row that could not be used, with the reason. */
export interface FeedProblem {
  line: number;
  reason: string;
}

export interface ParsedFeed {
  rows: FeedRow[];
  problems: FeedProblem[];
}

const empty = (value: unknown) => value === undefined || value === null || value === '';
const text = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value),
    z.string({ error: `${label} is missing` }).min(1, { error: `${label} is empty` }),
  );
const amount = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z
      .union(
        [
          z.number().finite(),
          z
            .string()
            .regex(/^\d+(\.\d+)?$/)
            .transform(Number),
        ],
        {
          error: (issue) =>
            empty(issue.input)
              ? `${label} is missing`
              : `${label} "${String(issue.input)}" is not an amount like 19.99`,
        },
      )
      .pipe(z.number().min(0, { error: `${label} must not be negative` })),
  );
const when = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.string({ error: `${label} is missing` }).transform((value, context) => {
      const parsed = parseWhen(value);
      if ('error' in parsed) {
        context.addIssue({ code: 'custom', message: `${label}: ${parsed.error}` });
        return z.NEVER;
      }
      return parsed;
    }),
  );

let currencies: Set<string> | undefined;
function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/** The documented row format (see docs/tracking.md#feed-format). */
export const feedRowSchema = z
  .object({
    sku: text('sku'),
    title: text('title'),
    price: amount('price'),
    list_price: amount('list_price'),
    currency: text('currency')
      .transform((value) => value.toUpperCase())
      .refine(isCurrency, {
        error: (issue) => `currency "${String(issue.input)}" is not an ISO 4217 code like EUR or USD`,
      }),
    url: text('url').refine((value) => parseHttpUrl(value) !== undefined, {
      error: (issue) => `url "${String(issue.input)}" is not an absolute http(s) URL`,
    }),
    starts: when('starts'),
    ends: z.preprocess((value) => (empty(value) ? undefined : value), when('ends').optional()),
  })
  .refine((row) => row.price <= row.list_price, {
    error: (issue) => {
      const row = issue.input as { price: number; list_price: number };
      return `price ${row.price} is higher than list_price ${row.list_price}`;
    },
  })
  .refine((row) => !row.ends || row.ends.date >= row.starts.date, {
    error: 'ends is before starts',
  });

/** Header names as feeds write them ("List Price", "list-price") → our column names ("list_price"). */
export function normaliseColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function validateRow(line: number, value: unknown, out: ParsedFeed): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.problems.push({ line, reason: 'a feed row is an object with sku, title, price, … fields' });
    return;
  }
  const normalised = Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseColumn(k), v]));
  const parsed = feedRowSchema.safeParse(normalised);
  if (!parsed.success) {
    out.problems.push({ line, reason: parsed.error.issues.map((issue) => issue.message).join('; ') });
    return;
  }
  const row = parsed.data;
  out.rows.push({
    line,
    sku: row.sku,
    title: row.title,
    price: row.price,
    listPrice: row.list_price,
    currency: row.currency,
    url: row.url,
    starts: row.starts,
    ends: row.ends,
  });
}

/** Line breaks inside a record (quoted multi-line fields), to go from its last line back to its first. */
const countNewlines = (text: string | undefined) => (text ? (text.match(/\n/g) ?? []).length : 0);

/** Parse a CSV feed: a header row, then one deal per record. Tolerates a BOM, CRLF and quoted multi-line fields. */
export function parseCsvFeed(source: string): ParsedFeed {
  const out: ParsedFeed = { rows: [], problems: [] };
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(source, {
      bom: true,
      columns: (header: string[]) => header.map(normaliseColumn),
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error, raw) => {
        if (error)
          out.problems.push({
            line: Number((error as { lines?: number }).lines ?? 1) - countNewlines(raw?.trim()),
            reason: csvReason(error.message),
          });
        return undefined;
      },
    }) as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    out.problems.push({ line: e.lines ?? 1, reason: csvReason(e.message ?? String(error)) });
    return out;
  }
  for (const { record, info } of records) {
    validateRow(info.lines - countNewlines(Object.values(record).join('')), record, out);
  }
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

function csvReason(message: string): string {
  return message.replace(/ on line \d+$/, '').replace(/ at line \d+$/, '');
}

/** The line of a JSON syntax error: from Node's message when it says, else from the YAML parser's JSON mode. */
function jsonErrorLine(body: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return body.slice(0, Number(position[1])).split('\n').length;
  const error = parseDocument(body, { schema: 'json' }).errors[0];
  return error?.linePos?.[0].line ?? 1;
}

/** Node's JSON message without the copy of the whole input that some versions append. */
function jsonReason(error: unknown): string {
  return (error as Error).message
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+[\s\S]*$/, '');
}

/** Parse a JSON feed: an array of row objects. Errors point at the line of the item. */
export function parseJsonFeed(source: string): ParsedFeed {
  const out: ParsedFeed = { rows: [], problems: [] };
  const body = source.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    out.problems.push({
      line: jsonErrorLine(body, (error as Error).message),
      reason: `not valid JSON: ${jsonReason(error)}`,
    });
    return out;
  }
  if (!Array.isArray(value)) {
    out.problems.push({ line: 1, reason: 'a JSON feed is an array of row objects: [{"sku": …}, …]' });
    return out;
  }
  // JSON is YAML: the YAML parser gives each item's line.
  const positions = parseYamlSource('feed.json', new TextEncoder().encode(body)).itemPositions();
  value.forEach((item, index) => validateRow(positions[index]?.line ?? 1, item, out));
  return out;
}

/** Parse a feed in the given format. */
export function parseFeed(source: string, format: FeedFormat): ParsedFeed {
  return format === 'csv' ? parseCsvFeed(source) : parseJsonFeed(source);
}
