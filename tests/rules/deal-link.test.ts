import dealLink from '../../src/rules/deal-link.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const post = (id: string, category: string, extra = '') =>
  `- id: ${id}\n  category: ${category}\n  text: Great offer ${id}\n${extra}`;

testRule(dealLink, {
  valid: [
    {
      name: 'a deal with a link',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': post('d', 'deals', '  link: https://shop.example.com/d\n'),
      },
    },
    {
      name: 'a deal with a URL in its text',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': '- id: d\n  category: deals\n  text: Half price at https://shop.example.com/d\n',
      },
    },
    {
      name: 'a deal with the URL in its thread',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': post('d', 'deals', '  thread:\n    - Shop now at https://shop.example.com/d\n'),
      },
    },
    {
      name: 'news needs no link',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('n', 'news') },
    },
  ],
  invalid: [
    {
      name: 'a deal without a link',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('n', 'news') + post('d', 'deals') },
      errors: [{ messageId: 'missing', line: 4, postId: 'd' }],
    },
    {
      name: 'a bare domain gets no tracking code, so it does not count',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': '- id: d\n  category: deals\n  text: Half price at shop.example.com\n',
      },
      errors: [{ messageId: 'missing', line: 1 }],
    },
    {
      name: 'more categories configured',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  deal-link: { categories: [deals, blog] }'),
        'content/a/c.yaml': post('b', 'blog'),
      },
      errors: [{ messageId: 'missing', line: 1 }],
    },
  ],
});
