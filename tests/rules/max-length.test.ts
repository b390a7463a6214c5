import maxLength from '../../src/rules/max-length.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const files = (text: string, extra = '') => ({
  'accounts/a.yaml': accountYaml(),
  'content/a/c.yaml': `- id: p\n  category: news\n  text: ${JSON.stringify(text)}\n${extra}`,
});

testRule(maxLength, {
  valid: [
    { name: '280 latin characters', files: files('a'.repeat(280)) },
    { name: '140 CJK characters weigh 280', files: files('日'.repeat(140)) },
    {
      name: 'a long URL weighs 23',
      files: files(`${'a'.repeat(250)} https://example.com/${'x'.repeat(200)}`),
    },
  ],
  invalid: [
    {
      name: '281 latin characters',
      files: files('a'.repeat(281)),
      errors: [{ messageId: 'tooLong', line: 3 }],
    },
    {
      name: '141 CJK characters',
      files: files('日'.repeat(141)),
      errors: [{ messageId: 'tooLong', line: 3 }],
    },
    {
      name: 'the appended link counts',
      files: files('a'.repeat(260), '  link: https://shop.example.com/deal\n'),
      errors: [{ messageId: 'tooLong', line: 3 }],
    },
    {
      name: 'a thread part too long',
      files: files('short', `  thread:\n    - fine\n    - ${'b'.repeat(300)}\n`),
      errors: [{ messageId: 'partTooLong', line: 6 }],
    },
  ],
});
