// What the two duplicate rules (duplicate-text, cross-account-duplicate) share: the text they compare and
// how a match is reported on the later post, naming the earlier one.
import type { TimelineEntry } from '../schedule/timeline.js';
import type { RuleReport } from './define-rule.js';
import type { EarlierMatch } from './similarity.js';

/** The text compared for duplicates: the main text as it will be sent. */
export function comparedText(entry: TimelineEntry): string {
  return entry.rendered.parts[0]?.text ?? entry.post.text;
}

/**
 * Report every match (`matches[i]` for `entries[i]`) on the later post's text, as `same` or `similar`,
 * with `other`, `where` and `percent` in the data, plus what `extra` adds for the rule's message.
 */
export function reportMatches(
  report: (report: RuleReport<'same' | 'similar'>) => void,
  entries: readonly TimelineEntry[],
  matches: readonly (EarlierMatch | undefined)[],
  extra: (earlier: TimelineEntry, later: TimelineEntry) => Record<string, string | number>,
): void {
  matches.forEach((match, index) => {
    if (!match) return;
    const later = entries[index]!;
    const earlier = entries[match.earlier]!;
    report({
      post: later.post,
      field: 'text',
      messageId: match.identical ? 'same' : 'similar',
      data: {
        other: `${earlier.account.accountId}/${earlier.post.id}`,
        where: `${earlier.post.file}:${earlier.post.position.line}`,
        percent: Math.floor(match.similarity * 100),
        ...extra(earlier, later),
      },
    });
  });
}
