// hashtag-limit: a post part carries at most a few hashtags, counted as the account's network counts them on the final text.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { reportPartsOverMax } from '../lint/parts.js';
import { listItems } from '../model/list.js';

export default defineRule({
  id: 'hashtag-limit',
  meta: {
    description:
      "Hashtags per post part, as the account's network links them (more looks like spam; X advises 1-2).",
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
    reportPartsOverMax(
      context,
      (text) => text.hashtags,
      (found) =>
        listItems(
          found.map((name) => `#${name}`),
          { separator: ' ' },
        ),
    );
  },
});
