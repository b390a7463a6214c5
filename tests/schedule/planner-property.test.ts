// Property: placing queued posts never adds a rule problem that the fixed posts alone do not have.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

const CONSTRAINT_RULES = new Set([
  'min-gap',
  'max-posts-per-day',
  'max-per-category-per-day',
  'promo-share',
  'quiet-hours',
  'deal-expiry',
]);

const post = fc.record({
  category: fc.constantFrom('news', 'blog', 'deals', 'community'),
  // undefined: queued; a number: explicit, minutes after 2026-12-01 00:00 local; a string: date-only.
  at: fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 0, max: 14 * 24 * 60 - 1 }),
    fc.integer({ min: 1, max: 14 }).map((d) => `2026-12-${String(d).padStart(2, '0')}`),
  ),
  expiresDay: fc.integer({ min: 1, max: 20 }),
});

function localTime(minutes: number): string {
  const day = Math.floor(minutes / 1440) + 1;
  const hh = Math.floor((minutes % 1440) / 60);
  const mm = minutes % 60;
  return `2026-12-${String(day).padStart(2, '0')} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

describe('planner soundness (property)', () => {
  it('queued posts never add constraint problems', () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { minLength: 1, maxLength: 8 }),
        fc.record({
          gap: fc.integer({ min: 0, max: 180 }),
          perDay: fc.integer({ min: 1, max: 6 }),
          deals: fc.integer({ min: 0, max: 3 }),
          share: fc.constantFrom(0, 0.2, 0.3, 0.5, 1),
          quiet: fc.boolean(),
        }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        (posts, halfHours, limits, timezone) => {
          const slots = [...new Set(halfHours)]
            .sort((a, b) => a - b)
            .map((h) => `"${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}"`);
          const account = accountYaml(
            [
              `slots:\n  daily: [${slots.join(', ')}]`,
              'limits:',
              `  min_gap_minutes: ${limits.gap}`,
              `  max_posts_per_day: ${limits.perDay}`,
              `  max_per_category_per_day: { deals: ${limits.deals} }`,
              `  promo_share: ${limits.share}`,
              limits.quiet ? '  quiet_hours: { start: "22:00", end: "07:00" }' : '',
            ]
              .filter(Boolean)
              .join('\n'),
            { timezone },
          );
          const yaml = (list: typeof posts) =>
            list
              .map((p, i) =>
                [
                  `- id: p${i}`,
                  `  category: ${p.category}`,
                  `  text: Post ${i}`,
                  p.at === undefined ? '' : `  at: ${typeof p.at === 'number' ? localTime(p.at) : p.at}`,
                  `  expires: 2026-12-${String(p.expiresDay).padStart(2, '0')}`,
                ]
                  .filter(Boolean)
                  .join('\n'),
              )
              .join('\n');
          const now = new Date('2026-11-30T23:00:00Z');
          const keys = (calendar: string) =>
            new Set(
              analyseWorkspace(
                rawWorkspaceFromFiles({ 'accounts/a.yaml': account, 'content/a/c.yaml': calendar }),
                {
                  now,
                },
              )
                .problems.filter((p) => CONSTRAINT_RULES.has(p.ruleId))
                .map((p) => `${p.ruleId} ${p.messageId} ${p.postId}`),
            );
          const all = keys(yaml(posts));
          // The same calendar without queued posts; its ids p0, p1 … map back to the explicit posts.
          const explicitIds = new Map<number, number>();
          posts.forEach((p, i) => {
            if (typeof p.at === 'number') explicitIds.set(explicitIds.size, i);
          });
          const baselineRemapped = new Set(
            [...keys(yaml(posts.filter((p) => typeof p.at === 'number')))].map((k) =>
              k.replace(/ p(\d+)$/, (_, n: string) => ` p${explicitIds.get(Number(n))}`),
            ),
          );
          for (const key of all) expect(baselineRemapped, key).toContain(key);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('time alone never turns lint red (property)', () => {
  it('with no file and no ledger changed, a later lint has no error an earlier one did not have', () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 25 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { minLength: 1, maxLength: 6 }),
        fc.record({
          gap: fc.integer({ min: 0, max: 180 }),
          perDay: fc.integer({ min: 1, max: 6 }),
          deals: fc.integer({ min: 0, max: 3 }),
          share: fc.constantFrom(0, 0.3, 1),
        }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        // Hours after the first lint at which to lint again: within a day, days later, after it all.
        fc.uniqueArray(fc.integer({ min: 1, max: 30 * 24 }), { minLength: 1, maxLength: 4 }),
        (posts, halfHours, limits, timezone, laterHours) => {
          const slots = [...new Set(halfHours)]
            .sort((a, b) => a - b)
            .map((h) => `"${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}"`);
          const account = accountYaml(
            [
              `slots:\n  daily: [${slots.join(', ')}]`,
              'limits:',
              `  min_gap_minutes: ${limits.gap}`,
              `  max_posts_per_day: ${limits.perDay}`,
              `  max_per_category_per_day: { deals: ${limits.deals} }`,
              `  promo_share: ${limits.share}`,
            ].join('\n'),
            { timezone },
          );
          const calendar = posts
            .map((p, i) =>
              [
                `- id: p${i}`,
                `  category: ${p.category}`,
                `  text: Post number ${i} of a calendar that nobody publishes.`,
                p.at === undefined ? '' : `  at: ${typeof p.at === 'number' ? localTime(p.at) : p.at}`,
                `  expires: 2026-12-${String(p.expiresDay).padStart(2, '0')}`,
                p.category === 'deals' ? '  link: https://shop.example.com/x\n  approved_by: ben' : '',
              ]
                .filter(Boolean)
                .join('\n'),
            )
            .join('\n');
          const raw = rawWorkspaceFromFiles({ 'accounts/a.yaml': account, 'content/a/c.yaml': calendar });
          const errorsAt = (now: Date) =>
            new Set(
              analyseWorkspace(raw, { now })
                .problems.filter((p) => p.severity === 'error')
                .map((p) => `${p.ruleId} ${p.postId ?? p.file}`),
            );
          const first = new Date('2026-11-30T23:00:00Z');
          const before = errorsAt(first);
          for (const hours of laterHours) {
            const later = errorsAt(new Date(first.getTime() + hours * 3_600_000));
            for (const key of later) expect(before, `${key}, ${hours} h later`).toContain(key);
          }
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
