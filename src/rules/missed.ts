// missed: a post whose time, day or deal went by before it was published will never go out; lint says so
// as a warning, since time alone must never turn lint red.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'missed',
  meta: {
    description:
      'A post that time made impossible (not published, and its time beyond the late window, its date or its deal is past) is missed: it will not be sent.',
    defaultSeverity: 'warn',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    // It is about history by nature.
    judges: 'every',
    messages: {
      missed: 'Missed, will not be sent: {{reason}}. Give it a new `at` to send it, or remove it.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (!entry.missed) continue;
        context.report({
          post: entry.post,
          field: entry.post.at ? 'at' : undefined,
          messageId: 'missed',
          data: { reason: entry.missed.reason },
        });
      }
    }
  },
});
