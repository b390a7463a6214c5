import rule from '../../src/rules/promo-share.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf, type Row } from './time-rules-helpers.js';

/** Rows of posts at 09:00 on consecutive December days; `d` marks a deal. */
const days = (pattern: string, start = 1): Row[] =>
  [...pattern].map((c, i) => ({
    id: `p${i}`,
    category: c === 'd' ? 'deals' : 'news',
    at: `2026-12-${String(start + i).padStart(2, '0')} 09:00`,
  }));

testRule(rule, {
  valid: [
    {
      name: 'a lone deal is always allowed (at least 1 per window)',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendarOf(days('d')) },
    },
    {
      name: '3 deals in 10 posts at 0.3',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf(
          days('nnndnnndnd').map((r, i) => ({ ...r, at: `2026-12-01 ${String(8 + i).padStart(2, '0')}:00` })),
        ),
      },
    },
    {
      name: 'deals a week apart',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendarOf(days('dnnnnnnd')) },
    },
    {
      name: 'off',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  promo-share: off'),
        'content/a/c.yaml': calendarOf(days('dd')),
      },
    },
  ],
  invalid: [
    {
      name: 'two deals in a row in an otherwise empty week',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendarOf(days('dd')) },
      errors: [{ messageId: 'tooManyDeals', line: 6, postId: 'p1' }],
    },
    {
      name: 'a deal 3 days after another: 2 deals of 4 posts, floor(0.3 × 4) = 1 allowed',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendarOf(days('dnnd')) },
      errors: [{ messageId: 'tooManyDeals', line: 14, postId: 'p3' }],
    },
    {
      name: 'promo_share 0 forbids every deal',
      files: {
        'accounts/a.yaml': accountYaml('limits: { promo_share: 0 }'),
        'content/a/c.yaml': calendarOf(days('nd')),
      },
      errors: [{ messageId: 'tooManyDeals', line: 6 }],
    },
    {
      name: 'a shorter window from options',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  promo-share: { max: 0.5, days: 2 }'),
        'content/a/c.yaml': calendarOf(days('ndd')),
      },
      errors: [{ messageId: 'tooManyDeals', line: 10 }],
    },
  ],
});
