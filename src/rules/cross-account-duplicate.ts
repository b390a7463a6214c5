// cross-account-duplicate: two accounts do not post the same or substantially similar text
// (X's automation rules forbid identical or substantially similar content across accounts).
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { comparedText, reportMatches } from '../lint/duplicates.js';
import { DEFAULT_THRESHOLD, findEarlierMatches, MIN_THRESHOLD } from '../lint/similarity.js';

export default defineRule({
  id: 'cross-account-duplicate',
  meta: {
    description:
      'Two accounts do not post the same or substantially similar text, at any time (X forbids it across accounts).',
    defaultSeverity: 'error',
    defaultOptions: { threshold: DEFAULT_THRESHOLD },
    optionsSchema: z.strictObject({ threshold: z.number().min(MIN_THRESHOLD).max(1) }).partial(),
    messages: {
      same: 'Same text as {{other}} of account {{account}} ({{where}}); X forbids posting identical content on several accounts.',
      similar:
        'Text is {{percent}}% the same as {{other}} of account {{account}} ({{where}}); X forbids substantially similar content on several accounts.',
    },
  },
  check(context) {
    const enabled = new Set(context.accounts().map((account) => account.id));
    // Timeline order (by time, posts without a time last), so "earlier" is what followers see first.
    const entries = context.timeline.entries.filter((entry) => enabled.has(entry.account.id));
    const thresholds = entries.map((entry) => context.options(entry.account.id)!.threshold);
    // Accounts as small numbers: the filter below runs for millions of candidate pairs.
    const accountNumbers = new Map<string, number>();
    const accountOf = Int32Array.from(entries, (entry) => {
      const known = accountNumbers.get(entry.account.id);
      if (known !== undefined) return known;
      accountNumbers.set(entry.account.id, accountNumbers.size);
      return accountNumbers.size - 1;
    });
    const { matches } = findEarlierMatches(entries.map(comparedText), {
      threshold: (later) => thresholds[later]!,
      // Every copy points at the first post of another account, so 3 accounts give 2 reports, not 3.
      prefer: 'earliest',
      cache: context.cache.similarity,
      // The result depends on the texts, their accounts and thresholds: the same again, the same answer.
      memo: {
        store: context.cache.matches,
        key: `cross-account|${thresholds.join(',')}|${accountOf.join(',')}`,
      },
      accept: (earlier, later) => accountOf[earlier] !== accountOf[later],
    });
    reportMatches(
      (report) => context.report(report),
      entries,
      matches,
      (earlier) => ({
        account: earlier.account.id,
      }),
    );
  },
});
