// promo-share: deals are rationed: in the days up to any deal, at most a share `max` of the posts are deals.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { allowedDeals, promoWindowAllows, promoWindowMs } from '../schedule/constraints.js';

export default defineRule({
  id: 'promo-share',
  meta: {
    description:
      'In the `days` days up to and including each deal, deals are at most floor(max × posts) of the posts (at least 1 unless max is 0).',
    defaultSeverity: 'error',
    defaultOptions: { max: 0.3, days: 7 },
    optionsSchema: z.strictObject({ max: z.number().min(0).max(1), days: z.int().min(1).max(366) }).partial(),
    messages: {
      tooManyDeals:
        '{{deals}} of the {{posts}} posts in the {{days}} days up to this deal are deals; at most {{allowed}} may be ({{percent}}%).',
    },
    limits: { promo_share: 'max' },
    schedulingConstraint: ({ max, days }) => ({ promoShare: { max, days } }),
  },
  check(context) {
    for (const account of context.accounts()) {
      const promo = context.options(account.id)!;
      const width = promoWindowMs(promo);
      const entries = (context.timeline.byAccount.get(account.id) ?? []).filter((e) => e.at);
      const times = entries.map((e) => e.at!.getTime());
      // Two pointers over posts and one running deal count: the window is (t − days, t].
      let start = 0;
      let end = 0;
      let dealsInWindow = 0;
      for (let i = 0; i < entries.length; i++) {
        const t = times[i]!;
        while (end < entries.length && times[end]! <= t) {
          if (entries[end]!.post.category === 'deals') dealsInWindow++;
          end++;
        }
        while (times[start]! <= t - width) {
          if (entries[start]!.post.category === 'deals') dealsInWindow--;
          start++;
        }
        if (entries[i]!.post.category !== 'deals') continue;
        const posts = end - start;
        if (!promoWindowAllows(promo, dealsInWindow, posts)) {
          context.report({
            post: entries[i]!.post,
            field: 'category',
            messageId: 'tooManyDeals',
            data: {
              deals: dealsInWindow,
              posts,
              days: promo.days,
              allowed: allowedDeals(promo.max, posts),
              percent: Math.round(promo.max * 100),
            },
          });
        }
      }
    }
  },
});
