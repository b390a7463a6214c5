// weibo-share: Weibo's write API (statuses/share) takes a post only with a link on the app's registered
// secure domain and without "#topic#" markers; lint says so before publish is refused. The rule reads the
// network's text rules (`requiredLinkDomain`, `hashtagsAllowed`), so any network with such demands gets it.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

/** Whether `url`'s host is `domain` or one of its subdomains. */
function onDomain(url: string, domain: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    const wanted = domain.toLowerCase();
    return host === wanted || host.endsWith(`.${wanted}`);
  } catch {
    return false;
  }
}

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
        "This {{network}} post has no link on the app's secure domain {{domain}}, so {{network}}'s share API will refuse it; add `link: https://{{domain}}/…` (the deal or story on the brand's site) or put such a URL in the text.",
      topic:
        '{{network}}\'s share API refuses topics: "#{{topic}}#" cannot be posted through it; write the words without the # signs.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      const platform = context.platform(account);
      const domain = platform.text.requiredLinkDomain?.(account);
      const hashtagsAllowed = platform.text.hashtagsAllowed ?? true;
      if (domain === undefined && hashtagsAllowed) continue;
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const parts = entry.rendered.parts;
        if (
          domain !== undefined &&
          !parts.some((part) => part.links.some((link) => onDomain(link, domain)))
        ) {
          context.report({
            post: entry.post,
            field: 'text',
            messageId: 'noSafeLink',
            data: { domain, network: platform.name },
          });
        }
        if (hashtagsAllowed) continue;
        for (const [index, part] of parts.entries()) {
          for (const topic of platform.text.hashtags(part.text)) {
            context.report({
              post: entry.post,
              field: index === 0 ? 'text' : `thread.${index - 1}`,
              messageId: 'topic',
              data: { topic, network: platform.name },
            });
          }
        }
      }
    }
  },
});
