// media-file: every image a post names is a real image inside the workspace, within X's size limit.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'media-file',
  meta: {
    description:
      'Media files are regular image files inside the workspace (no links out, no pipes or devices), within X’s size limit, of the type their bytes say.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      bad: '{{problem}}; publish will not upload it. {{hint}}',
    },
  },
  check(context) {
    const found = context.workspace.mediaFiles;
    // A workspace that was not read from disk (tests, previews) has no files to check.
    if (!found) return;
    for (const post of context.workspace.posts) {
      if (!context.options(post.account)) continue;
      post.media.forEach((media, index) => {
        const finding = found.get(media.file);
        if (!finding) return;
        context.report({
          post,
          field: `media.${index}`,
          messageId: 'bad',
          data: { problem: finding.message, hint: finding.hint },
        });
      });
    }
  },
});
