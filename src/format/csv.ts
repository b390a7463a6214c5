// Every CSV Chorus writes goes through here: cells that a spreadsheet would run as a formula are defused.
import { stringify } from 'csv-stringify/sync';

/** What starts a formula in Excel, LibreOffice or Google Sheets (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number stays a number ("-12.50" is a refund, not a formula). */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell as safe to open in a spreadsheet: a text that starts with =, +, -, @, a tab or a carriage return
 * (and is not a plain number) gets a leading apostrophe, which spreadsheets show as text, never run.
 */
export function csvCell(value: string | number): string | number {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** CSV with a header row and Unix line ends, every cell defused with {@link csvCell}. */
export function formatCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return stringify(
    rows.map((row) => row.map(csvCell)),
    { header: true, columns: columns.map((c) => String(csvCell(c))), record_delimiter: 'unix' },
  );
}
