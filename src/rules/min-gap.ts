// min-gap: posts of one account keep a minimum distance, so followers are not flooded.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { minGapBreaches } from '../lint/limits.js';

export default defineRule({
  id: 'min-gap',
  meta: {
    description: 'Keep a minimum gap between two posts of the same account.',
    defaultSeverity: 'error',
    defaultOptions: { minutes: 60 },
    optionsSchema: z.strictObject({ minutes: z.int().min(0) }).partial(),
    messages: {
      tooClose: 'Only {{gap}} min after "{{previous}}"; the account needs {{minutes}} min between posts.',
    },
    limits: { min_gap_minutes: 'minutes' },
    schedulingConstraint: ({ minutes }) => ({ minGapMinutes: minutes }),
  },
  check(context) {
    for (const account of context.accounts()) {
      const options = context.options(account.id)!;
      const entries = (context.timeline.byAccount.get(account.id) ?? []).filter((e) => e.at);
      const posts = entries.map((e) => ({ at: e.at!.getTime(), deal: e.post.category === 'deals' }));
      for (const breach of minGapBreaches(posts, options.minutes)) {
        // A post that went out late (a run after its slot) is history; the post after it keeps the gap from
        // where that one was planned, and publish waits for the gap when its late window allows (see
        // mayWaitForGap). A late run alone must not turn lint red, nor hold the next post back for good.
        const earlier = entries[breach.index - 1]!;
        const later = entries[breach.index]!;
        const planned = earlier.published?.planned;
        if (
          planned !== undefined &&
          !later.published &&
          later.at!.getTime() - planned.getTime() >= options.minutes * 60_000
        )
          continue;
        context.report({
          post: entries[breach.index]!.post,
          field: 'at',
          messageId: 'tooClose',
          data: {
            gap: Math.floor(breach.gapMs / 60_000),
            previous: entries[breach.index - 1]!.post.id,
            minutes: options.minutes,
          },
        });
      }
    }
  },
});
