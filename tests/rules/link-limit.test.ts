import { expect, it } from 'vitest';
import linkLimit from '../../src/rules/link-limit.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const files = (text: string, extra = '', account = '') => ({
  'accounts/a.yaml': accountYaml(account),
  'content/a/c.yaml': `- id: p\n  category: blog\n  text: ${JSON.stringify(text)}\n${extra}`,
});

testRule(linkLimit, {
  valid: [
    {
      name: 'one link in the text, one appended',
      files: files('Read https://blog.example.com/a', '  link: https://shop.example.com/b\n'),
    },
    {
      name: 'the appended link already in the text counts once',
      files: files('See https://shop.example.com/b', '  link: https://shop.example.com/b\n'),
    },
    {
      name: 'a higher limit from limits:',
      files: files('a.com b.com c.com', '', 'limits: { max_links: 3 }'),
    },
  ],
  invalid: [
    {
      name: 'two links in the text plus the appended link',
      files: files('https://a.example.com and https://b.example.com', '  link: https://shop.example.com/c\n'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'links without https:// count, as X links them',
      files: files('Visit example.com, example.org and example.net'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'in a thread part',
      files: files('Hi', '  thread:\n    - a.com b.com c.com\n'),
      errors: [{ messageId: 'tooMany', line: 5 }],
    },
  ],
});

it('gives the count and the limit, not the links', () => {
  const [problem] = lintWithRule(linkLimit, {
    name: 'message',
    files: files(
      'https://a.example.com/secret-path',
      '  link: https://b.example.com\n',
      'limits: { max_links: 1 }',
    ),
  });
  expect(problem?.message).toBe(
    'The text has 2 links (the appended `link` included); the limit is 1 per post. Keep the one that matters.',
  );
});
