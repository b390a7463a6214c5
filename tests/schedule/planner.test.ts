// Table tests of the planner (through the pure pipeline), with a fixed `now`; every plan is also linted.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { toLocalIso } from '../../src/model/time.js';
import type { PublishedPost } from '../../src/schedule/timeline.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

interface PostSpec {
  id: string;
  category?: string;
  at?: string;
  expires?: string;
}

const calendar = (posts: PostSpec[]) =>
  posts
    .map((p) =>
      [
        `- id: ${p.id}`,
        `  category: ${p.category ?? 'news'}`,
        `  text: Post ${p.id}`,
        p.at ? `  at: ${p.at}` : '',
        p.expires ? `  expires: ${p.expires}` : '',
        // Deals carry what the content rules ask of every deal: a tracked link and an approver.
        p.category === 'deals' ? `  link: https://shop.example.com/${p.id}\n  approved_by: ben` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');

interface PlanCase {
  name: string;
  /** Extra account YAML (slots, limits, rules). */
  account: string;
  timezone?: string;
  posts: PostSpec[];
  now: string;
  config?: string;
  /** Post id → local ISO time, or "unplaced: <part of the reason>". */
  expected: Record<string, string>;
}

const WEEKDAYS_3 = 'slots:\n  weekdays: ["09:00", "12:30", "17:00"]\n  weekends: ["11:00"]';

function plan(testCase: PlanCase, published?: Map<string, Map<string, PublishedPost>>) {
  const files: Record<string, string> = {
    'accounts/a.yaml': accountYaml(testCase.account, { timezone: testCase.timezone ?? 'Europe/Berlin' }),
    'content/a/c.yaml': calendar(testCase.posts),
  };
  if (testCase.config) files['chorus.yaml'] = testCase.config;
  const now = new Date(testCase.now);
  const outcome = analyseWorkspace(rawWorkspaceFromFiles(files), {
    now,
    ...(published ? { published } : {}),
  });
  expect(outcome.problems.filter((p) => p.ruleId === 'schema')).toEqual([]);
  const timeline = outcome.timeline;
  const zone = testCase.timezone ?? 'Europe/Berlin';
  const actual: Record<string, string> = {};
  for (const entry of timeline.entries) {
    actual[entry.post.id] = entry.missed
      ? `missed: ${entry.missed.reason}`
      : entry.at
        ? toLocalIso(entry.at, zone)
        : `unplaced: ${entry.unplacedReason ?? '?'}`;
  }
  return { actual, outcome, timeline };
}

const cases: PlanCase[] = [
  {
    name: 'queue fills the next free slots in file order, after now',
    account: WEEKDAYS_3,
    now: '2026-12-01T10:00:00Z', // Tuesday 11:00 in Berlin
    posts: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
    expected: {
      a: '2026-12-01T12:30:00+01:00',
      b: '2026-12-01T17:00:00+01:00',
      c: '2026-12-02T09:00:00+01:00',
      d: '2026-12-02T12:30:00+01:00',
    },
  },
  // The anchor: a queued post takes the first free slot at or after now minus the late window (60 min).
  {
    name: 'anchor: a run exactly at a slot sends what the slot holds',
    account: WEEKDAYS_3,
    now: '2026-12-01T11:30:00Z', // 12:30 Berlin
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-01T12:30:00+01:00' },
  },
  {
    name: 'anchor: a run one minute after a slot still sends what it holds',
    account: WEEKDAYS_3,
    now: '2026-12-01T11:31:00Z', // 12:31 Berlin
    posts: [{ id: 'a' }, { id: 'b' }],
    expected: { a: '2026-12-01T12:30:00+01:00', b: '2026-12-01T17:00:00+01:00' },
  },
  {
    name: 'anchor: just inside the late window (60 min after the slot) the slot is still served',
    account: WEEKDAYS_3,
    now: '2026-12-01T12:30:00Z', // 13:30 Berlin
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-01T12:30:00+01:00' },
  },
  {
    name: 'anchor: just outside the late window the queued post takes the next free slot, never missed',
    account: WEEKDAYS_3,
    now: '2026-12-01T12:31:00Z', // 13:31 Berlin
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-01T17:00:00+01:00' },
  },
  {
    name: 'anchor: the late window is the one in chorus.yaml',
    account: WEEKDAYS_3,
    config: 'publish:\n  late_window_minutes: 5',
    now: '2026-12-01T11:36:00Z', // 12:36 Berlin, 6 min after the slot
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-01T17:00:00+01:00' },
  },
  {
    name: 'anchor: a run skipped over a whole day: queued posts take the next free slots, date-only ones of that day are missed',
    account: WEEKDAYS_3,
    now: '2026-12-02T09:00:00Z', // Wednesday 10:00 Berlin; no run on Tuesday
    posts: [{ id: 'q1' }, { id: 'tue', at: '2026-12-01' }, { id: 'q2' }, { id: 'x', at: '2026-12-01 12:30' }],
    expected: {
      q1: '2026-12-02T09:00:00+01:00',
      q2: '2026-12-02T12:30:00+01:00',
      tue: 'missed: its day, 2026-12-01, has passed',
      x: 'missed: planned for 2026-12-01T11:30:00.000Z, 22 h ago: more than the late window of 60 min',
    },
  },
  {
    name: 'anchor in the DST gap: a run just after the clocks went forward serves the 03:00 slot, and 02:30 never exists',
    account: 'slots:\n  daily: ["02:30", "03:00", "09:00"]\nrules:\n  min-gap: off',
    now: '2027-03-28T01:20:00Z', // 03:20 CEST; the night jumped from 02:00 CET to 03:00 CEST
    // The date-only post is placed first (it has one day); the queued ones fill what is left.
    posts: [{ id: 'a' }, { id: 'b' }, { id: 'dated', at: '2027-03-28' }],
    expected: {
      dated: '2027-03-28T03:00:00+02:00',
      a: '2027-03-28T09:00:00+02:00',
      b: '2027-03-29T02:30:00+02:00',
    },
  },
  {
    name: 'anchor in the repeated hour: the 02:30 slot (first occurrence) is served until 60 min after it, by wall clock the second 02:30',
    account: 'slots:\n  daily: ["02:30"]',
    now: '2026-10-25T01:30:00Z', // 02:30 CET, the second 02:30 of the night: exactly the late window after the first
    posts: [{ id: 'a' }],
    expected: { a: '2026-10-25T02:30:00+02:00' },
  },
  {
    name: 'anchor in the repeated hour: one minute later the slot is past the late window; the next day’s is taken',
    account: 'slots:\n  daily: ["02:30"]',
    now: '2026-10-25T01:31:00Z', // 02:31 CET (second pass)
    posts: [{ id: 'a' }],
    expected: { a: '2026-10-26T02:30:00+01:00' },
  },
  {
    name: 'anchor: a date-only post whose free slot passed while the rest of its day is taken is missed',
    account: 'slots:\n  daily: ["09:00", "12:00"]',
    now: '2026-12-01T10:30:00Z', // 11:30 Berlin: the 09:00 slot went by 150 min ago
    posts: [
      { id: 'fixed', at: '2026-12-01 12:00' },
      { id: 'dated', at: '2026-12-01' },
    ],
    expected: {
      fixed: '2026-12-01T12:00:00+01:00',
      dated: 'missed: its free slots on 2026-12-01 have passed and the rest are taken',
    },
  },

  {
    name: 'explicit times are kept and their slots skipped',
    account: WEEKDAYS_3,
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'q1' }, { id: 'fixed', at: '2026-12-01 09:00' }, { id: 'q2' }],
    expected: {
      fixed: '2026-12-01T09:00:00+01:00',
      q1: '2026-12-01T12:30:00+01:00',
      q2: '2026-12-01T17:00:00+01:00',
    },
  },
  {
    name: 'weekends use their own slots',
    account: WEEKDAYS_3,
    now: '2026-12-04T17:30:00Z', // Friday 18:30 Berlin, past the late window of the 17:00 slot
    posts: [{ id: 'sat' }, { id: 'sun' }, { id: 'mon' }],
    expected: {
      sat: '2026-12-05T11:00:00+01:00',
      sun: '2026-12-06T11:00:00+01:00',
      mon: '2026-12-07T09:00:00+01:00',
    },
  },
  {
    name: 'a date-only post takes the first free slot of its day, wherever it is in the file',
    account: WEEKDAYS_3,
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'q1' },
      { id: 'dated', at: '2026-12-03' },
      { id: 'dated2', at: '2026-12-03' },
      { id: 'q2' },
    ],
    expected: {
      q1: '2026-12-01T09:00:00+01:00',
      dated: '2026-12-03T09:00:00+01:00',
      dated2: '2026-12-03T12:30:00+01:00',
      q2: '2026-12-01T12:30:00+01:00',
    },
  },
  {
    name: 'a date-only post on a full day is unplaced with the reason',
    account: 'slots:\n  daily: ["09:00"]',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'fixed', at: '2026-12-03 09:00' },
      { id: 'dated', at: '2026-12-03' },
    ],
    expected: {
      fixed: '2026-12-03T09:00:00+01:00',
      dated: 'unplaced: no free slot on 2026-12-03: every slot is taken',
    },
  },
  {
    name: 'a date-only post on a past day is missed, not a problem to fix',
    account: 'slots:\n  daily: ["09:00"]',
    now: '2026-12-05T07:00:00Z',
    posts: [{ id: 'dated', at: '2026-12-03' }],
    expected: { dated: 'missed: its day, 2026-12-03, has passed' },
  },
  {
    name: 'min-gap: a slot too close to an explicit post is skipped',
    account: 'slots:\n  daily: ["09:00", "09:30", "11:00"]\nlimits: { min_gap_minutes: 60 }',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'fixed', at: '2026-12-01 08:45' }, { id: 'a' }, { id: 'b' }],
    expected: {
      fixed: '2026-12-01T08:45:00+01:00',
      a: '2026-12-01T11:00:00+01:00', // 09:00 and 09:30 are within 60 min of 08:45
      b: '2026-12-02T09:00:00+01:00',
    },
  },
  {
    name: 'min-gap: placed posts keep the gap with each other',
    account: 'slots:\n  daily: ["09:00", "09:30", "10:00"]\nlimits: { min_gap_minutes: 60 }',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'a' }, { id: 'b' }],
    expected: { a: '2026-12-01T09:00:00+01:00', b: '2026-12-01T10:00:00+01:00' },
  },
  {
    name: 'min-gap off: neighbouring slots are fine',
    account: 'slots:\n  daily: ["09:00", "09:10"]\nrules:\n  min-gap: off',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'a' }, { id: 'b' }],
    expected: { a: '2026-12-01T09:00:00+01:00', b: '2026-12-01T09:10:00+01:00' },
  },
  {
    name: 'max-posts-per-day: a full local day is skipped',
    account: 'slots:\n  daily: ["09:00", "12:00", "15:00"]\nlimits: { max_posts_per_day: 2 }',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'fixed', at: '2026-12-01 20:00' }, { id: 'a' }, { id: 'b' }],
    expected: {
      fixed: '2026-12-01T20:00:00+01:00',
      a: '2026-12-01T09:00:00+01:00',
      b: '2026-12-02T09:00:00+01:00',
    },
  },
  {
    name: 'max-posts-per-day counts the local day, not the UTC day',
    account: 'slots:\n  daily: ["00:30", "09:00"]\nlimits: { max_posts_per_day: 1 }\nrules:\n  min-gap: off',
    timezone: 'Asia/Tokyo',
    now: '2026-11-30T12:00:00Z', // 21:00 Tokyo
    // 2026-11-30T20:00Z is 05:00 Tokyo on Dec 1, the same local day as the 00:30 slot.
    posts: [{ id: 'fixed', at: '2026-11-30T20:00:00Z' }, { id: 'a' }],
    expected: { fixed: '2026-12-01T05:00:00+09:00', a: '2026-12-02T00:30:00+09:00' },
  },
  {
    name: 'max-per-category-per-day: a third deal waits for the next day, news still fills the day',
    account:
      'slots:\n  daily: ["09:00", "11:00", "13:00", "15:00"]\nlimits: { max_per_category_per_day: { deals: 2 }, promo_share: 1 }',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'd1', category: 'deals', expires: '2026-12-31' },
      { id: 'd2', category: 'deals', expires: '2026-12-31' },
      { id: 'd3', category: 'deals', expires: '2026-12-31' },
      { id: 'n1' },
    ],
    expected: {
      d1: '2026-12-01T09:00:00+01:00',
      d2: '2026-12-01T11:00:00+01:00',
      d3: '2026-12-02T09:00:00+01:00',
      n1: '2026-12-01T13:00:00+01:00',
    },
  },
  {
    name: 'promo-share: deals wait until enough other posts make room',
    // max 0.5: allowed = max(1, floor(0.5 × posts)) in the 7 days up to each deal.
    account: 'slots:\n  daily: ["09:00", "12:00", "15:00"]\nlimits: { promo_share: 0.5 }',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'd1', category: 'deals', expires: '2026-12-31' },
      { id: 'd2', category: 'deals', expires: '2026-12-31' },
      { id: 'n1' },
      { id: 'n2' },
    ],
    expected: {
      d1: '2026-12-01T09:00:00+01:00', // 1 deal of 1 post: allowed (at least 1)
      // d2's turn comes before n1 and n2 are placed: 2 deals of 2 posts would break the share until
      // d1 leaves the 7-day window.
      d2: '2026-12-08T09:00:00+01:00',
      n1: '2026-12-01T12:00:00+01:00',
      n2: '2026-12-01T15:00:00+01:00',
    },
  },
  {
    name: 'promo-share: a deal with no room in the horizon is tried again after the rest of the queue',
    account: 'slots:\n  daily: ["09:00", "12:00", "15:00"]\nlimits: { promo_share: 0.5 }',
    config: 'planning:\n  horizon_days: 3',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'd1', category: 'deals', expires: '2026-12-31' },
      { id: 'd2', category: 'deals', expires: '2026-12-31' },
      { id: 'n1' },
      { id: 'n2' },
    ],
    expected: {
      d1: '2026-12-01T09:00:00+01:00',
      n1: '2026-12-01T12:00:00+01:00',
      n2: '2026-12-01T15:00:00+01:00',
      d2: '2026-12-02T09:00:00+01:00', // 2 deals of 4 posts
    },
  },
  {
    name: 'promo-share: unplaced when the share leaves no room',
    account: 'slots:\n  daily: ["09:00", "12:00", "15:00"]\nlimits: { promo_share: 0.5 }',
    config: 'planning:\n  horizon_days: 3',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'd1', category: 'deals', expires: '2026-12-31' },
      { id: 'd2', category: 'deals', expires: '2026-12-31' },
    ],
    expected: {
      d1: '2026-12-01T09:00:00+01:00',
      d2: 'unplaced: no free slot until 2026-12-04 (horizon 3 days): promo-share (at most 50% deals in 7 days) leaves no room for another deal',
    },
  },
  {
    name: 'promo-share: a deal may not break the window of a later explicit deal',
    account: 'slots:\n  daily: ["09:00"]\nlimits: { promo_share: 0.3 }',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'fixed', category: 'deals', at: '2026-12-03 18:00', expires: '2026-12-31' },
      { id: 'd1', category: 'deals', expires: '2026-12-31' },
    ],
    expected: {
      fixed: '2026-12-03T18:00:00+01:00',
      // Any deal up to 7 days before the fixed one would make its window 2 deals of 2 posts.
      d1: '2026-12-11T09:00:00+01:00',
    },
  },
  {
    name: 'quiet-hours: slots in the quiet hours (wrapping midnight) are skipped',
    account:
      'slots:\n  daily: ["06:30", "22:30", "23:00"]\nlimits: { quiet_hours: { start: "22:00", end: "07:00" } }',
    now: '2026-12-01T04:00:00Z',
    posts: [{ id: 'a' }],
    expected: {
      a: 'unplaced: no free slot until 2027-03-01 (horizon 90 days): quiet-hours (22:00-07:00) cover the slots',
    },
  },
  {
    name: 'quiet-hours: the end is exclusive',
    account:
      'slots:\n  daily: ["06:59", "07:00"]\nlimits: { quiet_hours: { start: "22:00", end: "07:00" } }\nrules:\n  min-gap: off',
    now: '2026-12-01T04:00:00Z',
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-01T07:00:00+01:00' },
  },
  {
    name: 'deal expires: a slot at or after `expires` is not used; a deal with no room left before it is missed',
    account: 'slots:\n  daily: ["09:00"]',
    now: '2026-12-01T07:00:00Z',
    posts: [
      { id: 'fixed', at: '2026-12-01 09:00' },
      { id: 'd1', category: 'deals', expires: '2026-12-02 09:00' },
      { id: 'd2', category: 'deals', expires: '2026-12-03' },
    ],
    expected: {
      fixed: '2026-12-01T09:00:00+01:00',
      d1: 'missed: no free slot is left before the deal expires at 2026-12-02T09:00:00+01:00; the last one has passed',
      d2: '2026-12-02T09:00:00+01:00',
    },
  },
  {
    name: 'horizon: posts that do not fit before the horizon are unplaced with the reason',
    account: 'slots:\n  daily: ["09:00"]',
    config: 'planning:\n  horizon_days: 2',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
    expected: {
      a: '2026-12-01T09:00:00+01:00',
      b: '2026-12-02T09:00:00+01:00',
      c: 'unplaced: no free slot until 2026-12-03 (horizon 2 days): every slot is taken',
      d: 'unplaced: no free slot until 2026-12-03 (horizon 2 days): every slot is taken',
    },
  },
  {
    name: 'no slots at all',
    account: '',
    now: '2026-12-01T07:00:00Z',
    posts: [{ id: 'a' }],
    expected: {
      a: 'unplaced: no free slot until 2027-03-01 (horizon 90 days): the account has no posting slots (add `slots:` to its account file)',
    },
  },
  {
    name: 'DST spring forward: a 02:30 slot does not exist that day and is skipped',
    account: 'slots:\n  daily: ["02:30"]',
    now: '2027-03-27T12:00:00Z', // the clocks go forward in Berlin on Sunday 2027-03-28 at 02:00
    posts: [{ id: 'a' }, { id: 'b' }],
    expected: { a: '2027-03-29T02:30:00+02:00', b: '2027-03-30T02:30:00+02:00' },
  },
  {
    name: 'DST fall back: a 02:30 slot in the repeated hour is used once, at its first occurrence',
    account: 'slots:\n  daily: ["02:30"]\nrules:\n  min-gap: off',
    now: '2026-10-24T12:00:00Z', // clocks go back in Berlin on Sunday 2026-10-25 at 03:00
    posts: [{ id: 'a' }, { id: 'b' }],
    expected: { a: '2026-10-25T02:30:00+02:00', b: '2026-10-26T02:30:00+01:00' },
  },
  {
    name: 'another time zone: slots are local to the account',
    account: 'slots:\n  daily: ["09:00"]',
    timezone: 'America/New_York',
    now: '2026-12-01T15:01:00Z', // 10:01 in New York, past the late window of the 09:00 slot
    posts: [{ id: 'a' }],
    expected: { a: '2026-12-02T09:00:00-05:00' },
  },
];

describe('planner', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const { actual, outcome } = plan(testCase);
      expect(actual).toEqual(testCase.expected);
      // Lint checks the planned schedule: no placed queued post breaks a rule.
      const queued = new Set(testCase.posts.filter((p) => !p.at || !p.at.includes(':')).map((p) => p.id));
      const onQueued = outcome.problems.filter(
        (p) =>
          p.postId && queued.has(p.postId) && !['no-free-slot', 'deal-expiry', 'missed'].includes(p.ruleId),
      );
      expect(onQueued).toEqual([]);
      // Every unplaced post is a lint problem.
      const unplaced = Object.entries(testCase.expected).filter(([, v]) => v.startsWith('unplaced'));
      expect(outcome.problems.filter((p) => p.ruleId === 'no-free-slot').map((p) => p.postId)).toEqual(
        unplaced.map(([id]) => id),
      );
      // A missed post is one `missed` warning and nothing else: time alone never turns lint red.
      const missed = Object.entries(testCase.expected)
        .filter(([, v]) => v.startsWith('missed'))
        .map(([id]) => id);
      expect(
        outcome.problems.filter((p) => p.ruleId === 'missed').map((p) => [p.postId, p.severity]),
      ).toEqual(missed.map((id) => [id, 'warn']));
      expect(
        outcome.problems.filter((p) => missed.includes(p.postId ?? '') && p.ruleId !== 'missed'),
      ).toEqual([]);
    });
  }

  it('a published post keeps the slot it was planned for, though it went out late', () => {
    const testCase: PlanCase = {
      name: 'late',
      account: 'slots:\n  daily: ["09:00", "12:00", "17:00"]\nrules:\n  min-gap: off',
      now: '2026-12-01T11:20:00Z', // 12:20 Berlin
      posts: [{ id: 'sent' }, { id: 'next' }],
      expected: {},
    };
    const record = (planned: Date | undefined) =>
      new Map([
        [
          'a',
          new Map([
            [
              'sent',
              {
                postId: 'sent',
                at: new Date('2026-12-01T11:10:00Z'), // went out at 12:10, 10 min after its slot
                platformIds: ['1'],
                url: undefined,
                ...(planned ? { planned } : {}),
              },
            ],
          ]),
        ],
      ]);
    expect(plan(testCase, record(new Date('2026-12-01T11:00:00Z'))).actual).toEqual({
      sent: '2026-12-01T12:10:00+01:00',
      next: '2026-12-01T17:00:00+01:00',
    });
  });

  it('published posts take their slot and are marked published', () => {
    const testCase: PlanCase = {
      name: 'published',
      account: 'slots:\n  daily: ["09:00", "12:00"]',
      now: '2026-12-01T09:01:00Z', // 10:01 Berlin, past the late window of the 09:00 slot
      posts: [{ id: 'sent' }, { id: 'next' }],
      expected: {},
    };
    const published = new Map([
      [
        'a',
        new Map([
          [
            'sent',
            { postId: 'sent', at: new Date('2026-12-01T11:00:00Z'), platformIds: ['1'], url: undefined },
          ],
        ]),
      ],
    ]);
    const { actual, timeline } = plan(testCase, published);
    expect(actual).toEqual({ sent: '2026-12-01T12:00:00+01:00', next: '2026-12-02T09:00:00+01:00' });
    expect(timeline.entries.find((e) => e.post.id === 'sent')?.published?.platformIds).toEqual(['1']);
  });

  it('plans several accounts in their own zones independently', () => {
    const files = {
      'accounts/berlin.yaml': accountYaml('slots:\n  daily: ["09:00"]', { timezone: 'Europe/Berlin' }),
      'accounts/tokyo.yaml': accountYaml('slots:\n  daily: ["09:00"]', {
        timezone: 'Asia/Tokyo',
        handle: 'tokyo',
      }),
      'content/berlin/c.yaml': calendar([{ id: 'a' }]),
      'content/tokyo/c.yaml': calendar([{ id: 'a' }]),
    };
    const { timeline } = analyseWorkspace(rawWorkspaceFromFiles(files), {
      now: new Date('2026-12-01T06:00:00Z'),
    });
    expect(timeline.entries.map((e) => [e.account.id, e.at?.toISOString()])).toEqual([
      ['berlin', '2026-12-01T08:00:00.000Z'],
      ['tokyo', '2026-12-02T00:00:00.000Z'],
    ]);
  });
});
