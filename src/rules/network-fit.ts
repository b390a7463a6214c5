// network-fit: a post takes the shape its network accepts: no thread where the network has none, no more
// images than it takes, no content warning where the network shows none (from the account's platform,
// src/platforms/). Alt text on every image is required
// by the post schema, for every network.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

/** A size for messages: "1,200 KB". */
const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1000).toLocaleString('en')} KB`;

export default defineRule({
  id: 'network-fit',
  meta: {
    description:
      "A post fits its network's shape: a thread only where the network has threads, no more images than it takes, each of a type and size it takes, a content warning only where the network has them.",
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      noThreads:
        '{{network}} has no threads: this post has {{parts}} parts. Make it one post, or several posts.',
      tooManyImages:
        '{{network}} takes {{max}} image(s) per post; this post has {{count}}. Keep the one(s) that matter.',
      noImages: '{{network}} takes no images through Chorus; remove `media`.',
      tooLarge:
        '{{file}} is {{size}}; {{network}} takes images up to {{max}}. Make it smaller (fewer pixels or stronger compression).',
      wrongType: '{{file}} is {{type}}; {{network}} takes {{types}}. Convert the image.',
      noContentWarnings:
        '{{network}} has no content warnings: the text would go out without one. Put `content_warning` in the variant of a network that has them (e.g. `variants: { mastodon: { content_warning: … } }`), or remove it.',
    },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      if (!context.options(entry.account.id)) continue;
      const platform = context.platform(entry.account);
      const { post } = entry;
      const network = platform.name;
      if (!platform.text.threads && post.thread.length > 0) {
        context.report({
          post,
          field: 'thread',
          messageId: 'noThreads',
          data: { network, parts: post.thread.length + 1 },
        });
      }
      if (post.contentWarning !== undefined && !platform.text.contentWarnings) {
        context.report({ post, field: 'content_warning', messageId: 'noContentWarnings', data: { network } });
      }
      const { media } = platform.text;
      const found = context.workspace.mediaInfo;
      post.media.forEach((image, index) => {
        const info = found?.get(image.file);
        if (!info) return;
        const where = { post, field: `media.${index}` };
        if (media.types.length > 0 && !media.types.includes(info.mime)) {
          context.report({
            ...where,
            messageId: 'wrongType',
            data: { network, file: image.file, type: info.mime, types: media.types.join(', ') },
          });
        } else if (media.maxBytes > 0 && info.bytes > media.maxBytes) {
          context.report({
            ...where,
            messageId: 'tooLarge',
            data: { network, file: image.file, size: kilobytes(info.bytes), max: kilobytes(media.maxBytes) },
          });
        }
      });
      if (post.media.length > media.maxImages) {
        context.report({
          post,
          field: 'media',
          messageId: media.maxImages === 0 ? 'noImages' : 'tooManyImages',
          data: { network, max: media.maxImages, count: post.media.length },
        });
      }
    }
  },
});
