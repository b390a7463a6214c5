// approval: promotional posts get a second pair of eyes from the account's team before they go out.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { listItems } from '../model/list.js';
import { categorySchema } from '../model/fields.js';

/** People are compared without case and without a leading "@" ("@Ana" is "ana"). */
function person(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

export default defineRule({
  id: 'approval',
  meta: {
    description:
      "Posts of some categories (default: deals) are approved (`approved_by`) by the account's owner or team, not by their author.",
    defaultSeverity: 'error',
    defaultOptions: { categories: ['deals'] as string[] },
    optionsSchema: z.strictObject({ categories: z.array(categorySchema) }).partial(),
    messages: {
      missing:
        'This `{{category}}` post needs `approved_by:` naming who approved it: the owner or a team member of "{{account}}" ({{people}}).',
      notInTeam:
        '"{{approver}}" is not the owner or in the team of "{{account}}"; `approved_by` must be one of {{people}}.',
      selfApproved:
        '"{{approver}}" wrote this post (`author`) and cannot also approve it; ask {{people}} to approve it.',
    },
  },
  check(context) {
    for (const account of context.accounts()) {
      const categories = new Set(context.options(account.id)!.categories);
      const team = [account.owner, ...account.team];
      const members = new Set(team.map(person));
      const people = listItems(team);
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        const { post } = entry;
        if (!categories.has(post.category)) continue;
        const data = { account: account.accountId, people, category: post.category };
        if (post.approvedBy === undefined) {
          context.report({ post, messageId: 'missing', data });
        } else if (!members.has(person(post.approvedBy))) {
          context.report({
            post,
            field: 'approved_by',
            messageId: 'notInTeam',
            data: { ...data, approver: post.approvedBy },
          });
        } else if (post.author !== undefined && person(post.author) === person(post.approvedBy)) {
          const others = team.filter((name) => person(name) !== person(post.approvedBy!)).join(' or ');
          context.report({
            post,
            field: 'approved_by',
            messageId: 'selfApproved',
            data: { ...data, approver: post.approvedBy, people: others || 'a second team member' },
          });
        }
      }
    }
  },
});
