// no-free-slot: a queued post the planner could not place is reported, never silently dropped.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'no-free-slot',
  meta: {
    description:
      'Every queued post gets a slot within the planning horizon (a date-only post: on its day) without breaking a rule.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      noFreeSlot: 'No free slot until {{until}} (horizon {{days}} days): {{reason}}.',
      noFreeSlotOnDate: 'No free slot on {{date}}: {{reason}}.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const unplaced = entry.unplaced;
        // A post that time made impossible is `missed`'s business.
        if (entry.at || !unplaced || unplaced.missed) continue;
        if (unplaced.date !== undefined) {
          context.report({
            post: entry.post,
            field: 'at',
            messageId: 'noFreeSlotOnDate',
            data: { date: unplaced.date, reason: unplaced.reason },
          });
        } else {
          context.report({
            post: entry.post,
            messageId: 'noFreeSlot',
            data: { until: unplaced.until, days: unplaced.horizonDays, reason: unplaced.reason },
          });
        }
      }
    }
  },
});
