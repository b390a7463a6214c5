import uniqueId from '../../src/rules/unique-id.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const post = (id: string) => `- id: ${id}\n  category: news\n  text: Text of ${id}\n`;

testRule(uniqueId, {
  valid: [
    {
      name: 'distinct ids',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('one') + post('two') },
    },
    {
      name: 'the same id on two accounts',
      files: {
        'accounts/a.yaml': accountYaml(),
        'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
        'content/a/c.yaml': post('one'),
        'content/b/c.yaml': post('one'),
      },
    },
  ],
  invalid: [
    {
      name: 'repeated in one file',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('one') + post('one') },
      errors: [{ messageId: 'duplicate', line: 4 }],
    },
    {
      name: 'repeated across files of one account',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/1.yaml': post('one'),
        'content/a/2.yaml': post('one'),
      },
      errors: [{ messageId: 'duplicate', line: 1, file: 'content/a/2.yaml' }],
    },
  ],
});
