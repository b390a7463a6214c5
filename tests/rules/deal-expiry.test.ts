import rule from '../../src/rules/deal-expiry.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf } from './time-rules-helpers.js';

testRule(rule, {
  valid: [
    {
      name: 'a deal before its expiry; a date-only expiry lasts through that local day',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([
          { id: 'd1', category: 'deals', at: '2026-12-01 09:00', expires: '2026-12-01 09:01' },
          { id: 'd2', category: 'deals', at: '2026-12-02 23:59', expires: '2026-12-02' },
        ]),
      },
    },
    {
      name: 'news needs no expiry',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([{ id: 'n', at: '2026-12-01 09:00' }]),
      },
    },
  ],
  invalid: [
    {
      name: 'a deal without expires',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([{ id: 'd', category: 'deals', at: '2026-12-01 09:00' }]),
      },
      errors: [{ messageId: 'missingExpires', line: 2 }],
    },
    {
      name: 'scheduled exactly at expiry',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([
          { id: 'd', category: 'deals', at: '2026-12-01 09:00', expires: '2026-12-01 09:00' },
        ]),
      },
      errors: [{ messageId: 'afterExpiry', line: 5 }],
    },
    {
      name: 'scheduled the day after a date-only expiry',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendarOf([
          { id: 'n', category: 'news', at: '2026-12-03 00:00', expires: '2026-12-02' },
        ]),
      },
      errors: [{ messageId: 'afterExpiry', line: 5 }],
    },
  ],
});
