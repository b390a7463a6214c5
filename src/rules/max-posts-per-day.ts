// max-posts-per-day: an account posts at most `max` times per day in its own time zone.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { localDate } from '../model/time.js';
import { dayHasRoom } from '../schedule/constraints.js';

export default defineRule({
  id: 'max-posts-per-day',
  meta: {
    description: "At most `max` posts per local day of the account's time zone.",
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
      const perDay = new Map<string, number>();
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (!entry.at) continue;
        const date = localDate(entry.at, account.timezone);
        const count = perDay.get(date) ?? 0;
        perDay.set(date, count + 1);
        if (!dayHasRoom(count, max)) {
          context.report({
            post: entry.post,
            field: 'at',
            messageId: 'tooMany',
            data: { count: count + 1, date, zone: account.timezone, max },
          });
        }
      }
    }
  },
});
