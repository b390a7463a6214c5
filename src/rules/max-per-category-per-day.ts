// max-per-category-per-day: caps per category and local day, e.g. at most 3 deals a day.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { localDate } from '../model/time.js';
import { type Category, CATEGORIES } from '../model/types.js';
import { dayHasRoom } from '../schedule/constraints.js';

export default defineRule({
  id: 'max-per-category-per-day',
  meta: {
    description:
      'At most `limits[category]` posts of a category per local day (categories without a limit are free).',
    defaultSeverity: 'error',
    defaultOptions: { limits: { deals: 3 } as Partial<Record<Category, number>> },
    optionsSchema: z.strictObject({ limits: z.partialRecord(z.enum(CATEGORIES), z.int().min(0)) }).partial(),
    messages: {
      tooMany:
        'Post {{count}} of category {{category}} on {{date}} ({{zone}}); the account allows {{max}} a day.',
    },
    limits: { max_per_category_per_day: 'limits' },
    schedulingConstraint: ({ limits }) => ({ maxPerCategoryPerDay: limits }),
  },
  check(context) {
    for (const account of context.accounts()) {
      const { limits } = context.options(account.id)!;
      const counts = new Map<string, number>();
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const max = limits[entry.post.category];
        if (!entry.at || max === undefined) continue;
        const date = localDate(entry.at, account.timezone);
        const key = `${date}|${entry.post.category}`;
        const count = counts.get(key) ?? 0;
        counts.set(key, count + 1);
        if (!dayHasRoom(count, max)) {
          context.report({
            post: entry.post,
            field: 'at',
            messageId: 'tooMany',
            data: { count: count + 1, category: entry.post.category, date, zone: account.timezone, max },
          });
        }
      }
    }
  },
});
