// max-length: every part of a post fits its network's limit, counted as the network counts it (through the
// platform's text rules) on the final text with tracked links.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'max-length',
  meta: {
    description:
      "Each post and thread part fits its network's length limit, counted as the network counts it (X: weighted length 280, links 23, CJK and emoji 2).",
    defaultSeverity: 'error',
    /** Without `max`, the network's own limit applies (the option may only lower it). */
    defaultOptions: {} as { max?: number },
    optionsSchema: z
      .strictObject({
        max: z.int().min(1).describe("Lowers the network's length limit (default: the network's own limit)"),
      })
      .partial(),
    messages: {
      tooLong: 'The text is {{length}} {{unit}} with its link; the limit is {{max}} ({{over}} over).',
      partTooLong: 'Thread part {{part}} is {{length}} {{unit}}; the limit is {{max}} ({{over}} over).',
    },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      const options = context.options(entry.account.id);
      if (!options) continue;
      const text = context.platform(entry.account).text;
      const networkMax = text.maxLength(entry.account);
      // A lower limit of the workspace's own applies; a higher one cannot: the network refuses the post.
      const max = options.max === undefined ? networkMax : Math.min(options.max, networkMax);
      entry.rendered.parts.forEach((part, index) => {
        if (part.length <= max) return;
        const data = {
          length: part.length,
          unit: text.lengthUnit,
          max,
          over: part.length - max,
          part: index + 1,
        };
        if (index === 0) context.report({ post: entry.post, field: 'text', messageId: 'tooLong', data });
        else
          context.report({ post: entry.post, field: `thread.${index - 1}`, messageId: 'partTooLong', data });
      });
    }
  },
});
