// Control characters (terminal escapes, C1 controls, Unicode line separators) that workspace text must not hold.
/**
 * C0 controls except tab and newline, DEL, C1 controls (U+0080–U+009F, e.g. U+009B, a one-character CSI)
 * and the Unicode line and paragraph separators U+2028/U+2029. A terminal acts on them instead of showing
 * them (`ESC ]0;…` retitles the window, `ESC [2J` clears it), and X would receive them as post text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;
/** The same, also counting tab and newline: for one-line values such as links and feed cells. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARS_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'backspace',
  0x09: 'tab',
  0x0a: 'newline',
  0x0d: 'carriage return',
  0x1b: 'ESC, a terminal escape',
  0x7f: 'DEL',
  0x85: 'NEL, next line',
  0x9b: 'CSI, a terminal escape',
  0x9d: 'OSC, a terminal command',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
};

/** A control character found in a value: where (1-based character) and which (`U+001B (ESC, …)`). */
export interface ControlCharFound {
  /** 1-based position among the value's characters (code points). */
  at: number;
  /** `U+001B (ESC, a terminal escape)`. */
  name: string;
}

/** The first control character in `text` (tab and newline allowed unless `oneLine`), or undefined. */
export function controlCharIn(
  text: string,
  options: { oneLine?: boolean } = {},
): ControlCharFound | undefined {
  const pattern = options.oneLine ? CONTROL_CHARS_ONE_LINE : CONTROL_CHARS;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const kind =
    NAMES[code] ?? (code < 0x80 || code === 0x7f ? 'a control character' : 'a C1 control character');
  return { at: [...text.slice(0, match.index)].length + 1, name: `U+${hex} (${kind})` };
}

/** The message for a control character in a field (never the character itself). */
export function controlCharMessage(found: ControlCharFound): string {
  return `contains the control character ${found.name} at character ${found.at}; remove it (terminals act on such characters and X would get them as text)`;
}

/**
 * Arguments for zod's `.refine` that refuse control characters (see `CONTROL_CHARS`); a refinement keeps
 * the field's JSON Schema as it is: `z.string().refine(...noControlChars())`.
 */
export function noControlChars(options: { oneLine?: boolean } = {}) {
  return [
    (value: string) => controlCharIn(value, options) === undefined,
    {
      error: (issue: { input?: unknown }) => {
        const found = typeof issue.input === 'string' ? controlCharIn(issue.input, options) : undefined;
        return found ? controlCharMessage(found) : 'contains a control character; remove it';
      },
    },
  ] as const;
}
