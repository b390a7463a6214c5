import rule from '../../src/rules/max-per-category-per-day.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf } from './time-rules-helpers.js';

testRule(rule, {
  valid: [
    {
      name: 'three deals a day is the default limit',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([
          { id: 'd1', category: 'deals', at: '2026-12-01 09:00' },
          { id: 'd2', category: 'deals', at: '2026-12-01 11:00' },
          { id: 'd3', category: 'deals', at: '2026-12-01 13:00' },
          { id: 'n1', at: '2026-12-01 15:00' },
        ]),
      },
    },
    {
      name: 'categories without a limit are free',
      files: {
        'accounts/a.yaml': accountYaml('limits: { max_per_category_per_day: { blog: 1 } }'),
        'content/a/c.yaml': calendarOf([
          { id: 'n1', at: '2026-12-01 09:00' },
          { id: 'n2', at: '2026-12-01 11:00' },
          { id: 'b1', category: 'blog', at: '2026-12-01 13:00' },
          { id: 'b2', category: 'blog', at: '2026-12-02 13:00' },
        ]),
      },
    },
  ],
  invalid: [
    {
      name: 'a fourth deal on one day',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([
          { id: 'd1', category: 'deals', at: '2026-12-01 09:00' },
          { id: 'd2', category: 'deals', at: '2026-12-01 11:00' },
          { id: 'd3', category: 'deals', at: '2026-12-01 13:00' },
          { id: 'd4', category: 'deals', at: '2026-12-01 15:00' },
        ]),
      },
      errors: [{ messageId: 'tooMany', line: 16, postId: 'd4' }],
    },
    {
      name: 'a limit from the rules section',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  max-per-category-per-day: { limits: { news: 1 } }'),
        'content/a/c.yaml': calendarOf([
          { id: 'n1', at: '2026-12-01 11:00' },
          { id: 'n2', at: '2026-12-01 09:00' },
        ]),
      },
      errors: [{ messageId: 'tooMany', line: 4, postId: 'n1' }],
    },
  ],
});
