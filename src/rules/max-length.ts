// max-length: every part of a post fits X's limit, counted on the final text with tracked links.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { MAX_WEIGHTED_LENGTH } from '../tracking/length.js';

export default defineRule({
  id: 'max-length',
  meta: {
    description:
      "Each post and thread part fits X's weighted length limit (280; links count 23, CJK and emoji 2).",
    defaultSeverity: 'error',
    defaultOptions: { max: MAX_WEIGHTED_LENGTH },
    optionsSchema: z.strictObject({ max: z.int().min(1).max(MAX_WEIGHTED_LENGTH) }).partial(),
    messages: {
      tooLong:
        'The text is {{length}} weighted characters with its link; the limit is {{max}} ({{over}} over).',
      partTooLong:
        'Thread part {{part}} is {{length}} weighted characters; the limit is {{max}} ({{over}} over).',
    },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      const options = context.options(entry.account.id);
      if (!options) continue;
      entry.rendered.parts.forEach((part, index) => {
        if (part.weightedLength <= options.max) return;
        const data = {
          length: part.weightedLength,
          max: options.max,
          over: part.weightedLength - options.max,
          part: index + 1,
        };
        if (index === 0) context.report({ post: entry.post, field: 'text', messageId: 'tooLong', data });
        else
          context.report({ post: entry.post, field: `thread.${index - 1}`, messageId: 'partTooLong', data });
      });
    }
  },
});
