// weibo-share: Weibo's write API (statuses/share) takes a post only with a link on the app's registered
// secure domain and without "#topic#" markers; lint says so before publish is refused.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { onDomain, topics, weiboSettings } from '../platforms/weibo/text.js';

export default defineRule({
  id: 'weibo-share',
  meta: {
    description:
      "A Weibo post carries a link on the app's registered secure domain (`safe_domain`) and no #topic#, as statuses/share requires.",
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      noSafeLink:
        "This Weibo post has no link on the app's secure domain {{domain}}, so Weibo's share API will refuse it; add `link: https://{{domain}}/…` (the deal or story on the brand's site) or put such a URL in the text.",
      topic:
        'Weibo\'s share API refuses topics: "#{{topic}}#" cannot be posted through it; write the words without the # signs.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      if ((account.platform as string) !== 'weibo') continue;
      const domain = weiboSettings(account).safe_domain;
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const parts = entry.rendered.parts;
        if (
          domain !== undefined &&
          !parts.some((part) => part.links.some((link) => onDomain(link, domain)))
        ) {
          context.report({ post: entry.post, field: 'text', messageId: 'noSafeLink', data: { domain } });
        }
        for (const [index, part] of parts.entries()) {
          for (const topic of topics(part.text)) {
            context.report({
              post: entry.post,
              field: index === 0 ? 'text' : `thread.${index}`,
              messageId: 'topic',
              data: { topic },
            });
          }
        }
      }
    }
  },
});
