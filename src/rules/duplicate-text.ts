// duplicate-text: one account does not repeat the same or nearly the same text within a window
// (X answers a repeated text with 403 "You are not allowed to create a Tweet with duplicate content").
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { comparedText, reportMatches } from '../lint/duplicates.js';
import { DEFAULT_THRESHOLD, findEarlierMatches, MIN_THRESHOLD } from '../lint/similarity.js';
import type { TimelineEntry } from '../schedule/timeline.js';

const DAY_MS = 86_400_000;

/** "3 days before", "5 h before", or why an unscheduled post counts as within the window. */
export function describeGap(earlier: TimelineEntry, later: TimelineEntry): string {
  if (!earlier.at || !later.at) return 'with no time yet on one of them, which counts as within the window';
  const ms = later.at.getTime() - earlier.at.getTime();
  if (ms === 0) return 'at the same time';
  if (ms < 2 * DAY_MS) return `${Math.max(1, Math.round(ms / 3_600_000))} h before`;
  return `${Math.floor(ms / DAY_MS)} days before`;
}

export default defineRule({
  id: 'duplicate-text',
  meta: {
    description:
      'An account does not post the same or nearly the same text twice within `days` days (X refuses duplicates).',
    defaultSeverity: 'error',
    defaultOptions: { days: 30, threshold: DEFAULT_THRESHOLD },
    optionsSchema: z
      .strictObject({ days: z.int().min(1), threshold: z.number().min(MIN_THRESHOLD).max(1) })
      .partial(),
    messages: {
      same: 'Same text as {{other}} ({{where}}), {{when}}; X refuses a repeated text: reword it or keep the two more than {{days}} days apart.',
      similar:
        'Text is {{percent}}% the same as {{other}} ({{where}}), {{when}}; X treats near-identical posts as duplicates: reword it or keep the two more than {{days}} days apart.',
    },
    limits: { duplicate_window_days: 'days' },
  },
  check(context) {
    for (const account of context.accounts()) {
      const options = context.options(account.id)!;
      // Timeline order: by time, then calendar order; posts without a time come last.
      const entries = context.timeline.byAccount.get(account.id) ?? [];
      const windowMs = options.days * DAY_MS;
      const { matches } = findEarlierMatches(entries.map(comparedText), {
        threshold: options.threshold,
        // The nearest earlier repeat decides: if it is outside the window, older ones are too.
        prefer: 'latest',
        cache: context.cache.similarity,
        // The result depends on the texts, their times, the window and the threshold.
        memo: {
          store: context.cache.matches,
          key: `duplicate-text|${windowMs}|${options.threshold}|${entries.map((e) => e.at?.getTime() ?? '').join(',')}`,
        },
        accept(earlier, later) {
          const from = entries[earlier]!.at;
          const to = entries[later]!.at;
          // Without a time a post may land anywhere, so it is treated as within the window of any post.
          return !from || !to || to.getTime() - from.getTime() < windowMs;
        },
      });
      reportMatches(
        (report) => context.report(report),
        entries,
        matches,
        (earlier, later) => ({
          when: describeGap(earlier, later),
          days: options.days,
        }),
      );
    }
  },
});
