import rule from '../../src/rules/quiet-hours.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf } from './time-rules-helpers.js';

const quiet = 'limits: { quiet_hours: { start: "22:00", end: "07:00" } }';
const at = (...times: string[]) => calendarOf(times.map((t, i) => ({ id: `p${i}`, at: `2026-12-01 ${t}` })));

testRule(rule, {
  valid: [
    {
      name: 'no quiet hours by default',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': at('03:00') },
    },
    {
      name: 'the end is exclusive, the evening before the start is fine',
      files: { 'accounts/a.yaml': accountYaml(quiet), 'content/a/c.yaml': at('07:00', '21:59') },
    },
    {
      name: 'a daytime window',
      files: {
        'accounts/a.yaml': accountYaml('rules:\n  quiet-hours: { hours: { start: "12:00", end: "14:00" } }'),
        'content/a/c.yaml': at('11:00', '14:00'),
      },
    },
  ],
  invalid: [
    {
      name: 'wrapping midnight: late evening and early morning',
      files: { 'accounts/a.yaml': accountYaml(quiet), 'content/a/c.yaml': at('06:59', '22:00', '23:30') },
      errors: [
        { messageId: 'quiet', line: 4 },
        { messageId: 'quiet', line: 8 },
        { messageId: 'quiet', line: 12 },
      ],
    },
    {
      name: 'judged in the account zone, not the offset written',
      files: {
        'accounts/a.yaml': accountYaml(quiet),
        'content/a/c.yaml': calendarOf([{ id: 'p', at: '2026-12-01T12:00:00-10:00' }]), // 23:00 Berlin
      },
      errors: [{ messageId: 'quiet', line: 4 }],
    },
  ],
});
