// unique-id: a post id names one post of an account, so the ledger can tell what was published.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import type { Post } from '../model/types.js';

export default defineRule({
  id: 'unique-id',
  meta: {
    description: 'Post ids are unique within an account (the ledger records posts by id).',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    // What it finds is wrong whatever the time: published and missed posts are judged too.
    judges: 'every',
    messages: {
      duplicate:
        'The id "{{id}}" is already used by the post at {{first}}; ids must be unique within an account.',
    },
  },
  check(context) {
    const seen = new Map<string, Post>();
    for (const post of context.workspace.posts) {
      if (!context.options(post.account)) continue;
      const key = `${post.account}\u0000${post.id}`;
      const first = seen.get(key);
      if (first) {
        context.report({
          post,
          field: 'id',
          messageId: 'duplicate',
          data: { id: post.id, first: `${first.file}:${first.position.line}` },
        });
      } else {
        seen.set(key, post);
      }
    }
  },
});
