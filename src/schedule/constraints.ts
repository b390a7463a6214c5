// The scheduling constraints as plain data and pure predicates, shared by the lint rules and the planner so
// they never disagree. Which rules constrain the planner, and how, is declared by the rules themselves
// (`meta.schedulingConstraint`); the pipeline turns each account's rule settings into AccountConstraints.
import type { Category } from '../model/types.js';

/** Local quiet hours, "HH:MM" each; `end` before `start` wraps midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** The promotion ration: at most `max` (0..1) of the posts in any `days` days may be deals. */
export interface PromoShare {
  max: number;
  days: number;
}

/** Everything the planner must respect for one account; a field is undefined when its rule is off. */
export interface AccountConstraints {
  minGapMinutes: number | undefined;
  maxPostsPerDay: number | undefined;
  maxPerCategoryPerDay: Partial<Record<Category, number>> | undefined;
  promoShare: PromoShare | undefined;
  quietHours: QuietHours | undefined;
  /** Whether posts must go out before their `expires`. */
  respectExpiry: boolean;
}

const DAY_MS = 86_400_000;

/** No constraint at all (every rule off): the start of every account's constraints. */
export const NO_CONSTRAINTS: AccountConstraints = {
  minGapMinutes: undefined,
  maxPostsPerDay: undefined,
  maxPerCategoryPerDay: undefined,
  promoShare: undefined,
  quietHours: undefined,
  respectExpiry: false,
};

/** Whether a local time of day ("HH:MM") falls in the quiet hours: start inclusive, end exclusive. */
export function isQuietTime(localTime: string, quiet: QuietHours): boolean {
  const time = localTime.slice(0, 5);
  if (quiet.start === quiet.end) return false;
  if (quiet.start < quiet.end) return time >= quiet.start && time < quiet.end;
  return time >= quiet.start || time < quiet.end;
}

/** Whether two posts `gapMs` apart keep the minimum gap. */
export function keepsMinGap(gapMs: number, minutes: number): boolean {
  return gapMs >= minutes * 60_000;
}

/**
 * How many deals a promo window may hold when it holds `postsInWindow` posts in all:
 * floor(max × posts), but at least 1 (so a lone deal in a quiet week is fine) unless max is 0.
 */
export function allowedDeals(max: number, postsInWindow: number): number {
  if (max <= 0) return 0;
  // The small epsilon keeps 0.3 × 10 at 3 despite binary floating point.
  return Math.max(1, Math.floor(max * postsInWindow + 1e-9));
}

/** Length of a promo window in milliseconds. */
export function promoWindowMs(promo: PromoShare): number {
  return promo.days * DAY_MS;
}

/**
 * Whether the window ending at a deal (the `days` days up to and including it, i.e. (t − days, t])
 * keeps the promo share: `deals` (including that deal) ≤ allowedDeals(max, `posts`).
 */
export function promoWindowAllows(promo: PromoShare, deals: number, posts: number): boolean {
  return deals <= allowedDeals(promo.max, posts);
}

/** Whether a post at `at` is in time for its expiry (strictly before it). */
export function beforeExpiry(at: number, expiresAt: number): boolean {
  return at < expiresAt;
}

/** Whether a day with `count` posts already can take one more. */
export function dayHasRoom(count: number, max: number): boolean {
  return count < max;
}

/** Index of the first element of sorted `values` that is > `value` (upper bound). */
export function upperBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted `values` that is ≥ `value` (lower bound). */
export function lowerBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
