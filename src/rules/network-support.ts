// network-support: a post asks only for what its network can do: no thread where the network has none
// (Weibo's statuses/share posts one text), no more images than it takes on one post (Weibo: one).
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'network-support',
  meta: {
    description:
      'A post asks only for what its network can do: a thread only where the network has threads, no more images than it takes (Weibo: no threads, one image).',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      noThreads:
        '{{network}} has no threads, so this {{parts}}-part thread cannot be posted; make each part a post of its own, or fold it into one text.',
      tooManyImages:
        '{{network}} takes at most {{max}} image(s) on a post; this one has {{count}}: keep {{max}}.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      const platform = context.platform(account);
      const { threads, media } = platform.text;
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const thread = entry.post.thread;
        if (!threads && thread.length > 0) {
          context.report({
            post: entry.post,
            field: 'thread.0',
            messageId: 'noThreads',
            data: { network: platform.name, parts: thread.length + 1 },
          });
        }
        const images = entry.post.media;
        if (images.length > media.maxImages) {
          context.report({
            post: entry.post,
            field: `media.${media.maxImages}`,
            messageId: 'tooManyImages',
            data: { network: platform.name, max: media.maxImages, count: images.length },
          });
        }
      }
    }
  },
});
