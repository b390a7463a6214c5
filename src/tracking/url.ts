// Adds tracking parameters to a URL with the WHATWG URL parser: idempotent, keeps what is there.

/**
 * Whether `host` is one of `domains` or a subdomain of one. Hosts compare case-insensitively;
 * `domains` may be written as "shop.example.com", "Shop.Example.com." or even "https://shop.example.com/".
 */
export function hostMatches(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((domain) => {
    const d = normaliseDomain(domain);
    return d !== '' && (h === d || h.endsWith(`.${d}`));
  });
}

/** "https://Shop.Example.com/x" → "shop.example.com"; "shop.example.com" → itself. */
export function normaliseDomain(domain: string): string {
  const trimmed = domain.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    return url.hostname.replace(/\.$/, '');
  } catch {
    return trimmed.toLowerCase();
  }
}

/** The http(s) URL in `text`, or undefined when it is not one. */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `url` with `params` added to its query. Rules:
 * - only http(s) URLs are touched, and, when `domains` is given, only hosts in it (subdomains included);
 * - existing parameters keep their order and bytes, the fragment is kept;
 * - a parameter already present is never added again: the existing value wins;
 * - when nothing is added the input string is returned unchanged, so adding twice gives the same URL.
 */
export function addTracking(
  url: string,
  params: Readonly<Record<string, string>> | readonly (readonly [string, string])[],
  options: { domains?: readonly string[] } = {},
): string {
  const parsed = parseHttpUrl(url);
  if (!parsed) return url;
  if (options.domains && !hostMatches(parsed.hostname, options.domains)) return url;
  const entries = Array.isArray(params) ? params : Object.entries(params);
  const added = new URLSearchParams();
  for (const [key, value] of entries as (readonly [string, string])[]) {
    if (key === '' || parsed.searchParams.has(key) || added.has(key)) continue;
    added.append(key, value);
  }
  if (added.size === 0) return url;
  // Append to the serialised query rather than rewriting it, so existing parameters keep their exact bytes.
  // The setter strips one leading "?", so it is given one: a query that itself starts with "?" survives.
  const existing = parsed.search.slice(1);
  parsed.search = `?${existing === '' ? '' : `${existing}&`}${added.toString()}`;
  return parsed.href;
}
