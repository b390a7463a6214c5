// Redaction of secret values (the credentials Chorus read from the environment) from every text it prints
// or writes: the one function applied at the edges (output, errors, ledger reasons, X's error texts).

/** Turns a text into one without any known secret value. */
export type Redact = (text: string) => string;

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Values shorter than this are not credentials worth hiding and would garble every message. */
const MIN_SECRET_LENGTH = 4;
/** Derived forms (encodings) shorter than this are not looked for: they would match too much by chance. */
const MIN_FORM_LENGTH = 8;

/** RFC 3986 percent-encoding, as OAuth 1.0a uses in the Authorization header and signature base string. */
function oauthEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The base64 text that a value contributes to any base64 stream containing it: the value's bytes from each
 * of the three possible group alignments, cut to whole 3-byte groups, so the form appears whatever comes
 * before it (at most two bytes at each end stay visible, never the whole value).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    if (whole <= 0) continue;
    const inner = bytes.subarray(skip, skip + whole);
    const standard = inner.toString('base64');
    forms.push(standard, standard.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}

/**
 * Every form in which a secret value may show up in a message: as is, URL-encoded (query strings, form
 * bodies, the OAuth header), JSON-escaped, and base64 (Basic auth, tokens in bodies).
 */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const derived = [
    encodeURIComponent(value),
    oauthEncode(value),
    encodeURIComponent(value).replaceAll('%20', '+'),
    JSON.stringify(value).slice(1, -1),
    ...base64Forms(value),
  ].filter((form) => form.length >= MIN_FORM_LENGTH);
  return [...new Set([value, ...derived])];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A redaction function for these secret values (case-sensitive, longest form first). */
export function makeRedactor(values: Iterable<string>): Redact {
  const forms = [...new Set([...values].flatMap(secretForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  // Percent-encodings are case-insensitive in their hex digits; catch %2f as well as %2F.
  const anyCase = (hex: string) => hex.replace(/[A-F]/g, (c) => `[${c}${c.toLowerCase()}]`);
  const encoded = forms.filter((form) => /%[0-9A-F]{2}/.test(form));
  const lower =
    encoded.length > 0
      ? new RegExp(encoded.map((form) => escapeRegExp(form).replace(/%[0-9A-F]{2}/g, anyCase)).join('|'), 'g')
      : undefined;
  return (text) => {
    let out = text.replace(pattern, REDACTED);
    if (lower) out = out.replace(lower, REDACTED);
    return out;
  };
}

/**
 * The secret values of one CLI run: commands add the credentials as they read them, and the CLI's output
 * (stdout, stderr, error messages) goes through `redact`.
 */
export class SecretSet {
  private readonly values = new Set<string>();
  private redactor: Redact = (text) => text;

  /** Remember these values (empty and undefined ones are ignored). */
  add(values: Iterable<string | undefined>): void {
    let changed = false;
    for (const value of values) {
      if (value && !this.values.has(value)) {
        this.values.add(value);
        changed = true;
      }
    }
    if (changed) this.redactor = makeRedactor(this.values);
  }

  /** The text without any remembered value, in any of its forms. */
  readonly redact: Redact = (text) => this.redactor(text);
}
