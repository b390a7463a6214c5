import { expect, it } from 'vitest';
import shouting from '../../src/rules/shouting.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const files = (text: string, extra = '', account = '') => ({
  'accounts/a.yaml': accountYaml(account),
  'content/a/c.yaml': `- id: p\n  category: news\n  text: ${JSON.stringify(text)}\n${extra}`,
});

testRule(shouting, {
  valid: [
    { name: 'sentence case', files: files('Our new store opens on Monday in Berlin. Come by!') },
    { name: 'a short shout is not judged', files: files('NEW: FREE TEA (10 letters)') },
    {
      name: 'acronyms in a sentence',
      files: files('The NASA and ESA teams joined the EU summit on AI today.'),
    },
    {
      name: 'capitals in URLs, mentions and hashtags are ignored',
      files: files('Thanks @ACME_OFFICIAL_NEWS #BLACKFRIDAY #SALE https://EXAMPLE.COM/ABCDEFGHIJK ok'),
    },
    {
      name: 'Japanese text never shouts in capitals',
      files: files('新しい店舗が月曜日にベルリンでオープンします。ぜひお越しください'),
    },
    {
      name: 'Japanese with Latin acronyms is mostly caseless',
      files: files('本日、AWSとGCPとNTTとKDDIの担当者が東京で新しいクラウドサービスについて話し合いました。'),
    },
    { name: 'Chinese text', files: files('我们的新店周一在柏林开业，欢迎光临！！') },
    { name: 'two exclamation marks', files: files('Finally here!! Is it?? Yes!?') },
    {
      name: 'a looser capital share for the account',
      files: files('MOSTLY CAPITALS here AND there', '', 'rules:\n  shouting: { maxCapitalShare: 0.9 }'),
    },
  ],
  invalid: [
    {
      name: 'all capitals',
      files: files('HUGE NEWS: WE ARE OPENING A NEW STORE'),
      errors: [{ messageId: 'capitals', line: 3 }],
    },
    {
      name: 'Cyrillic capitals have case too',
      files: files('БОЛЬШАЯ РАСПРОДАЖА ТОЛЬКО СЕГОДНЯ'),
      errors: [{ messageId: 'capitals', line: 3 }],
    },
    {
      name: 'three exclamation marks',
      files: files('We did it!!!'),
      errors: [{ messageId: 'punctuation', line: 3 }],
    },
    {
      name: 'mixed ?!? run',
      files: files('Did you see this?!?'),
      errors: [{ messageId: 'punctuation', line: 3 }],
    },
    {
      name: 'full-width marks in CJK text',
      files: files('セール開催中！！！'),
      errors: [{ messageId: 'punctuation', line: 3 }],
    },
    {
      name: 'both, in a thread part',
      files: files('Calm text.', '  thread:\n    - "EVERYTHING MUST GO TODAY!!!"\n'),
      errors: [
        { messageId: 'capitals', line: 5 },
        { messageId: 'punctuation', line: 5 },
      ],
    },
    {
      name: 'a stricter run limit',
      files: files('Yes!!', '', 'rules:\n  shouting: { maxPunctuationRun: 1 }'),
      errors: [{ messageId: 'punctuation', line: 3 }],
    },
  ],
});

it('gives the share and the limit', () => {
  const [problem] = lintWithRule(shouting, {
    name: 'message',
    files: files('HUGE NEWS: WE ARE OPENING A NEW STORE'),
  });
  expect(problem?.message).toBe(
    'The text is 100% capital letters (29 of 29); write in sentence case (at most 60% capitals).',
  );
});
