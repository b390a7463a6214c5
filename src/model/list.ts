// Bounded lists and values in messages: a message names a few items and says how many more there are,
// so one post with thousands of hashtags cannot make a multi-megabyte warning.

/** How many items a message lists before "…and N more". */
export const MAX_LISTED_ITEMS = 10;
/** The longest single value a message quotes, in characters. */
export const MAX_QUOTED_CHARS = 200;

/** `text` cut to `max` characters with an ellipsis (code points, so no emoji is split). */
export function shorten(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** "a, b, c" or "a, b, …and 4,312 more": at most `max` items, each shortened. */
export function listItems(
  items: readonly string[],
  options: { separator?: string; max?: number } = {},
): string {
  const separator = options.separator ?? ', ';
  const max = options.max ?? MAX_LISTED_ITEMS;
  const shown = items.slice(0, max).map((item) => shorten(item, 80));
  const rest = items.length - shown.length;
  if (rest <= 0) return shown.join(separator);
  return `${shown.join(separator)}${separator}…and ${rest.toLocaleString('en-US')} more`;
}
