import { expect, it } from 'vitest';
import mentionLimit from '../../src/rules/mention-limit.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const files = (text: string, extra = '', account = '') => ({
  'accounts/a.yaml': accountYaml(account),
  'content/a/c.yaml': `- id: p\n  category: community\n  text: ${JSON.stringify(text)}\n${extra}`,
});

testRule(mentionLimit, {
  valid: [
    { name: 'three mentions', files: files('Thanks @ana @ben @chloe') },
    {
      name: 'e-mail addresses are not mentions',
      files: files('Write to a@example.com, b@example.com, c@x.io, d@y.io'),
    },
    {
      name: 'a higher limit from limits:',
      files: files('@a @b @c @d @e', '', 'limits: { max_mentions: 5 }'),
    },
    { name: 'off for the account', files: files('@a @b @c @d', '', 'rules:\n  mention-limit: off') },
  ],
  invalid: [
    {
      name: 'four mentions',
      files: files('Thanks @ana @ben @chloe @dan'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'in the second thread part',
      files: files('Hi', '  thread:\n    - "@a"\n    - "@a @b @c @d"\n'),
      errors: [{ messageId: 'tooMany', line: 6 }],
    },
  ],
});

it('names the mentions and the part', () => {
  const [problem] = lintWithRule(mentionLimit, {
    name: 'message',
    files: files('Hi', '  thread:\n    - "@a @b @c @d"\n'),
  });
  expect(problem?.message).toBe(
    'Thread part 1 has 4 @mentions (@a @b @c @d); the limit is 3 per post. Mention fewer accounts.',
  );
});
