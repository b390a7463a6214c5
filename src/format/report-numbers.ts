// Numbers, money, shares and dates of the scorecard as people read them, in an account's locale
// (Intl.NumberFormat / DateTimeFormat): thousands separators, each currency's own decimals, local dates.

/** A locale Intl accepts: the account's `language` ("en", "ja", "de-CH"…), else English. */
export function reportLocale(language: string | undefined): string {
  if (!language) return 'en';
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** "–" for what cannot be said (no posts, no snapshot): never a misleading 0. */
export const NONE = '–';

/** A whole number with thousands separators: 13291 → "13,291" (en), "13.291" (de). */
export function formatCount(n: number | undefined, locale: string): string {
  if (n === undefined) return NONE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** A figure with at most `digits` decimals and no trailing zeros: 224.125 → "224.1", 38 → "38". */
export function formatDecimal(n: number | undefined, locale: string, digits = 1): string {
  if (n === undefined) return NONE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** A signed change: +425, −12, 0. */
export function formatChange(n: number | undefined, locale: string): string {
  if (n === undefined) return NONE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(n);
}

/** The usual number of decimals of a currency (JPY 0, USD 2, BHD 3); 2 for a code Intl does not know. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * An amount of money in the locale, with the currency's own decimals: USD 4676.38 → "$4,676.38" (en),
 * "4.676,38 $" (de); JPY 70723 → "￥70,723" (ja). `precise` keeps up to 4 decimals for unit prices.
 */
export function formatMoney(amount: number, currency: string, locale: string, precise = false): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: precise ? Math.max(digits, 4) : digits,
    }).format(amount);
  } catch {
    return `${currency} ${amount.toFixed(digits)}`;
  }
}

/** A share as a percentage: 0.75 → "75%" (en), "75 %" (de). */
export function formatPercent(share: number | undefined, locale: string): string {
  if (share === undefined) return NONE;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A local calendar date ("YYYY-MM-DD", already in the account's zone) as the locale writes it: "Dec 2, 2026". */
export function formatLocalDate(date: string, locale: string): string {
  const instant = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(instant);
}

/** A local date, short, for chart labels: "Nov 30" (en), "30.11." (de), "11/30" (ja). */
export function formatShortDate(date: string, locale: string): string {
  const instant = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(instant);
}

/** An instant in a time zone, date and time, with the zone's short name: "Jan 4, 2027, 12:00 PM UTC". */
export function formatInstant(iso: string, timeZone: string, locale: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
}

/** Amounts in several currencies, never added: "$4,676.38 · ￥70,723". */
export function formatMoneyList(
  amounts: readonly { currency: string; amount: number }[],
  locale: string,
  separator = ' · ',
): string {
  return amounts.length === 0
    ? NONE
    : amounts.map((m) => formatMoney(m.amount, m.currency, locale)).join(separator);
}
