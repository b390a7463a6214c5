import { expect, it } from 'vitest';
import approval from '../../src/rules/approval.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

// accountYaml(): owner ana, team [ben, chloe]
const deal = (extra: string, category = 'deals') =>
  `- id: d\n  category: ${category}\n  text: Half price\n  link: https://shop.example.com/d\n${extra}`;
const files = (extra: string, account = '', category = 'deals') => ({
  'accounts/a.yaml': accountYaml(account),
  'content/a/c.yaml': deal(extra, category),
});

testRule(approval, {
  valid: [
    { name: 'approved by the owner', files: files('  approved_by: ana\n  author: ben\n') },
    {
      name: 'approved by a team member, any case and with @',
      files: files('  approved_by: "@Chloe"\n  author: ben\n'),
    },
    { name: 'no author given', files: files('  approved_by: ben\n') },
    { name: 'news needs no approval', files: files('', '', 'news') },
    {
      name: 'no categories need approval',
      files: files('', 'rules:\n  approval: { categories: [] }'),
    },
  ],
  invalid: [
    {
      name: 'no approval',
      files: files('  author: ben\n'),
      errors: [{ messageId: 'missing', line: 1 }],
    },
    {
      name: 'approved by an outsider',
      files: files('  author: ben\n  approved_by: zed\n'),
      errors: [{ messageId: 'notInTeam', line: 6 }],
    },
    {
      name: 'approved by its author, compared without case',
      files: files('  author: Ben\n  approved_by: ben\n'),
      errors: [{ messageId: 'selfApproved', line: 6 }],
    },
    {
      name: 'blog posts configured to need approval',
      files: files('', 'rules:\n  approval: { categories: [deals, blog] }', 'blog'),
      errors: [{ messageId: 'missing', line: 1 }],
    },
  ],
});

it('names who may approve', () => {
  const [outsider] = lintWithRule(approval, { name: 'm', files: files('  approved_by: zed\n') });
  expect(outsider?.message).toBe(
    '"zed" is not the owner or in the team of "a"; `approved_by` must be one of ana, ben, chloe.',
  );
  const [self] = lintWithRule(approval, { name: 'm', files: files('  author: ben\n  approved_by: ben\n') });
  expect(self?.message).toBe(
    '"ben" wrote this post (`author`) and cannot also approve it; ask ana or chloe to approve it.',
  );
});
