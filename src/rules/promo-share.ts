// promo-share: deals are rationed: in the days up to any deal, at most a share `max` of the posts are deals.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { promoShareBreaches } from '../lint/limits.js';

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
      const entries = (context.timeline.byAccount.get(account.id) ?? []).filter((e) => e.at);
      const posts = entries.map((e) => ({ at: e.at!.getTime(), deal: e.post.category === 'deals' }));
      for (const breach of promoShareBreaches(posts, promo)) {
        context.report({
          post: entries[breach.index]!.post,
          field: 'category',
          messageId: 'tooManyDeals',
          data: {
            deals: breach.deals,
            posts: breach.posts,
            days: promo.days,
            allowed: breach.allowed,
            percent: Math.round(promo.max * 100),
          },
        });
      }
    }
  },
});
