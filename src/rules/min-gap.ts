// min-gap: posts of one account keep a minimum distance, so followers are not flooded.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { keepsMinGap } from '../schedule/constraints.js';

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
      let previous: { at: Date; id: string } | undefined;
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (!entry.at) continue;
        if (previous) {
          const gapMs = entry.at.getTime() - previous.at.getTime();
          if (!keepsMinGap(gapMs, options.minutes)) {
            const gap = Math.floor(gapMs / 60_000);
            context.report({
              post: entry.post,
              field: 'at',
              messageId: 'tooClose',
              data: { gap, previous: previous.id, minutes: options.minutes },
            });
          }
        }
        previous = { at: entry.at, id: entry.post.id };
      }
    }
  },
});
