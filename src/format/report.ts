// Formats a scorecard report as a terminal table, JSON, CSV (one row per post) or HTML (report-html.ts).
import { formatCsv } from './csv.js';
import type { ReportFormat } from './formats.js';
import type { AccountScorecard, LimitFinding, Money, Report } from '../report/scorecard.js';
import { printable, escapeJsonControls } from './printable.js';
import { formatReportHtml } from './report-html.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

/** JSON: the Report object; absent values are `null` so every key is always there (docs/scorecards.md#json). */
export function formatReportJson(report: Report): string {
  const json = JSON.stringify(report, (_key, value: unknown) => (value === undefined ? null : value), 2);
  return `${escapeJsonControls(json)}\n`;
}

/** Currencies that occur anywhere in the report, sorted. */
export function reportCurrencies(report: Report): string[] {
  const set = new Set<string>();
  for (const post of report.posts) for (const m of post.business) set.add(m.currency);
  return [...set].sort();
}

/**
 * CSV: one row per published post in the range, with its metrics and its orders, and one
 * `revenue_<CUR>` column per currency in the report (revenue is never summed across currencies).
 */
export function formatReportCsv(report: Report): string {
  const currencies = reportCurrencies(report);
  const columns = [
    'account',
    'post_id',
    'category',
    'published_at',
    'url',
    'code',
    'likes',
    'reposts',
    'replies',
    'quotes',
    'impressions',
    'engagement',
    'orders',
    ...currencies.map((c) => `revenue_${c}`),
  ];
  const rows = report.posts.map((post) => {
    const m = post.metrics;
    const byCurrency = new Map(post.business.map((b) => [b.currency, b]));
    return [
      post.account,
      post.post,
      post.category,
      post.publishedAt,
      post.url,
      post.code,
      m?.likes ?? '',
      m?.reposts ?? '',
      m?.replies ?? '',
      m?.quotes ?? '',
      m?.impressions ?? '',
      m?.engagement ?? '',
      post.business.reduce((n, b) => n + b.orders, 0),
      ...currencies.map((c) => (byCurrency.has(c) ? money(byCurrency.get(c)!.revenue, c) : '')),
    ];
  });
  return formatCsv(columns, rows);
}

/** An amount with its currency's usual decimals (JPY 0, USD 2), more only when it has them. */
export function money(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // An ISO-shaped code Intl does not know: keep two decimals.
  }
  const fixed = amount.toFixed(digits);
  return Number(fixed) === amount ? fixed : String(amount);
}

const number = (n: number | undefined, digits = 1) =>
  n === undefined ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(digits);
const percent = (share: number) => `${Math.round(share * 100)}%`;
const moneyLine = (m: Money) =>
  `${m.currency} ${money(m.revenue, m.currency)} from ${m.orders} order${m.orders === 1 ? '' : 's'}`;

/** One line describing a limit finding (shared with the HTML report). */
export function describeFinding(finding: LimitFinding): string {
  switch (finding.kind) {
    case 'daily-cap':
      return `${finding.date}: ${finding.posts} post${finding.posts === 1 ? '' : 's'}, ${finding.status === 'over' ? 'over' : 'at'} the daily cap of ${finding.cap}`;
    case 'min-gap':
      return `${finding.post}: ${finding.minutes} min after ${finding.previous}, ${finding.status === 'under' ? 'under' : 'within 10% of'} the ${finding.minGap}-min gap`;
    case 'promo-share':
      return `${finding.post}: deals were ${percent(finding.share)} of the 7 days before it, ${finding.status === 'over' ? 'over' : 'within 10% of'} the ${percent(finding.limit)} limit`;
  }
}

function accountTable(card: AccountScorecard): string[] {
  const lines: string[] = [];
  const label = (name: string) => `  ${name.padEnd(13)}`;
  const indent = ' '.repeat(15);
  lines.push(`${card.account} (@${card.handle.replace(/^@/, '')}${card.name ? `, ${card.name}` : ''})`);
  const categories = Object.entries(card.posts.byCategory)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  lines.push(
    `${label('Posts')}${card.posts.total}${categories ? ` (${categories})` : ''}, promotional share ${percent(card.posts.promotionalShare)}`,
  );
  if (card.posts.byWeek.length > 0) {
    lines.push(`${label('By week')}${card.posts.byWeek.map((w) => `${w.week}: ${w.total}`).join('  ')}`);
  }
  const f = card.followers;
  lines.push(
    `${label('Followers')}${f.end ? `${f.start?.count ?? '-'} → ${f.end.count} (${f.growth !== undefined && f.growth >= 0 ? '+' : ''}${f.growth ?? '-'})` : 'no snapshot yet (run chorus metrics)'}`,
  );
  const e = card.engagement;
  if (e.measuredPosts === 0) lines.push(`${label('Engagement')}no metrics yet (run chorus metrics)`);
  else {
    lines.push(
      `${label('Engagement')}${e.total} on ${e.measuredPosts} posts, ${number(e.perPost)} per post (likes ${e.likes}, reposts ${e.reposts}, replies ${e.replies}, quotes ${e.quotes}${e.impressions !== undefined ? `; impressions ${e.impressions}` : ''})`,
    );
    lines.push(
      `${indent}participation ${number(e.participation, 2)} replies per post, influence ${number(e.influence, 2)} reposts+quotes per post`,
    );
    lines.push(
      `${label('By category')}${e.byCategory.map((c) => `${c.category}: ${c.engagement} on ${c.posts} (${number(c.perPost)}/post)`).join('  ')}`,
    );
  }
  const pressure = [
    ...card.limits.findings.map(describeFinding),
    ...card.limits.problems.map((p) => `${p.post}: ${p.severity} ${p.ruleId}: ${p.message}`),
  ];
  lines.push(`${label('Limits')}${pressure.length === 0 ? 'none met or broken' : pressure[0]}`);
  for (const line of pressure.slice(1)) lines.push(`${indent}${line}`);
  if (card.business.byCurrency.length > 0) {
    card.business.byCurrency.forEach((m, i) => {
      const perK =
        m.perThousandFollowers !== undefined
          ? `, ${money(m.perThousandFollowers, m.currency)} per 1000 followers`
          : '';
      lines.push(`${i === 0 ? label('Business') : indent}${moneyLine(m)}${perK}`);
    });
    for (const c of card.business.byCategory) lines.push(`${indent}  ${c.category}: ${moneyLine(c)}`);
  }
  if (card.topPosts.length > 0) {
    card.topPosts.forEach((post, i) => {
      lines.push(
        `${i === 0 ? label('Top posts') : indent}${i + 1}. ${post.post} (${post.category}, ${post.localDate}) ${post.metrics!.engagement}  ${post.url}`,
      );
    });
  }
  return lines;
}

/** The readable terminal report. */
export function formatReportTable(report: Report): string {
  const { from, to } = report.range;
  const range = from || to ? `${from ?? 'the first post'} to ${to ?? 'the latest'}` : 'all published posts';
  const out = [`Scorecards, ${range}`, ''];
  for (const card of report.accounts) out.push(...accountTable(card), '');
  if (report.business.conversions) {
    out.push(
      `Business, all accounts: ${report.business.byCurrency.length === 0 ? 'no conversions' : report.business.byCurrency.map(moneyLine).join('; ')}`,
    );
    if (report.business.outsideReport > 0) {
      out.push(
        `  ${report.business.outsideReport} conversion rows are for posts or dates outside this report`,
      );
    }
    if (report.business.unmatched.length > 0) {
      out.push(`  ${report.business.unmatched.length} conversion rows match no published post:`);
      for (const u of report.business.unmatched) {
        out.push(
          `    line ${u.line}: ${u.code} (${u.reason === 'unknown' ? 'unknown code' : `${u.account}/${u.post} not published`}) ${moneyLine(u)}`,
        );
      }
    }
  }
  // Handles, names, post ids and codes come from workspace files and the conversions feed.
  return printable(`${out.join('\n').trimEnd()}\n`);
}

/** Format the report. */
export function formatReport(report: Report, format: ReportFormat, options: { chartScript: string }): string {
  if (format === 'json') return formatReportJson(report);
  if (format === 'csv') return formatReportCsv(report);
  if (format === 'html') return formatReportHtml(report, options);
  return formatReportTable(report);
}
