// Placeholders of tracking parameter templates, and their expansion for one post.

/** Placeholders a `tracking.params` value may use. */
export const TRACKING_PLACEHOLDERS = ['account', 'category', 'id', 'date', 'platform', 'code'] as const;
export type TrackingPlaceholder = (typeof TRACKING_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Names of the `{…}` placeholders in a template, in order of appearance. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** Placeholders of `template` that are not in `known` (empty when the template is fine). */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return placeholdersIn(template).filter((name) => !known.includes(name));
}

/**
 * Replace each `{name}` with `values[name]`. Returns undefined when a placeholder has no value
 * (e.g. `{date}` of a post that has no time yet), so the caller can leave that parameter out.
 */
export function expandTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing = true;
      return whole;
    }
    return value;
  });
  return missing ? undefined : out;
}

/** Placeholders a feed text template (`templates:` in the account file) may use; see docs/tracking.md. */
export const FEED_PLACEHOLDERS = [
  'title',
  'price',
  'list_price',
  'discount',
  'savings',
  'currency',
  'sku',
  'url',
  'starts',
  'ends',
] as const;

/** An error message for a template with unknown placeholders, or undefined when it is fine. */
export function placeholderError(template: string, known: readonly string[]): string | undefined {
  const unknown = unknownPlaceholders(template, known);
  if (unknown.length === 0) return undefined;
  return `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; use ${known.map((k) => `{${k}}`).join(' ')}`;
}
