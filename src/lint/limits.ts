// The anti-spam limits as pure walks over one account's time-sorted posts, shared by the lint rules
// (max-posts-per-day, min-gap, promo-share) and the scorecard, so lint and report can never disagree.
import { localDate } from '../model/time.js';
import {
  allowedDeals,
  dayHasRoom,
  keepsMinGap,
  promoWindowAllows,
  promoWindowMs,
  type PromoShare,
} from '../schedule/constraints.js';

/** One post of an account as the limits see it: when it goes (or went) out and whether it is a deal. */
export interface LimitPost {
  /** Epoch milliseconds. */
  at: number;
  deal: boolean;
}

/** A post that went over the daily cap: the `count`th post of its local `date`. */
export interface DailyCapBreach {
  index: number;
  date: string;
  count: number;
}

/**
 * Every post past the `max`th of its local day in `timezone` (posts sorted by time). The same walk as the
 * max-posts-per-day rule: a day with max + 2 posts yields two breaches.
 */
export function dailyCapBreaches(
  posts: readonly LimitPost[],
  timezone: string,
  max: number,
): DailyCapBreach[] {
  const breaches: DailyCapBreach[] = [];
  const perDay = new Map<string, number>();
  posts.forEach((post, index) => {
    const date = localDate(new Date(post.at), timezone);
    const count = perDay.get(date) ?? 0;
    perDay.set(date, count + 1);
    if (!dayHasRoom(count, max)) breaches.push({ index, date, count: count + 1 });
  });
  return breaches;
}

/** A post closer than the minimum gap to the one before it (`index - 1`). */
export interface MinGapBreach {
  index: number;
  gapMs: number;
}

/** Every post that follows the previous one by less than `minutes` (posts sorted by time). */
export function minGapBreaches(posts: readonly LimitPost[], minutes: number): MinGapBreach[] {
  const breaches: MinGapBreach[] = [];
  for (let index = 1; index < posts.length; index++) {
    const gapMs = posts[index]!.at - posts[index - 1]!.at;
    if (!keepsMinGap(gapMs, minutes)) breaches.push({ index, gapMs });
  }
  return breaches;
}

/** A deal whose window (the `days` days up to and including it) holds more deals than allowed. */
export interface PromoShareBreach {
  index: number;
  deals: number;
  posts: number;
  allowed: number;
}

/**
 * Every deal that breaks the promo ration (posts sorted by time): in the window (t − days, t], deals ≤
 * floor(max × posts), at least 1 unless max is 0. Two pointers and one running count: linear.
 */
export function promoShareBreaches(posts: readonly LimitPost[], promo: PromoShare): PromoShareBreach[] {
  const breaches: PromoShareBreach[] = [];
  const width = promoWindowMs(promo);
  let start = 0;
  let end = 0;
  let deals = 0;
  for (let index = 0; index < posts.length; index++) {
    const t = posts[index]!.at;
    // Posts at the same instant as this one are in its window too.
    while (end < posts.length && posts[end]!.at <= t) {
      if (posts[end]!.deal) deals++;
      end++;
    }
    while (posts[start]!.at <= t - width) {
      if (posts[start]!.deal) deals--;
      start++;
    }
    if (!posts[index]!.deal) continue;
    const count = end - start;
    if (!promoWindowAllows(promo, deals, count)) {
      breaches.push({ index, deals, posts: count, allowed: allowedDeals(promo.max, count) });
    }
  }
  return breaches;
}
