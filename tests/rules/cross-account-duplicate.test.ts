import crossAccountDuplicate from '../../src/rules/cross-account-duplicate.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import {
  BASE,
  calendar,
  CJK,
  CJK_ONE_CHAR,
  CJK_TRANSLATION,
  DIFFERENT,
  ONE_WORD,
  RESTYLED,
  textLine,
  WITH_LINK,
} from './similarity-fixtures.js';

const accounts = (extraB = '') => ({
  'accounts/a.yaml': accountYaml(),
  'accounts/b.yaml': accountYaml(extraB, { handle: 'acme_b' }),
});

/** Account a posts `first` on Dec 1st, account b posts `second` on Dec 2nd. */
const pair = (first: string, second: string, extraB = '') => ({
  ...accounts(extraB),
  'content/a/c.yaml': calendar([{ text: first, at: '2026-12-01 09:00' }], 'a'),
  'content/b/c.yaml': calendar([{ text: second, at: '2026-12-02 09:00' }], 'b'),
});

testRule(crossAccountDuplicate, {
  valid: [
    { name: 'clearly different texts', files: pair(BASE, DIFFERENT) },
    { name: 'a translation into Chinese', files: pair(BASE, CJK_TRANSLATION) },
    {
      name: 'short texts differing in one word',
      files: pair('Good morning Berlin!', 'Good morning Munich!'),
    },
    {
      name: 'the same text twice on one account is the other rule’s business',
      files: {
        ...accounts(),
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-02 09:00' },
        ]),
      },
    },
    {
      name: 'turned off for one of the accounts',
      files: pair(BASE, BASE, 'rules:\n  cross-account-duplicate: off'),
    },
    {
      name: 'a near-duplicate below a stricter threshold',
      files: pair(BASE, ONE_WORD, 'rules:\n  cross-account-duplicate: { threshold: 0.9 }'),
    },
  ],
  invalid: [
    {
      name: 'identical text on another account',
      files: pair(BASE, BASE),
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/b/c.yaml', postId: 'b0' }],
    },
    {
      name: 'identical text months later still counts',
      files: {
        ...accounts(),
        'content/a/c.yaml': calendar([{ text: BASE, at: '2026-01-01 09:00' }], 'a'),
        'content/b/c.yaml': calendar([{ text: BASE, at: '2026-12-02 09:00' }], 'b'),
      },
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/b/c.yaml' }],
    },
    {
      name: 'one word changed',
      files: pair(BASE, ONE_WORD),
      errors: [{ messageId: 'similar', line: textLine(0), file: 'content/b/c.yaml' }],
    },
    {
      name: 'another link or tracking code',
      files: pair(WITH_LINK, BASE),
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/b/c.yaml' }],
    },
    {
      name: 'case, punctuation and emoji spacing',
      files: pair(RESTYLED, BASE),
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/b/c.yaml' }],
    },
    {
      name: 'CJK text with one character changed',
      files: pair(CJK, CJK_ONE_CHAR),
      errors: [{ messageId: 'similar', line: textLine(0), file: 'content/b/c.yaml' }],
    },
    {
      name: 'the later post by time is reported, whatever the account',
      files: {
        ...accounts(),
        'content/a/c.yaml': calendar([{ text: BASE, at: '2026-12-05 09:00' }], 'a'),
        'content/b/c.yaml': calendar([{ text: BASE, at: '2026-12-02 09:00' }], 'b'),
      },
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/a/c.yaml', postId: 'a0' }],
    },
    {
      name: 'a queued post comes after every placed one',
      files: {
        ...accounts(),
        'content/a/c.yaml': calendar([{ text: BASE }], 'a'),
        'content/b/c.yaml': calendar([{ text: BASE, at: '2027-06-01 09:00' }], 'b'),
      },
      errors: [{ messageId: 'same', line: textLine(0), file: 'content/a/c.yaml' }],
    },
    {
      name: 'three accounts: each copy is reported once',
      files: {
        ...accounts(),
        'accounts/c.yaml': accountYaml('', { handle: 'acme_c' }),
        'content/a/c.yaml': calendar([{ text: BASE, at: '2026-12-01 09:00' }], 'a'),
        'content/b/c.yaml': calendar([{ text: ONE_WORD, at: '2026-12-02 09:00' }], 'b'),
        'content/c/c.yaml': calendar([{ text: BASE, at: '2026-12-03 09:00' }], 'c'),
      },
      errors: [
        { messageId: 'similar', line: textLine(0), file: 'content/b/c.yaml' },
        { messageId: 'same', line: textLine(0), file: 'content/c/c.yaml' },
      ],
    },
  ],
});
