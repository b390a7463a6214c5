// deal-link: a deal carries a link, so its clicks and revenue can be tracked (the point of promoting at all).
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { categorySchema } from '../model/fields.js';

export default defineRule({
  id: 'deal-link',
  meta: {
    description: 'Deals carry a link (`link:` or a URL in the text) so their revenue can be tracked.',
    defaultSeverity: 'error',
    defaultOptions: { categories: ['deals'] as string[] },
    optionsSchema: z.strictObject({ categories: z.array(categorySchema) }).partial(),
    messages: {
      missing:
        'This `{{category}}` post has no link, so its clicks and revenue cannot be tracked; add `link: https://…` (it gets a tracking code) or put an https:// URL in the text.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      const categories = new Set(context.options(account.id)!.categories);
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (!categories.has(entry.post.category)) continue;
        // rendered parts hold the appended `link` and the http(s) URLs written in each text.
        if (entry.rendered.parts.some((part) => part.links.length > 0)) continue;
        context.report({ post: entry.post, messageId: 'missing', data: { category: entry.post.category } });
      }
    }
  },
});
