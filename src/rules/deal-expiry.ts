// deal-expiry: a deal says when it ends, and no post goes out at or after its `expires`.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { toLocalIso } from '../model/time.js';
import { beforeExpiry } from '../schedule/constraints.js';

export default defineRule({
  id: 'deal-expiry',
  meta: {
    description: 'Deals need `expires`; a post scheduled at or after its `expires` is an error.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      missingExpires:
        'A deal needs `expires` (when the offer ends), so it is never posted after the offer ended.',
      afterExpiry: 'Scheduled at {{at}}, but the post expires at {{expires}}.',
    },
    schedulingConstraint: () => ({ respectExpiry: true }),
  },
  check(context) {
    for (const account of context.accounts()) {
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (entry.post.category === 'deals' && !entry.post.expires) {
          context.report({ post: entry.post, field: 'category', messageId: 'missingExpires' });
        }
        if (entry.at && entry.expiresAt && !beforeExpiry(entry.at.getTime(), entry.expiresAt.getTime())) {
          context.report({
            post: entry.post,
            field: 'expires',
            messageId: 'afterExpiry',
            data: {
              at: toLocalIso(entry.at, account.timezone),
              expires: toLocalIso(entry.expiresAt, account.timezone),
            },
          });
        }
      }
    }
  },
});
