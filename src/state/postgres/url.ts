// The PostgreSQL state's connection URL: checked, and shown only without its password (pure).

/** The URL with its password (and any `password=` query parameter) replaced by `***`, for every message. */
export function redactStateUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: show only its scheme-looking start, never what could be a password.
    return `${url.slice(0, url.indexOf(':') + 1 || 0)}//***`;
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}

/** The secret parts of a state URL (the password, in raw and decoded form), for redaction of any text. */
export function stateUrlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const secrets = [parsed.password];
    for (const [key, value] of parsed.searchParams) if (/pass|secret|key/i.test(key)) secrets.push(value);
    const out: string[] = [];
    for (const value of secrets) {
      if (value === '') continue;
      out.push(value);
      try {
        out.push(decodeURIComponent(value));
      } catch {
        // A bad escape: the raw form is enough.
      }
    }
    return out;
  } catch {
    return [url];
  }
}

/** Why a state URL cannot be used (not postgres:// or postgresql://, no host), or undefined. */
export function stateUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `starts with "${parsed.protocol}//", not postgres://`;
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) return 'names no host';
  return undefined;
}
