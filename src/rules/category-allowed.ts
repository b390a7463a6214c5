// category-allowed: an account only posts the categories it is for (a news account does not run deals).
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'category-allowed',
  meta: {
    description: "A post's category is one of its account's `categories`.",
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      notAllowed:
        'Account "{{account}}" does not post `{{category}}`; its categories are {{allowed}}. Change the category, move the post to another account, or add `{{category}}` to `categories` in {{accountFile}}.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      const allowed = new Set(account.categories);
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const { post } = entry;
        if (allowed.has(post.category)) continue;
        context.report({
          post,
          field: 'category',
          messageId: 'notAllowed',
          data: {
            account: account.accountId,
            category: post.category,
            allowed: account.categories.join(', '),
            accountFile: account.file,
          },
        });
      }
    }
  },
});
