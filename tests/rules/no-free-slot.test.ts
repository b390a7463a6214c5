import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';
import { calendarOf } from './time-rules-helpers.js';

const lint = (account: string, calendar: string, config?: string) =>
  analyseWorkspace(
    rawWorkspaceFromFiles({
      'accounts/a.yaml': accountYaml(account),
      'content/a/c.yaml': calendar,
      ...(config ? { 'chorus.yaml': config } : {}),
    }),
    { now: new Date('2026-12-01T07:00:00Z') },
  ).problems.filter((p) => p.ruleId === 'no-free-slot');

describe('rule no-free-slot', () => {
  it('valid: every queued post is placed', () => {
    expect(lint('slots:\n  daily: ["09:00"]', calendarOf([{ id: 'a' }, { id: 'b' }]))).toEqual([]);
  });

  it('invalid: a post beyond the horizon, with the horizon and the main reason', () => {
    const problems = lint(
      'slots:\n  daily: ["09:00"]\nlimits: { max_posts_per_day: 1 }',
      calendarOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }]),
      'planning:\n  horizon_days: 1',
    );
    expect(problems.map((p) => [p.messageId, p.line, p.postId, p.message])).toEqual([
      ['noFreeSlot', 4, 'b', 'No free slot until 2026-12-02 (horizon 1 days): every slot is taken.'],
      ['noFreeSlot', 7, 'c', 'No free slot until 2026-12-02 (horizon 1 days): every slot is taken.'],
    ]);
  });

  it('invalid: a date-only post whose day is full is located at its `at`', () => {
    const problems = lint(
      'slots:\n  daily: ["09:00"]\nlimits: { max_posts_per_day: 1 }',
      calendarOf([
        { id: 'fixed', at: '2026-12-02 18:00' },
        { id: 'dated', at: '2026-12-02' },
      ]),
    );
    expect(problems.map((p) => [p.messageId, p.line, p.message])).toEqual([
      ['noFreeSlotOnDate', 8, 'No free slot on 2026-12-02: max-posts-per-day (1 a day) fills the days.'],
    ]);
  });

  it('off: unplaced posts are not reported', () => {
    expect(lint('rules:\n  no-free-slot: off', calendarOf([{ id: 'a' }]))).toEqual([]);
  });
});
