// link-limit: a post part carries at most a few links (link-stuffed posts read as spam), counted as the account's network detects them.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { reportPartsOverMax } from '../lint/parts.js';

export default defineRule({
  id: 'link-limit',
  meta: {
    description:
      "Links per post part, as the account's network detects them (on X with or without https://), including the appended `link`.",
    defaultSeverity: 'warn',
    defaultOptions: { max: 2 },
    optionsSchema: z.strictObject({ max: z.int().min(0) }).partial(),
    messages: {
      // The links themselves are not quoted: a URL may carry a key, and they can be long.
      tooMany:
        '{{where}} has {{count}} links (the appended `link` included); the limit is {{max}} per post. Keep the one that matters.',
    },
    limits: { max_links: 'max' },
  },
  check(context) {
    reportPartsOverMax(context, (text) => text.links);
  },
});
