// max-posts-per-day: an account posts at most `max` times per day in its own time zone.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { dailyCapBreaches } from '../lint/limits.js';

export default defineRule({
  id: 'max-posts-per-day',
  meta: {
    description:
      "At most `max` posts per local day of the account's time zone (set it to the network's daily allowance, e.g. 50 for an unverified X account, or lower).",
    defaultSeverity: 'error',
    defaultOptions: { max: 5 },
    optionsSchema: z.strictObject({ max: z.int().min(1) }).partial(),
    messages: {
      tooMany: 'Post {{count}} on {{date}} ({{zone}}); the account allows {{max}} posts a day.',
    },
    limits: { max_posts_per_day: 'max' },
    schedulingConstraint: ({ max }) => ({ maxPostsPerDay: max }),
  },
  check(context) {
    for (const account of context.accounts()) {
      const { max } = context.options(account.id)!;
      const entries = (context.timeline.byAccount.get(account.id) ?? []).filter((e) => e.at);
      const posts = entries.map((e) => ({ at: e.at!.getTime(), deal: e.post.category === 'deals' }));
      for (const breach of dailyCapBreaches(posts, account.timezone, max)) {
        context.report({
          post: entries[breach.index]!.post,
          field: 'at',
          messageId: 'tooMany',
          data: { count: breach.count, date: breach.date, zone: account.timezone, max },
        });
      }
    }
  },
});
