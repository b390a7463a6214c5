import disclosure from '../../src/rules/disclosure.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const post = (id: string, text: string) => `- id: ${id}\n  category: news\n  text: ${JSON.stringify(text)}\n`;
const employee = (extra = 'disclosure: "#AcmeEmployee"') => accountYaml(`kind: employee\n${extra}`);

testRule(disclosure, {
  valid: [
    {
      name: 'the hashtag in every post, any case',
      files: {
        'accounts/e.yaml': employee(),
        'content/e/c.yaml':
          post('p', 'Our new store! #AcmeEmployee') + post('q', '#acmeemployee We are hiring'),
      },
    },
    {
      name: 'the disclosure from chorus.yaml',
      files: {
        'chorus.yaml': 'disclosure: "#TeamAcme"',
        'accounts/e.yaml': employee(''),
        'content/e/c.yaml': post('p', 'Proud of the team #TeamAcme'),
      },
    },
    {
      name: 'brand accounts are never checked',
      files: {
        'chorus.yaml': 'disclosure: "#TeamAcme"',
        'accounts/b.yaml': accountYaml(),
        'content/b/c.yaml': post('p', 'No hashtag here'),
      },
    },
  ],
  invalid: [
    {
      name: 'a post without the hashtag',
      files: {
        'accounts/e.yaml': employee(),
        'content/e/c.yaml': post('p', 'Fine #AcmeEmployee') + post('q', 'Missing it'),
      },
      errors: [{ messageId: 'missing', line: 6, postId: 'q' }],
    },
    {
      name: 'a longer hashtag is not the disclosure',
      files: { 'accounts/e.yaml': employee(), 'content/e/c.yaml': post('p', 'Hi #AcmeEmployees') },
      errors: [{ messageId: 'missing', line: 3 }],
    },
    {
      name: 'the word without # is not the disclosure',
      files: { 'accounts/e.yaml': employee(), 'content/e/c.yaml': post('p', 'I am an AcmeEmployee') },
      errors: [{ messageId: 'missing', line: 3 }],
    },
    {
      name: 'in a thread reply only: the main text must carry it',
      files: {
        'accounts/e.yaml': employee(),
        'content/e/c.yaml': `${post('p', 'Main text')}  thread:\n    - "#AcmeEmployee"\n`,
      },
      errors: [{ messageId: 'missing', line: 3 }],
    },
    {
      name: 'no disclosure configured: reported once at the account',
      files: {
        'accounts/e.yaml': employee(''),
        'content/e/c.yaml': post('p', 'One') + post('q', 'Two'),
      },
      errors: [{ messageId: 'notConfigured', line: 7, file: 'accounts/e.yaml' }],
    },
  ],
});
