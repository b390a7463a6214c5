// Reads a discount feed (CSV or JSON) into validated rows, each with the line it came from. Pure.
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { controlCharIn, controlCharMessage } from '../model/control-chars.js';
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
    z
      .string({ error: `${label} is missing` })
      .min(1, { error: `${label} is empty` })
      // A feed value ends up in a post (and on a terminal): ESC, U+0085 or U+2028 in a title must not.
      .refine((value) => controlCharIn(value) === undefined, {
        error: (issue) => `${label} ${controlCharMessage(controlCharIn(String(issue.input))!)}`,
      }),
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

/** csv-parse errors after which the parser stays inside a quoted field and would swallow the following rows. */
const RUNAWAY_QUOTE_ERRORS = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);
/** Re-parses after runaway quotes, at most this many per feed (each is one more pass over the rest). */
const MAX_QUOTE_RECOVERIES = 100;

interface CsvPass {
  /** Rows and problems with lines of the whole feed. */
  feed: ParsedFeed;
  /** Feed line to parse again from (with the header in front), after a runaway quote. */
  resumeAt: number | undefined;
}

/** One pass of csv-parse over `source`, whose line 2 is feed line `firstLine`; stops using results at a runaway quote. */
function parseCsvPass(source: string, firstLine: number): CsvPass {
  const out: ParsedFeed = { rows: [], problems: [] };
  const toFeedLine = (line: number) => (line <= 1 ? line : line - 2 + firstLine);
  let runaway: { line: number; resumeAt: number } | undefined;
  const reported = new Set<number>();
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
        if (!error || runaway) return undefined;
        const code = (error as { code?: string }).code ?? '';
        const end = Number((error as { lines?: number }).lines ?? 1);
        // An unclosed quote runs to the end of the input, so its raw text says where it started; csv-parse's
        // line count inside quotes counts CRLF twice.
        const start =
          code === 'CSV_QUOTE_NOT_CLOSED' && raw && source.endsWith(raw)
            ? countNewlines(source.slice(0, source.length - raw.length)) + 1
            : end - countNewlines(raw?.trim());
        // One report per record: a record can trip several errors in a row.
        if (reported.has(start)) return undefined;
        reported.add(start);
        out.problems.push({ line: toFeedLine(start), reason: csvReason(error.message) });
        if (RUNAWAY_QUOTE_ERRORS.has(code)) {
          // The rest of the feed would be read as part of this record: one bad line must cost only itself.
          const resume = code === 'CSV_QUOTE_NOT_CLOSED' ? start + 1 : end + 1;
          runaway = { line: toFeedLine(start), resumeAt: toFeedLine(Math.max(resume, 2)) };
        }
        return undefined;
      },
    }) as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    out.problems.push({ line: toFeedLine(e.lines ?? 1), reason: csvReason(e.message ?? String(error)) });
    return { feed: out, resumeAt: undefined };
  }
  for (const { record, info } of records) {
    const line = toFeedLine(info.lines - countNewlines(Object.values(record).join('')));
    if (runaway && line >= runaway.line) continue;
    validateRow(line, record, out);
  }
  return { feed: out, resumeAt: runaway?.resumeAt };
}

/**
 * Parse a CSV feed: a header row, then one deal per record. Tolerates a BOM, CRLF and quoted multi-line
 * fields. Each bad record is reported once, at its first line; after a quote that never closes (which
 * would swallow the rest of the feed), parsing starts again on the next line.
 */
export function parseCsvFeed(source: string): ParsedFeed {
  const out: ParsedFeed = { rows: [], problems: [] };
  const lines = source.split('\n');
  const headerIndex = lines.findIndex((line) => line.replace(/^\uFEFF/, '').trim() !== '');
  let pass = parseCsvPass(source, 2);
  for (let recoveries = 0; ; recoveries++) {
    out.rows.push(...pass.feed.rows);
    out.problems.push(...pass.feed.problems);
    const resumeAt = pass.resumeAt;
    if (resumeAt === undefined || resumeAt > lines.length) break;
    if (recoveries === MAX_QUOTE_RECOVERIES) {
      out.problems.push({
        line: resumeAt,
        reason: `not read: more than ${MAX_QUOTE_RECOVERIES} rows with unbalanced quotes before this line`,
      });
      break;
    }
    pass = parseCsvPass(
      `${lines[Math.max(headerIndex, 0)]!}\n${lines.slice(resumeAt - 1).join('\n')}`,
      resumeAt,
    );
  }
  out.rows.sort((a, b) => a.line - b.line);
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

/** csv-parse's message without its own line numbers (ours are the feed's; its are off after a re-parse). */
function csvReason(message: string): string {
  return message.replace(/ (?:on|at) line \d+/g, '');
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
