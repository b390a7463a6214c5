// hashtag-limit: a post part carries at most a few hashtags, counted as X counts them on the final text.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { partLocation } from '../lint/parts.js';
import { hashtagsIn } from '../tracking/entities.js';

export default defineRule({
  id: 'hashtag-limit',
  meta: {
    description: 'Hashtags per post part, as X links them (more looks like spam; X advises 1-2).',
    defaultSeverity: 'warn',
    defaultOptions: { max: 2 },
    optionsSchema: z.strictObject({ max: z.int().min(0) }).partial(),
    messages: {
      tooMany:
        '{{where}} has {{count}} hashtags ({{list}}); the limit is {{max}} per post. Keep the most relevant ones.',
    },
    limits: { max_hashtags: 'max' },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      const options = context.options(entry.account.id);
      if (!options) continue;
      entry.rendered.parts.forEach((part, index) => {
        const found = hashtagsIn(part.text);
        if (found.length <= options.max) return;
        const { field, where } = partLocation(index);
        context.report({
          post: entry.post,
          field,
          messageId: 'tooMany',
          data: {
            where,
            count: found.length,
            max: options.max,
            list: found.map((name) => `#${name}`).join(' '),
          },
        });
      });
    }
  },
});
