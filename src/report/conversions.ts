// The shop's conversions export: a CSV with one row per tracking code (and optionally per day), parsed with
// csv-parse into typed rows; amounts are kept as integers of 1/10000 so totals add up exactly.

import { parse } from 'csv-parse/sync';

/** One row of the conversions CSV. */
export interface ConversionRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  code: string;
  orders: number;
  /** Revenue in 1/10000 of the currency unit (exact sums; 19.99 → 199900). */
  revenueMicros: number;
  /** ISO 4217 code, upper case. */
  currency: string;
  /** "YYYY-MM-DD" when the file has a date column. */
  date: string | undefined;
}

/** A row that cannot be used, located by line and column name. */
export interface ConversionProblem {
  line: number;
  column: string | undefined;
  message: string;
}

/** Scale of `revenueMicros`: 4 decimal places. */
export const REVENUE_SCALE = 10_000;

const REQUIRED = ['code', 'orders', 'revenue', 'currency'] as const;
const AMOUNT = /^-?\d+(\.\d{1,4})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Turn "19.99" into 199900 without floating-point rounding. */
function toMicros(text: string): number {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const value = Number(whole) * REVENUE_SCALE + Number(fraction.padEnd(4, '0'));
  return negative ? -value : value;
}

/**
 * Parse the conversions CSV: a header row naming at least `code,orders,revenue,currency` (any order, case
 * and surrounding spaces ignored; optional `date`, other columns ignored), then one row per code. Codes are
 * compared in lower case. Returns every usable row and every problem; the caller decides what a problem costs.
 */
export function parseConversions(text: string): { rows: ConversionRow[]; problems: ConversionProblem[] } {
  const problems: ConversionProblem[] = [];
  let records: { record: string[]; line: number }[];
  try {
    const parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return {
      rows: [],
      problems: [
        { line: e.lines ?? 1, column: undefined, message: `not valid CSV: ${e.message ?? String(error)}` },
      ],
    };
  }
  const header = records.shift();
  if (!header)
    return {
      rows: [],
      problems: [
        {
          line: 1,
          column: undefined,
          message: 'the file is empty; expected a header row code,orders,revenue,currency',
        },
      ],
    };
  const names = header.record.map((name) => name.toLowerCase());
  const index = new Map(names.map((name, i) => [name, i]));
  const absent = REQUIRED.filter((name) => !index.has(name));
  if (absent.length > 0) {
    return {
      rows: [],
      problems: [
        {
          line: header.line,
          column: undefined,
          message: `the header has no ${absent.join(', ')} column${absent.length > 1 ? 's' : ''}; expected code,orders,revenue,currency (date optional)`,
        },
      ],
    };
  }
  const rows: ConversionRow[] = [];
  const dateAt = index.get('date');
  for (const { record, line } of records) {
    const cell = (name: string) => record[index.get(name)!] ?? '';
    const bad = (column: string, message: string) => {
      problems.push({ line, column, message });
    };
    const code = cell('code').toLowerCase();
    const orders = cell('orders');
    const revenue = cell('revenue');
    const currency = cell('currency').toUpperCase();
    const date = dateAt === undefined ? undefined : (record[dateAt] ?? '');
    const before = problems.length;
    if (code === '') bad('code', 'the code is empty');
    if (!/^\d+$/.test(orders)) bad('orders', `orders should be a whole number, not "${orders}"`);
    if (!AMOUNT.test(revenue)) {
      bad(
        'revenue',
        `revenue should be a plain number like 129.90 (dot for decimals, no currency sign), not "${revenue}"`,
      );
    }
    if (!/^[A-Z]{3}$/.test(currency))
      bad('currency', `currency should be a three-letter ISO 4217 code like EUR, not "${currency}"`);
    if (date !== undefined && date !== '' && !DATE.test(date))
      bad('date', `date should be YYYY-MM-DD, not "${date}"`);
    if (problems.length > before) continue;
    rows.push({
      line,
      code,
      orders: Number(orders),
      revenueMicros: toMicros(revenue),
      currency,
      date: date === '' ? undefined : date,
    });
  }
  return { rows, problems };
}
