// tracking-code-unique: no two posts of the workspace share a tracking code, so every sale maps to one post.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { type Post, trackingNameOf } from '../model/types.js';
import { trackingCode } from '../tracking/code.js';

/** A pair of posts whose codes collide: `post` is reported, `first` is the earlier one. */
export interface CodeCollision {
  post: Post;
  first: Post;
  code: string;
}

/**
 * Posts whose code is already used by a different post (another account, or another id), in order.
 * The same account and id twice is unique-id's business and is not reported here. Linear: one map.
 */
export function findCodeCollisions(
  posts: readonly Post[],
  codeOf: (accountId: string, postId: string) => string = trackingCode,
): CodeCollision[] {
  const seen = new Map<string, Post>();
  const out: CodeCollision[] = [];
  for (const post of posts) {
    const code = codeOf(post.account, post.id);
    const first = seen.get(code);
    if (!first) seen.set(code, post);
    else if (first.account !== post.account || first.id !== post.id) out.push({ post, first, code });
  }
  return out;
}

export default defineRule({
  id: 'tracking-code-unique',
  meta: {
    description:
      'Tracking codes are unique across the workspace (a shared code would credit sales to the wrong post).',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    // What it finds is wrong whatever the time: published and missed posts are judged too.
    judges: 'every',
    messages: {
      collision:
        'The tracking code "{{code}}" of "{{id}}" is also the code of "{{other}}" ({{first}}); rename one of the two post ids.',
    },
  },
  check(context) {
    const { accounts } = context.workspace;
    const posts = context.workspace.posts.filter((post) => accounts.has(post.account));
    // A channel's codes are made from its tracking name (the first channel keeps the account's).
    const codeOf = (channel: string, postId: string) =>
      trackingCode(trackingNameOf(accounts.get(channel)!), postId);
    for (const { post, first, code } of findCodeCollisions(posts, codeOf)) {
      if (!context.options(post.account)) continue;
      context.report({
        post,
        field: 'id',
        messageId: 'collision',
        data: {
          code,
          id: post.id,
          other: `${first.account}/${first.id}`,
          first: `${first.file}:${first.position.line}`,
        },
      });
    }
  },
});
