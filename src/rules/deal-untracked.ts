// deal-untracked: a deal whose link gets no tracking code earns sales nobody can measure.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { listItems } from '../model/list.js';
import { trackedDomains } from '../tracking/render.js';
import { hostMatches, parseHttpUrl } from '../tracking/url.js';

export default defineRule({
  id: 'deal-untracked',
  meta: {
    description:
      'Every link of a deal gets a tracking code (its host is in tracking.domains, tracking is on for deals).',
    defaultSeverity: 'warn',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      trackingOff:
        'This deal links to {{url}} but tracking is off for {{reason}}, so its sales cannot be measured.',
      untrackedHost:
        'The deal link {{url}} is not on a tracked domain ({{domains}}), so it gets no tracking code.',
    },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      const { post, account } = entry;
      if (post.category !== 'deals' || !context.options(account.id)) continue;
      const links = entry.rendered.parts[0]?.links ?? [];
      const first = post.link ?? links[0];
      if (!first) continue;
      const field = post.link ? 'link' : 'text';
      if (trackedDomains(post, account).length === 0) {
        const reason = account.tracking.enabled ? 'the deals category' : 'this account';
        context.report({ post, field, messageId: 'trackingOff', data: { url: first, reason } });
        continue;
      }
      if (account.tracking.domains.length === 0) continue;
      const link = post.link ? parseHttpUrl(post.link) : undefined;
      if (link && !hostMatches(link.hostname, account.tracking.domains)) {
        context.report({
          post,
          field,
          messageId: 'untrackedHost',
          data: { url: post.link!, domains: listItems(account.tracking.domains) },
        });
      }
    }
  },
});
