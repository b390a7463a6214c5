// mention-limit: a post part carries at most a few mentions, counted as the account's network counts them on the final text.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { listItems } from '../model/list.js';
import { reportPartsOverMax } from '../lint/parts.js';

export default defineRule({
  id: 'mention-limit',
  meta: {
    description: "@mentions per post part (unsolicited mass mentions are spam under X's automation rules).",
    defaultSeverity: 'error',
    defaultOptions: { max: 3 },
    optionsSchema: z.strictObject({ max: z.int().min(0) }).partial(),
    messages: {
      tooMany:
        '{{where}} has {{count}} @mentions ({{list}}); the limit is {{max}} per post. Mention fewer accounts.',
    },
    limits: { max_mentions: 'max' },
  },
  check(context) {
    reportPartsOverMax(
      context,
      (text) => text.mentions,
      (found) =>
        listItems(
          found.map((name) => `@${name}`),
          { separator: ' ' },
        ),
    );
  },
});
