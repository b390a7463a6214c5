// disclosure: employees posting about their employer say so (a hashtag like #AcmeEmployee), as advertising law and X expect.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';

export default defineRule({
  id: 'disclosure',
  meta: {
    description:
      'Every post of an employee account (`kind: employee`) carries the disclosure hashtag in its main text.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      missing:
        'Posts of employee account "{{account}}" must disclose the relationship: add {{hashtag}} to the text.',
      notConfigured:
        'Employee account "{{account}}" has no disclosure hashtag; set `disclosure: "#YourBrandEmployee"` here or in chorus.yaml.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      if (account.kind !== 'employee') continue;
      if (account.disclosure === undefined) {
        context.report({
          account: account.id,
          file: account.file,
          position: account.fieldPositions.kind ?? account.position,
          messageId: 'notConfigured',
          data: { account: account.accountId },
        });
        continue;
      }
      const wanted = account.disclosure.replace(/^#/, '').toLowerCase();
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const main = entry.rendered.parts[0]?.text ?? entry.post.text;
        if (
          context
            .platform(account)
            .text.hashtags(main)
            .some((tag) => tag.toLowerCase() === wanted)
        )
          continue;
        context.report({
          post: entry.post,
          field: 'text',
          messageId: 'missing',
          data: { account: account.accountId, hashtag: account.disclosure },
        });
      }
    }
  },
});
