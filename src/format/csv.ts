// Every CSV Chorus writes goes through here: cells that a spreadsheet would run as a formula are defused,
// cells that a `;` or tab separator would split are quoted, and control characters never reach the file.
import { stringify } from 'csv-stringify/sync';

/** What starts a formula in Excel, LibreOffice or Google Sheets (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number stays a number ("-12.50" is a refund, not a formula). */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
/**
 * Control characters a cell must not carry: C0 other than tab and line feed (ESC starts terminal escapes,
 * CR splits a row in some readers, NUL ends strings), DEL, and C1 (0x9B is a one-byte ESC [).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/**
 * Characters that separate cells in some spreadsheet's CSV dialect: `,` (the standard), `;` (locales whose
 * decimal mark is a comma, e.g. German Excel) and tab. A cell holding one is always quoted, so no locale
 * splits it and no part after a separator can start a formula of its own.
 */
const SEPARATOR_LIKE = /[,;\t]/;
/**
 * A formula start right after a `;` or a tab inside a cell. A reader that splits at `;` (or tabs) but
 * reads a comma file honours no quote in the middle of its field, so the part after the separator is a
 * cell of its own there: it gets the apostrophe too. (`,` needs no such care: a comma reader honours quotes.)
 */
const FORMULA_AFTER_SEPARATOR = /([;\t][ ]*)(?=[=+\-@])/g;

/**
 * A cell as safe to open in a spreadsheet: control characters replaced by U+FFFD (visible, never run by
 * a terminal), then a text that starts with =, +, -, @, a tab or a carriage return (and is not a plain
 * number) gets a leading apostrophe, which spreadsheets show as text, never run; so does a formula start
 * after a `;` or tab inside the text (`…/1;=HYPERLINK(…)` becomes `…/1;'=HYPERLINK(…)`).
 */
export function csvCell(value: string | number): string | number {
  if (typeof value !== 'string') return value;
  const clean = value.replace(CONTROL, '\uFFFD').replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(clean) && !PLAIN_NUMBER.test(clean) ? `'${clean}` : clean;
}

/**
 * CSV with a header row and Unix line ends, every cell defused with {@link csvCell} and quoted when it
 * holds a separator of any common dialect (`,` `;` tab), a quote or a line break.
 */
export function formatCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return stringify(
    rows.map((row) => row.map(csvCell)),
    {
      header: true,
      columns: columns.map((c) => String(csvCell(c))),
      record_delimiter: 'unix',
      quoted_match: SEPARATOR_LIKE,
    },
  );
}
