// What the table and HTML scorecards say in words, shared by both: the verdict, the broken limits, the
// overview's cells in each account's locale, the range.
import type { CostCounts } from '../report/cost.js';
import type { LimitFinding, OverviewRow, Report, Verdict } from '../report/scorecard.js';
import {
  formatChange,
  formatCount,
  formatDecimal,
  formatLocalDate,
  formatMoney,
  formatMoneyList,
  formatPercent,
  formatShortDate,
  NONE,
  reportLocale,
} from './report-numbers.js';

/**
 * The plain verdict: "within its limits", or "broke min-gap (Dec 9); promo-share (…)", at most `maxDates`
 * dates per rule ("Dec 3, Dec 4, Dec 8 and 3 more").
 */
export function verdictText(
  verdict: Verdict,
  date: (iso: string) => string,
  maxDates = Number.POSITIVE_INFINITY,
): string {
  const dates = (list: string[]) =>
    list.length > maxDates
      ? `${list.slice(0, maxDates).map(date).join(', ')} and ${list.length - maxDates} more`
      : list.map(date).join(', ');
  const list = (items: Verdict['broken']) => items.map((b) => `${b.rule} (${dates(b.dates)})`).join('; ');
  const head = verdict.ok ? 'within its limits' : `broke ${list(verdict.broken)}`;
  return verdict.warnings.length > 0 ? `${head}; warned: ${list(verdict.warnings)}` : head;
}

/** "1 post", "2 posts". */
export const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** One line describing a broken limit (shared with the HTML report), dates in the account's locale. */
export function describeFinding(finding: LimitFinding, locale: string): string {
  const date = formatLocalDate(finding.date, locale);
  switch (finding.rule) {
    case 'max-posts-per-day':
      return `${date}: ${formatCount(finding.posts, locale)} posts, over the daily cap of ${formatCount(finding.cap, locale)}`;
    case 'min-gap':
      return `${date}: ${finding.post} went out ${formatCount(finding.minutes, locale)} min after ${finding.previous}; the account needs ${formatCount(finding.minGap, locale)} min`;
    case 'promo-share':
      return `${date}: ${finding.post}: ${finding.deals} of the ${finding.posts} posts in the ${finding.days} days up to it were deals; ${finding.allowed} allowed (${formatPercent(finding.limit, locale)})`;
  }
}

/** "8 posts, 6 of them with a URL, 35 reads" for a cost: what was bought. */
export function costParts(cost: CostCounts, locale: string): string {
  const posts = cost.postsWithoutUrl + cost.postsWithUrl;
  return `${formatCount(posts, locale)} ${plural(posts, 'post')}, ${formatCount(cost.postsWithUrl, locale)} of them with a URL, ${formatCount(cost.reads, locale)} ${plural(cost.reads, 'read')}`;
}

/** The figures the table and HTML show for an overview row, already formatted in the account's locale. */
export interface OverviewCells {
  account: string;
  network: string;
  purpose: string;
  published: string;
  missed: string;
  failed: string;
  promo: string;
  broken: string;
  followers: string;
  engagement: string;
  revenue: string;
  perThousand: string;
  cost: string;
  net: string;
  verdict: string;
}

/** Format one overview row in its account's locale (shared by the table and the HTML page). */
export function overviewCells(row: OverviewRow): OverviewCells {
  const locale = reportLocale(row.locale);
  const nothing = row.published === 0;
  return {
    account: row.account,
    network: row.networkName,
    purpose: row.purpose,
    published: formatCount(row.published, locale),
    missed: formatCount(row.missed, locale),
    failed: formatCount(row.failed, locale),
    promo: nothing
      ? NONE
      : `${formatPercent(row.promotionalShare, locale)} / ${row.promoLimit === undefined ? 'no limit' : formatPercent(row.promoLimit, locale)}`,
    broken: formatCount(row.rulesBroken, locale),
    followers: formatChange(row.followerChange, locale),
    engagement: formatDecimal(row.engagementPerPost, locale),
    revenue: formatMoneyList(
      row.revenue.map((m) => ({ currency: m.currency, amount: m.revenue })),
      locale,
    ),
    perThousand: formatMoneyList(row.revenuePerThousandFollowers, locale),
    cost: row.cost ? formatMoney(row.cost.amount, row.cost.currency, locale) : NONE,
    net: formatMoneyList(
      row.net.map((n) => ({ currency: n.currency, amount: n.net })),
      locale,
    ),
    // The overview stays one glance: three dates per rule, the section lists them all.
    verdict: verdictText(row.verdict, (date) => formatShortDate(date, locale), 3),
  };
}

/** Column titles of the overview, in the order of OverviewCells. */
export const OVERVIEW_COLUMNS: [keyof OverviewCells, string][] = [
  ['account', 'Account'],
  ['network', 'Network'],
  ['purpose', 'Purpose'],
  ['published', 'Published'],
  ['missed', 'Missed'],
  ['failed', 'Failed'],
  ['promo', 'Promo / limit'],
  ['broken', 'Broken'],
  ['followers', 'Followers ±'],
  ['engagement', 'Eng./post'],
  ['revenue', 'Revenue'],
  ['perThousand', 'Per 1,000 followers'],
  ['cost', 'Posting cost'],
  ['net', 'Revenue − cost'],
  ['verdict', 'Verdict'],
];

/** Columns holding figures (right-aligned). */
export const NUMERIC_COLUMNS = new Set<keyof OverviewCells>([
  'published',
  'missed',
  'failed',
  'promo',
  'broken',
  'followers',
  'engagement',
  'revenue',
  'perThousand',
  'cost',
  'net',
]);

/** "Dec 1, 2026 to Dec 31, 2026", "all published posts". */
export function rangeText(report: Report, locale = 'en'): string {
  const { from, to } = report.range;
  if (!from && !to) return 'all published posts';
  return `${from ? formatLocalDate(from, locale) : 'the first post'} to ${to ? formatLocalDate(to, locale) : 'the latest'}`;
}
