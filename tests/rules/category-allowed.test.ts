import { expect, it } from 'vitest';
import categoryAllowed from '../../src/rules/category-allowed.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const post = (id: string, category: string) =>
  `- id: ${id}\n  category: ${category}\n  text: Text of ${id}\n`;

testRule(categoryAllowed, {
  valid: [
    {
      name: 'all categories are allowed by default',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('p', 'deals') },
    },
    {
      name: 'a listed category',
      files: {
        'accounts/a.yaml': accountYaml('categories: [news, blog]'),
        'content/a/c.yaml': post('p', 'news') + post('q', 'blog'),
      },
    },
  ],
  invalid: [
    {
      name: 'a deal on a news account',
      files: {
        'accounts/a.yaml': accountYaml('categories: [news, blog]'),
        'content/a/c.yaml': post('p', 'news') + post('q', 'deals'),
      },
      errors: [{ messageId: 'notAllowed', line: 5, postId: 'q' }],
    },
    {
      name: 'warn for one account only',
      files: {
        'accounts/a.yaml': accountYaml('categories: [news]\nrules:\n  category-allowed: off'),
        'accounts/b.yaml': accountYaml('categories: [news]'),
        'content/a/c.yaml': post('p', 'community'),
        'content/b/c.yaml': post('p', 'community'),
      },
      errors: [{ messageId: 'notAllowed', line: 2, file: 'content/b/c.yaml' }],
    },
  ],
});

it('lists the allowed categories', () => {
  const [problem] = lintWithRule(categoryAllowed, {
    name: 'message',
    files: {
      'accounts/a.yaml': accountYaml('categories: [news, blog]'),
      'content/a/c.yaml': post('q', 'deals'),
    },
  });
  expect(problem?.message).toContain('news, blog');
  expect(problem?.message).toContain('`deals`');
});
