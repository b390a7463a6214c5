// cross-account-duplicate: two accounts do not post the same or substantially similar text on one network
// (X's automation rules forbid identical or substantially similar content across accounts). One account's
// channels on several networks are one voice: the same words on its X and Bluesky channels are no match.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { comparedText, reportMatches } from '../lint/duplicates.js';
import { DEFAULT_THRESHOLD, findEarlierMatches, MIN_THRESHOLD } from '../lint/similarity.js';

export default defineRule({
  id: 'cross-account-duplicate',
  meta: {
    description:
      'Two accounts do not post the same or substantially similar text on one network, at any time (X forbids it across accounts); one account on several networks is one voice.',
    defaultSeverity: 'error',
    defaultOptions: { threshold: DEFAULT_THRESHOLD },
    optionsSchema: z.strictObject({ threshold: z.number().min(MIN_THRESHOLD).max(1) }).partial(),
    messages: {
      same: 'Same text as {{other}} of account {{account}} ({{where}}) on {{network}}; X forbids posting identical content on several accounts, and on any network it reads as spam.',
      similar:
        'Text is {{percent}}% the same as {{other}} of account {{account}} ({{where}}) on {{network}}; X forbids substantially similar content on several accounts, and on any network it reads as spam.',
    },
  },
  check(context) {
    const enabled = new Set(context.accounts().map((account) => account.id));
    // Timeline order (by time, posts without a time last), so "earlier" is what followers see first.
    const entries = context.timeline.entries.filter((entry) => enabled.has(entry.account.id));
    const thresholds = entries.map((entry) => context.options(entry.account.id)!.threshold);
    // Accounts and networks as small numbers: the filter below runs for millions of candidate pairs. A
    // match counts between two accounts on one network (an account's channels are one voice).
    const numbering = (key: (entry: (typeof entries)[number]) => string) => {
      const numbers = new Map<string, number>();
      return Int32Array.from(entries, (entry) => {
        const known = numbers.get(key(entry));
        if (known !== undefined) return known;
        numbers.set(key(entry), numbers.size);
        return numbers.size - 1;
      });
    };
    const accountOf = numbering((entry) => entry.account.accountId);
    const networkOf = numbering((entry) => entry.account.platform);
    const { matches } = findEarlierMatches(entries.map(comparedText), {
      threshold: (later) => thresholds[later]!,
      // Every copy points at the first post of another account, so 3 accounts give 2 reports, not 3.
      prefer: 'earliest',
      cache: context.cache.similarity,
      // The result depends on the texts, their accounts and thresholds: the same again, the same answer.
      memo: {
        store: context.cache.matches,
        key: `cross-account|${thresholds.join(',')}|${accountOf.join(',')}|${networkOf.join(',')}`,
      },
      accept: (earlier, later) =>
        accountOf[earlier] !== accountOf[later] && networkOf[earlier] === networkOf[later],
    });
    reportMatches(
      (report) => context.report(report),
      entries,
      matches,
      (earlier) => ({
        account: earlier.account.accountId,
        network: context.platform(earlier.account).name,
      }),
    );
  },
});
