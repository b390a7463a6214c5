import rule from '../../src/rules/max-posts-per-day.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf } from './time-rules-helpers.js';

const day = (times: string[]) => calendarOf(times.map((at, i) => ({ id: `p${i}`, at })));

testRule(rule, {
  valid: [
    {
      name: 'two posts with max 2',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 2 }'),
        'content/a/c.yaml': day(['2026-12-01 09:00', '2026-12-01 18:00', '2026-12-02 09:00']),
      },
    },
    {
      name: 'the local day decides: 23:30 and 00:30 Berlin are two local days',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 1 }'),
        'content/a/c.yaml': day(['2026-12-01T23:30:00+01:00', '2026-12-02T00:30:00+01:00']),
      },
    },
    {
      name: 'off for the account',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 1 }\nrules:\n  max-posts-per-day: off'),
        'content/a/c.yaml': day(['2026-12-01 09:00', '2026-12-01 18:00']),
      },
    },
  ],
  invalid: [
    {
      // 51 posts 10 minutes apart on one day (4 lines each): the 51st post's `at` is on line 4 × 50 + 4.
      name: "an unverified X account's allowance of 50 a day: the 51st post is reported",
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 50 }'),
        'content/a/c.yaml': day(
          Array.from({ length: 51 }, (_, i) => {
            const minutes = 60 + i * 10;
            return `2026-12-01 ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          }),
        ),
      },
      errors: [{ messageId: 'tooMany', line: 4 * 50 + 4 }],
    },
    {
      name: 'a third post on one day with max 2',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 2 }'),
        'content/a/c.yaml': day(['2026-12-01 09:00', '2026-12-01 12:00', '2026-12-01 18:00']),
      },
      errors: [{ messageId: 'tooMany', line: 12 }],
    },
    {
      name: 'same UTC day, different local days in Tokyo do not count together; same local day does',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_posts_per_day: 1 }', { timezone: 'Asia/Tokyo' }),
        // 16:00Z on Nov 30 is 01:00 Dec 1 in Tokyo, the same local day as 10:00 Tokyo.
        'content/a/c.yaml': day(['2026-11-30T16:00:00Z', '2026-12-01 10:00']),
      },
      errors: [{ messageId: 'tooMany', line: 8 }],
    },
    {
      name: 'the default limit is 5',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': day([
          '2026-12-01 09:00',
          '2026-12-01 10:00',
          '2026-12-01 11:00',
          '2026-12-01 12:00',
          '2026-12-01 13:00',
          '2026-12-01 14:00',
        ]),
      },
      errors: [{ messageId: 'tooMany', line: 24 }],
    },
  ],
});
