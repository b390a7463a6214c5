// Formats a scorecard report as a terminal table, JSON, CSV or HTML (report-html.ts): the overview of every
// account first, then one section per account, largest revenue first.
import { accountIdOf, channelOf } from '../model/types.js';
import { formatCsv } from './csv.js';
import type { ReportFormat } from './formats.js';
import type { AccountScorecard, Money, Report } from '../report/scorecard.js';
import { printable, escapeJsonControls } from './printable.js';
import { formatReportHtml } from './report-html.js';
import {
  costParts,
  describeFinding,
  NUMERIC_COLUMNS,
  OVERVIEW_COLUMNS,
  type OverviewCells,
  overviewCells,
  plural,
  rangeText,
  verdictText,
} from './report-text.js';
import {
  currencyDigits,
  formatChange,
  formatCount,
  formatDecimal,
  formatInstant,
  formatLocalDate,
  formatMoney,
  formatMoneyList,
  formatPercent,
  formatShortDate,
  NONE,
  reportLocale,
} from './report-numbers.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

/**
 * JSON: the Report object; absent values are `null` so every key is always there (docs/scorecards.md#json).
 * Every object with an `account` (a channel key inside Chorus) shows the account id there and the channel's
 * network in `channel` (null for a channel-less account).
 */
export function formatReportJson(report: Report): string {
  const json = JSON.stringify(
    report,
    (_key, value: unknown) => {
      if (value === undefined) return null;
      if (value && typeof value === 'object' && !Array.isArray(value) && 'account' in value) {
        if (typeof value.account !== 'string') return value;
        // `channel` right after `account`, the other keys in their order.
        const out: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(value)) {
          if (key !== 'account') out[key] = field;
          else {
            out.account = accountIdOf(field as string);
            out.channel = channelOf(field as string) ?? null;
          }
        }
        return out;
      }
      return value;
    },
    2,
  );
  return `${escapeJsonControls(json)}\n`;
}

/** Currencies that occur anywhere in the report (revenue or cost), sorted. */
export function reportCurrencies(report: Report): string[] {
  const set = new Set<string>();
  for (const post of report.posts) for (const m of post.business) set.add(m.currency);
  return [...set].sort();
}

/** An amount as a plain machine number with its currency's usual decimals (CSV): "4676.38", "70723". */
export function money(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  const fixed = amount.toFixed(digits);
  return Number(fixed) === amount ? fixed : String(amount);
}

/** The overview as CSV rows: one per account, revenue and revenue − cost one column per currency. */
function overviewCsv(report: Report): string {
  const currencies = [
    ...new Set(
      report.overview.flatMap((row) => [
        ...row.revenue.map((m) => m.currency),
        ...row.net.map((n) => n.currency),
      ]),
    ),
  ].sort();
  const columns = [
    'account',
    'handle',
    'network',
    'purpose',
    'published',
    'missed',
    'failed',
    'promotional_share',
    'promo_limit',
    'rules_broken',
    'follower_change',
    'engagement_per_post',
    ...currencies.map((c) => `revenue_${c}`),
    ...currencies.map((c) => `revenue_per_1000_followers_${c}`),
    'cost_currency',
    'cost',
    ...currencies.map((c) => `revenue_minus_cost_${c}`),
    'verdict',
    // Last, so readers of the first columns by position keep working: the network of a channel.
    'channel',
  ];
  const round = (n: number | undefined, digits: number) =>
    n === undefined ? '' : String(Math.round(n * 10 ** digits) / 10 ** digits);
  const rows = report.overview.map((row) => [
    accountIdOf(row.account),
    row.handle.replace(/^@/, ''),
    row.network,
    row.purpose,
    row.published,
    row.missed,
    row.failed,
    round(row.promotionalShare, 3),
    round(row.promoLimit, 3),
    row.rulesBroken,
    row.followerChange ?? '',
    round(row.engagementPerPost, 1),
    ...currencies.map((c) => {
      const m = row.revenue.find((r) => r.currency === c);
      return m ? money(m.revenue, c) : '';
    }),
    ...currencies.map((c) => {
      const m = row.revenuePerThousandFollowers.find((r) => r.currency === c);
      return m ? money(m.amount, c) : '';
    }),
    row.cost?.currency ?? '',
    row.cost ? String(row.cost.amount) : '',
    ...currencies.map((c) => {
      const n = row.net.find((r) => r.currency === c);
      return n ? String(n.net) : '';
    }),
    verdictText(row.verdict, (date) => date),
    channelOf(row.account) ?? '',
  ]);
  return formatCsv(columns, rows);
}

/** The published posts as CSV rows, with their metrics and one `revenue_<CUR>` column per currency. */
function postsCsv(report: Report): string {
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
    'channel',
  ];
  const rows = report.posts.map((post) => {
    const m = post.metrics;
    const byCurrency = new Map(post.business.map((b) => [b.currency, b]));
    return [
      accountIdOf(post.account),
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
      channelOf(post.account) ?? '',
    ];
  });
  return formatCsv(columns, rows);
}

/**
 * CSV: two tables separated by one empty line: the overview (one row per account, in the report's order),
 * then one row per published post with its metrics and orders. Numbers are plain (a dot, no separators), so
 * any spreadsheet reads them; revenue is never summed across currencies.
 */
export function formatReportCsv(report: Report): string {
  return `${overviewCsv(report)}\n${postsCsv(report)}`;
}

/** Display width of a cell: wide (CJK, fullwidth) characters take two columns. */
function width(text: string): number {
  let n = 0;
  for (const char of text)
    n +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        char,
      )
        ? 2
        : 1;
  return n;
}

const pad = (text: string, to: number, right: boolean) =>
  right ? ' '.repeat(Math.max(0, to - width(text))) + text : text + ' '.repeat(Math.max(0, to - width(text)));

/** The overview as aligned text columns (the verdict last, unpadded). */
function overviewTable(report: Report): string[] {
  const rows = report.overview.map(overviewCells);
  const header = Object.fromEntries(OVERVIEW_COLUMNS) as unknown as OverviewCells;
  const all = [header, ...rows];
  const widths = new Map(OVERVIEW_COLUMNS.map(([key]) => [key, Math.max(...all.map((r) => width(r[key])))]));
  return all.map((row) =>
    OVERVIEW_COLUMNS.map(([key], i) =>
      i === OVERVIEW_COLUMNS.length - 1
        ? row[key]
        : pad(row[key], widths.get(key)!, NUMERIC_COLUMNS.has(key)),
    )
      .join('  ')
      .trimEnd(),
  );
}

function accountTable(card: AccountScorecard): string[] {
  const locale = reportLocale(card.locale);
  const count = (n: number) => formatCount(n, locale);
  const decimal = (n: number | undefined, digits = 1) => formatDecimal(n, locale, digits);
  const moneyOf = (m: Money) =>
    `${formatMoney(m.revenue, m.currency, locale)} from ${count(m.orders)} ${plural(m.orders, 'order')}`;
  const lines: string[] = [];
  const label = (name: string) => `  ${name.padEnd(13)}`;
  const indent = ' '.repeat(15);
  lines.push(
    `${card.account} (@${card.handle.replace(/^@/, '')}${card.name ? `, ${card.name}` : ''}) · ${card.networkName} · ${card.purpose} · ${card.timezone}`,
  );
  lines.push(`${label('Verdict')}${verdictText(card.verdict, (date) => formatShortDate(date, locale))}`);
  const p = card.posts;
  const outcomes = `${count(p.missed)} missed, ${count(p.failed)} failed`;
  if (p.published === 0) lines.push(`${label('Posts')}none published in this period; ${outcomes}`);
  else {
    const categories = Object.entries(p.byCategory)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${count(n)}`)
      .join(', ');
    const limit = p.promoLimit ? ` (limit ${formatPercent(p.promoLimit.max, locale)})` : '';
    lines.push(
      `${label('Posts')}${count(p.published)} published (${categories}), ${outcomes}; promotional share ${formatPercent(p.promotionalShare, locale)}${limit}`,
    );
  }
  if (p.byWeek.length > 1) {
    lines.push(
      `${label('By week')}${p.byWeek.map((w) => `${formatLocalDate(w.week, locale)}: ${count(w.total)}`).join('  ')}`,
    );
  }
  const f = card.followers;
  lines.push(
    `${label('Followers')}${f.end ? `${f.start ? count(f.start.count) : NONE} → ${count(f.end.count)} (${formatChange(f.growth, locale)})` : 'no snapshot yet (run chorus metrics)'}`,
  );
  const e = card.engagement;
  if (p.published === 0) {
    // Nothing published: no engagement line at all rather than zeros.
  } else if (e.measuredPosts === 0) lines.push(`${label('Engagement')}no metrics yet (run chorus metrics)`);
  else {
    lines.push(
      `${label('Engagement')}${count(e.total)} on ${count(e.measuredPosts)} ${plural(e.measuredPosts, 'post')}, ${decimal(e.perPost)} per post (likes ${count(e.likes)}, reposts ${count(e.reposts)}, replies ${count(e.replies)}, quotes ${count(e.quotes)}${e.impressions !== undefined ? `; impressions ${count(e.impressions)}` : ''})`,
    );
    lines.push(
      `${indent}participation ${decimal(e.participation, 2)} replies per post, influence ${decimal(e.influence, 2)} reposts+quotes per post`,
    );
    lines.push(
      `${label('By category')}${e.byCategory.map((c) => `${c.category}: ${count(c.engagement)} on ${count(c.posts)} (${decimal(c.perPost)}/post)`).join('  ')}`,
    );
  }
  const broken = [
    ...card.limits.findings.map((finding) => describeFinding(finding, locale)),
    ...card.limits.problems.map(
      (problem) =>
        `${formatLocalDate(problem.date, locale)}: ${problem.post}: ${problem.severity} ${problem.ruleId}: ${problem.message}`,
    ),
  ];
  lines.push(`${label('Limits')}${broken.length === 0 ? 'none broken' : broken[0]}`);
  for (const line of broken.slice(1)) lines.push(`${indent}${line}`);
  card.business.byCurrency.forEach((m, i) => {
    const perK =
      m.perThousandFollowers !== undefined
        ? `, ${formatMoney(m.perThousandFollowers, m.currency, locale)} per 1,000 followers`
        : '';
    lines.push(`${i === 0 ? label('Business') : indent}${moneyOf(m)}${perK}`);
  });
  for (const c of card.business.byCategory) lines.push(`${indent}  ${c.category}: ${moneyOf(c)}`);
  if (card.cost) {
    lines.push(
      `${label('Posting cost')}${formatMoney(card.cost.amount, card.cost.currency, locale)} (${costParts(card.cost, locale)})`,
    );
  }
  if (card.net.length > 0 && card.business.byCurrency.length > 0) {
    lines.push(
      `${label('Net')}${formatMoneyList(
        card.net.map((n) => ({ currency: n.currency, amount: n.net })),
        locale,
      )} (revenue − posting cost)`,
    );
  }
  card.topPosts.forEach((post, i) => {
    lines.push(
      `${i === 0 ? label('Top posts') : indent}${i + 1}. ${post.post} (${post.category}, ${formatLocalDate(post.localDate, locale)}) ${count(post.metrics!.engagement)}  ${post.url}`,
    );
  });
  return lines;
}

/** The readable terminal report: the overview, then one block per account, then the business totals. */
export function formatReportTable(report: Report): string {
  const out = [
    `Scorecards, ${rangeText(report)} (generated ${formatInstant(report.generatedAt, 'UTC', 'en')} UTC)`,
    '',
    `Overview${report.primaryCurrency ? `, by revenue in ${report.primaryCurrency}` : ''}`,
    ...overviewTable(report).map((line) => `  ${line}`),
    '',
  ];
  for (const card of report.accounts) out.push(...accountTable(card), '');
  const b = report.business;
  const moneyEn = (m: Money) =>
    `${formatMoney(m.revenue, m.currency, 'en')} from ${formatCount(m.orders, 'en')} ${plural(m.orders, 'order')}`;
  if (b.conversions) {
    out.push(
      `Business, all accounts: ${b.byCurrency.length === 0 ? 'no conversions' : b.byCurrency.map(moneyEn).join('; ')}`,
    );
  }
  if (b.cost.length > 0) {
    out.push(
      `Posting cost, all accounts: ${b.cost.map((c) => `${formatMoney(c.amount, c.currency, 'en')} (${costParts(c, 'en')})`).join('; ')}`,
    );
    if (b.conversions && b.byCurrency.length > 0) {
      out.push(
        `Revenue − posting cost, all accounts: ${formatMoneyList(
          b.net.map((n) => ({ currency: n.currency, amount: n.net })),
          'en',
          '; ',
        )}`,
      );
    }
  }
  if (b.conversions) {
    if (b.outsideReport > 0) {
      out.push(
        `  ${formatCount(b.outsideReport, 'en')} conversion rows are for posts or dates outside this report`,
      );
    }
    if (b.unmatched.length > 0) {
      out.push(`  ${b.unmatched.length} conversion rows match no published post:`);
      for (const u of b.unmatched) {
        out.push(
          `    line ${u.line}: ${u.code} (${u.reason === 'unknown' ? 'unknown code' : `${u.account}/${u.post} not published`}) ${moneyEn(u)}`,
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
