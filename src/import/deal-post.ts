// Turns one feed row into a deal post: a stable id, text from the account's template, prices in its language.
import type { Account, PostTime } from '../model/types.js';
import { expandTemplate } from '../model/placeholders.js';
import type { PostFields } from '../workspace/calendar-edit.js';
import type { FeedRow } from './feed.js';

/** Template used when `--template` is not given. */
export const DEFAULT_TEMPLATE_NAME = 'deal';

/** Text used when the account defines no `deal` template (documented in docs/tracking.md). */
export const BUILT_IN_DEAL_TEMPLATE = '{title}: {price} instead of {list_price} (-{discount})';

/** Longest post id (ids are at most 100 characters). */
const MAX_ID_LENGTH = 100;

/** "AB 12/x" → "ab-12-x": lower-case letters and digits joined by single hyphens. */
export function slug(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The post id of a feed row: `deal-<slug of sku>-<starts date>`, e.g. `deal-ab-123-2026-11-23`.
 * It depends only on the sku and the start date, so re-importing finds the same post and a changed
 * price or title updates it; a new start date is a new deal, hence a new post. Undefined when the
 * sku has no letter or digit.
 */
export function dealPostId(row: Pick<FeedRow, 'sku' | 'starts'>): string | undefined {
  const sku = slug(row.sku);
  if (sku === '') return undefined;
  const suffix = `-${row.starts.date}`;
  return `deal-${sku.slice(0, MAX_ID_LENGTH - 'deal-'.length - suffix.length).replace(/-+$/, '')}${suffix}`;
}

// Intl formatters are costly to build (about 1 ms each); a feed reuses a handful of them.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

function money(amount: number, currency: string, language: string): string {
  return cached(
    `money|${language}|${currency}`,
    () => new Intl.NumberFormat(language, { style: 'currency', currency }),
  ).format(amount);
}

function displayDate(when: PostTime, account: Account): string {
  const timeZone = when.kind === 'date' ? 'UTC' : account.timezone;
  const format = cached(
    `date|${account.language}|${timeZone}`,
    () => new Intl.DateTimeFormat(account.language, { dateStyle: 'medium', timeZone }),
  );
  if (when.kind === 'date') return format.format(new Date(`${when.date}T12:00:00Z`));
  const iso = `${when.date}T${when.time.length === 5 ? `${when.time}:00` : when.time}${when.offset ?? 'Z'}`;
  // Without an offset the time is local to the account: its date is the written date.
  return when.offset
    ? format.format(new Date(iso))
    : displayDate({ kind: 'date', date: when.date, raw: when.raw }, account);
}

/** Values of the feed placeholders for a row, formatted for the account's language. */
export function dealValues(row: FeedRow, account: Account): Record<string, string> {
  const discount = row.listPrice > 0 ? 1 - row.price / row.listPrice : 0;
  return {
    title: row.title,
    price: money(row.price, row.currency, account.language),
    list_price: money(row.listPrice, row.currency, account.language),
    discount: cached(
      `percent|${account.language}`,
      () => new Intl.NumberFormat(account.language, { style: 'percent', maximumFractionDigits: 0 }),
    ).format(discount),
    savings: money(row.listPrice - row.price, row.currency, account.language),
    currency: row.currency,
    sku: row.sku,
    url: row.url,
    starts: displayDate(row.starts, account),
    ends: row.ends ? displayDate(row.ends, account) : '',
  };
}

/**
 * The fields of the deal post for `row`, in the order they are written to the calendar. `expires`
 * defaults to the row's `ends`; an open-ended row gets one from the import (its text keeps `{ends}` empty).
 */
export function dealPostFields(
  row: FeedRow,
  account: Account,
  template: string,
  id: string,
  expires: PostTime | undefined = row.ends,
): PostFields {
  const text = expandTemplate(template, dealValues(row, account)) ?? template;
  return {
    id,
    category: 'deals',
    text,
    at: row.starts.raw.trim(),
    ...(expires ? { expires: expires.raw.trim() } : {}),
    link: row.url,
  };
}
