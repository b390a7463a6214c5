import { expect, it } from 'vitest';
import hashtagLimit from '../../src/rules/hashtag-limit.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const files = (text: string, extra = '', account = '') => ({
  'accounts/a.yaml': accountYaml(account),
  'content/a/c.yaml': `- id: p\n  category: news\n  text: ${JSON.stringify(text)}\n${extra}`,
});

testRule(hashtagLimit, {
  valid: [
    { name: 'two hashtags', files: files('Winter sale #deals #winter') },
    {
      name: 'a # inside a word or an anchor is no hashtag',
      files: files('C# and F# at example.com/a#b #one'),
    },
    { name: 'CJK hashtags count once each', files: files('冬のセール #セール #日本') },
    { name: 'a higher limit from limits:', files: files('#a #b #c #d', '', 'limits: { max_hashtags: 4 }') },
    { name: 'the limit applies per part', files: files('#a #b', '  thread:\n    - "#c #d"\n') },
  ],
  invalid: [
    {
      name: 'three hashtags',
      files: files('Winter sale #deals #winter #sale'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'full-width ＃ counts as X counts it',
      files: files('セール ＃一 ＃二 ＃三'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'in a thread part',
      files: files('fine #one', '  thread:\n    - ok\n    - "#a #b #c"\n'),
      errors: [{ messageId: 'tooMany', line: 6 }],
    },
    {
      name: 'the rules: option beats limits:',
      files: files('#a #b', '', 'limits: { max_hashtags: 4 }\nrules:\n  hashtag-limit: { max: 1 }'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
    {
      name: 'zero allowed',
      files: files('One #tag', '', 'limits: { max_hashtags: 0 }'),
      errors: [{ messageId: 'tooMany', line: 3 }],
    },
  ],
});

it('says how many, which and the limit', () => {
  const [problem] = lintWithRule(hashtagLimit, {
    name: 'message',
    files: files('x #a #b #c', '  thread: [y]\n'),
  });
  expect(problem?.message).toBe(
    'The text has 3 hashtags (#a #b #c); the limit is 2 per post. Keep the most relevant ones.',
  );
});
