// Workspace text made safe to print: control characters become visible placeholders a terminal never runs.
import { CONTROL_CHARS } from '../model/control-chars.js';

/** What a terminal would act on instead of showing (the characters post fields may not hold, see there). */
const CONTROL = new RegExp(CONTROL_CHARS.source, 'g');
/** The same characters as JSON leaves them in a string (JSON.stringify escapes only C0 itself). */
const JSON_RAW_CONTROL = /[\u007F-\u009F\u2028\u2029]/g;

/** The visible stand-in for one control character: its Control Picture (ESC → ␛, DEL → ␡), else U+FFFD. */
function placeholder(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\uFFFD';
}

/**
 * `text` with every control character replaced by a visible placeholder (`\x1b` → `␛`, `\r` → `␍`,
 * U+009B and U+2028 → `�`); tabs and newlines are kept. Every text formatter passes workspace text
 * (post texts, ids, file names, messages that quote them) through this before it reaches a terminal.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, placeholder);
}

/**
 * A copy of `value` with `printable` applied to every string in it (plain objects and arrays; other
 * objects such as Dates are kept as they are). For formatters that print many fields of a result.
 */
export function printableAll<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printableAll(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = printableAll(item);
    return out as T;
  }
  return value;
}

/**
 * JSON text with the control characters JSON.stringify leaves raw (DEL, C1, U+2028/U+2029) written as
 * `\uXXXX` escapes: the same JSON value, but nothing a terminal acts on when it is printed.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(
    JSON_RAW_CONTROL,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
