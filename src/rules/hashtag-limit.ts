// hashtag-limit: a post part carries at most a few hashtags, counted as X counts them on the final text.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { reportPartsOverMax } from '../lint/parts.js';
import { listItems } from '../model/list.js';
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
    reportPartsOverMax(context, hashtagsIn, (found) =>
      listItems(
        found.map((name) => `#${name}`),
        { separator: ' ' },
      ),
    );
  },
});
