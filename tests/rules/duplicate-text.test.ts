import duplicateText from '../../src/rules/duplicate-text.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import {
  BASE,
  calendar,
  CJK,
  CJK_ONE_CHAR,
  DIFFERENT,
  ONE_WORD,
  RESTYLED,
  textLine,
  WITH_LINK,
} from './similarity-fixtures.js';

const account = { 'accounts/a.yaml': accountYaml() };

testRule(duplicateText, {
  valid: [
    {
      name: 'clearly different texts',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: DIFFERENT, at: '2026-12-02 09:00' },
        ]),
      },
    },
    {
      name: 'exactly 30 days apart (the window is open at its end)',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-31 09:00' },
        ]),
      },
    },
    {
      name: 'a shorter window from limits',
      files: {
        'accounts/a.yaml': accountYaml('limits: { duplicate_window_days: 7 }'),
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-08 09:00' },
        ]),
      },
    },
    {
      name: 'the same text on two accounts is the other rule’s business',
      files: {
        ...account,
        'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
        'content/a/c.yaml': calendar([{ text: BASE, at: '2026-12-01 09:00' }]),
        'content/b/c.yaml': calendar([{ text: BASE, at: '2026-12-01 12:00' }]),
      },
    },
    {
      name: 'short texts differing in one word',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: 'Good morning Berlin!', at: '2026-12-01 09:00' },
          { text: 'Good morning Munich!', at: '2026-12-02 09:00' },
        ]),
      },
    },
    {
      name: 'texts that are only links are not compared',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: 'https://acme.example/a', at: '2026-12-01 09:00' },
          { text: 'https://acme.example/b 👉', at: '2026-12-02 09:00' },
        ]),
      },
    },
    {
      name: 'a near-duplicate below a stricter threshold',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  duplicate-text: { threshold: 0.9 }'),
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: ONE_WORD, at: '2026-12-02 09:00' },
        ]),
      },
    },
    {
      name: 'turned off for the account',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  duplicate-text: off'),
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-02 09:00' },
        ]),
      },
    },
  ],
  invalid: [
    {
      name: 'identical text a day later',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-02 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1), postId: 'p1' }],
    },
    {
      name: 'one word changed',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: ONE_WORD, at: '2026-12-02 09:00' },
        ]),
      },
      errors: [{ messageId: 'similar', line: textLine(1) }],
    },
    {
      name: 'another link or tracking code',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: RESTYLED, at: '2026-12-01 09:00' },
          { text: WITH_LINK, at: '2026-12-02 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1) }],
    },
    {
      name: 'case, punctuation and emoji spacing',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: RESTYLED, at: '2026-12-03 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1) }],
    },
    {
      name: 'the later post by time is reported, not the later one in the file',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-05 09:00' },
          { text: BASE, at: '2026-12-01 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(0), postId: 'p0' }],
    },
    {
      name: 'CJK text with one character changed',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: CJK, at: '2026-12-01 09:00' },
          { text: CJK_ONE_CHAR, at: '2026-12-02 09:00' },
        ]),
      },
      errors: [{ messageId: 'similar', line: textLine(1) }],
    },
    {
      name: '29 days apart, inside the default window',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-30 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1) }],
    },
    {
      name: 'a longer window from the rules section beats limits',
      files: {
        'accounts/a.yaml': accountYaml(
          'limits: { duplicate_window_days: 7 }\nrules:\n  duplicate-text: { days: 60 }',
        ),
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2027-01-20 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1) }],
    },
    {
      name: 'a queued post without a time counts as within the window',
      files: {
        ...account,
        'content/a/c.yaml': calendar([{ text: BASE }, { text: BASE, at: '2026-06-01 09:00' }]),
      },
      errors: [{ messageId: 'same', line: textLine(0), postId: 'p0' }],
    },
    {
      name: 'two queued posts: the later in the calendar is reported',
      files: {
        ...account,
        'content/a/c.yaml': calendar([{ text: BASE }, { text: DIFFERENT }, { text: ONE_WORD }]),
      },
      errors: [{ messageId: 'similar', line: textLine(2), postId: 'p2' }],
    },
    {
      name: 'short identical texts',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: 'Good morning, Berlin!', at: '2026-12-01 09:00' },
          { text: 'good morning berlin ☀️', at: '2026-12-02 09:00' },
        ]),
      },
      errors: [{ messageId: 'same', line: textLine(1) }],
    },
    {
      name: 'each repeat is reported once',
      files: {
        ...account,
        'content/a/c.yaml': calendar([
          { text: BASE, at: '2026-12-01 09:00' },
          { text: BASE, at: '2026-12-02 09:00' },
          { text: ONE_WORD, at: '2026-12-03 09:00' },
        ]),
      },
      errors: [
        { messageId: 'same', line: textLine(1) },
        { messageId: 'similar', line: textLine(2) },
      ],
    },
  ],
});
