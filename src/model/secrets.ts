// Recognises credential values (tokens, keys) written where only environment variable NAMES belong.

/** What an environment variable name looks like; credentials in files must be names like this. */
export const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Every credential variable named in a workspace file starts with this (see docs/security.md). */
export const CREDENTIAL_PREFIX = 'CHORUS_';

/**
 * Chorus's own settings variables: never credentials (an endpoint or a database URL must not be sent as a
 * key). Besides these, every `CHORUS_…_URL` and `CHORUS_…_SERVERS` variable is a setting (a network's API
 * host, e.g. CHORUS_X_API_URL).
 */
export const CHORUS_SETTING_VARIABLES: readonly string[] = [
  'CHORUS_CACHE_SECRET',
  'CHORUS_ALLOWED_SERVERS',
  'CHORUS_STATE_URL',
];

/** Whether a variable is one of Chorus's settings (see CHORUS_SETTING_VARIABLES), never a credential. */
export function isChorusSetting(name: string): boolean {
  return (
    CHORUS_SETTING_VARIABLES.includes(name) ||
    (name.startsWith(CREDENTIAL_PREFIX) && (name.endsWith('_URL') || name.endsWith('_SERVERS')))
  );
}

/**
 * Whether a workspace file may name this environment variable as a credential: `CHORUS_` followed by
 * capitals, digits and `_`, and not one of Chorus's settings; with a role's `suffix`, the name also ends
 * with it (the name says the role). A committer can then at most make Chorus use another CHORUS_
 * credential of the same role, which only ever goes to that network, never AWS_SECRET_ACCESS_KEY or
 * NPM_TOKEN, and never a secret in the place of a key or token that is sent in clear.
 */
export function isAllowedCredentialName(name: string, suffix?: string): boolean {
  return (
    ENV_VAR_NAME.test(name) &&
    name.startsWith(CREDENTIAL_PREFIX) &&
    name.length > CREDENTIAL_PREFIX.length &&
    !isChorusSetting(name) &&
    (suffix === undefined ||
      (name.endsWith(suffix) && name.length > CREDENTIAL_PREFIX.length + suffix.length))
  );
}

/**
 * A value as safe to print in a message: redacted when it looks like a secret (a token pasted into the
 * wrong field), shortened when long (a message never carries kilobytes of input).
 */
export function shownValue(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : String(value);
  const kind = secretIn(text);
  if (kind) return `(value redacted: it looks like ${kind})`;
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/**
 * A value quoted for a message ("2026-13-01"), or the redaction notice without quotes when it looks like
 * a secret, so no message reads as if the notice were the value.
 */
export function quotedValue(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : String(value);
  return secretIn(text) ? shownValue(text, max) : `"${shownValue(text, max)}"`;
}

/** A kind of secret Chorus recognises, named for messages (never the value). */
export type SecretKind = 'an X access token' | 'an X bearer token' | 'a secret key';

// X user access tokens are "<user id>-<40 letters and digits>".
const ACCESS_TOKEN = /(?<![A-Za-z0-9])\d{2,20}-([A-Za-z0-9]{20,})/g;
// App-only bearer tokens start with a long run of A's, then URL-encoded base64 (…%2F…%3D…).
const BEARER_TOKEN = /A{20,}(?=[A-Za-z0-9%]*[a-z0-9%])[A-Za-z0-9%]{20,}/;
// Runs of characters keys are made of; a secret is one such run.
const KEY_RUN = /[A-Za-z0-9+/=_-]{20,}/g;
const SECRETISH_KEY = /key|secret|token|passw(or)?d|pwd|credential/i;

/** Whether a YAML key name says its value is a secret (`api_key`, `clientSecret`, `password`, …). */
export function isSecretKeyName(key: string): boolean {
  return SECRETISH_KEY.test(key);
}

/** The kind of X token written in `text`, if any (safe to run on post texts: these shapes are specific). */
export function tokenIn(text: string): SecretKind | undefined {
  for (const match of text.matchAll(ACCESS_TOKEN)) if (looksRandom(match[1]!)) return 'an X access token';
  if (BEARER_TOKEN.test(text)) return 'an X bearer token';
  return undefined;
}

type CharClass = 0 | 1 | 2 | 3;
function charClass(c: string): CharClass {
  if (c >= 'a' && c <= 'z') return 0;
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= '0' && c <= '9') return 2;
  return 3;
}

/**
 * Whether a run of 20+ key characters looks machine-generated: it mixes at least two of
 * lower case, upper case and digits, switches between them often (random base62 switches at about
 * 6 of 10 characters, `ACME2026OUTLETTOKEN` at 1 of 10), has about as many capitals as small
 * letters when it has both (CamelCase words have far fewer), and repeats few characters.
 */
export function looksRandom(run: string): boolean {
  const chars = [...run].filter((c) => charClass(c) !== 3);
  if (chars.length < 20) return false;
  const classes = new Set(chars.map(charClass));
  if (classes.size < 2) return false;
  let switches = 0;
  for (let i = 1; i < chars.length; i++) if (charClass(chars[i]!) !== charClass(chars[i - 1]!)) switches++;
  if (switches / (chars.length - 1) < 0.25) return false;
  // CamelCase words have few capitals; random mixed-case keys have about as many as small letters.
  if (classes.has(0) && classes.has(1)) {
    const upper = chars.filter((c) => charClass(c) === 1).length;
    const letters = chars.filter((c) => charClass(c) !== 2).length;
    if (upper / letters < 0.25 || upper / letters > 0.75) return false;
  }
  return new Set(chars).size >= Math.min(10, chars.length / 2);
}

/** Whether `value` holds a token or a secret key: what a credential VALUE looks like. */
export function secretIn(value: string): SecretKind | undefined {
  const token = tokenIn(value);
  if (token) return token;
  for (const match of value.matchAll(KEY_RUN)) if (looksRandom(match[0])) return 'a secret key';
  return undefined;
}
