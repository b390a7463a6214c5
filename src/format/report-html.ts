// The HTML scorecard: one self-contained page (inline CSS, inline Chart.js, data as inline JSON). The overview
// of every account comes first, then one section per account (one printed page each). Pure: the chart
// library's source is passed in by the CLI.

import type { AccountScorecard, Report, ReportCategory } from '../report/scorecard.js';
import {
  costParts,
  describeFinding,
  NUMERIC_COLUMNS,
  OVERVIEW_COLUMNS,
  overviewCells,
  rangeText,
  verdictText,
} from './report-text.js';
import {
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

/** Colour of each category in every chart (and its legend swatch). */
export const CATEGORY_COLORS: Record<ReportCategory, string> = {
  news: '#2b6cb0',
  deals: '#c05621',
  blog: '#2f855a',
  community: '#6b46c1',
  removed: '#718096',
};

const CURRENCY_COLORS = ['#276749', '#975a16', '#2c5282', '#702459'];

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');

/**
 * The charts of one account (Chart.js configs without functions, so they serialise). Only charts that
 * compare or show a trend: posts and revenue per week need two weeks or more, engagement per category two
 * categories or more; anything less is said in words.
 */
export function chartsOf(card: AccountScorecard): Record<string, unknown> {
  const locale = reportLocale(card.locale);
  const categories = (Object.keys(CATEGORY_COLORS) as ReportCategory[]).filter(
    (c) => card.posts.byCategory[c] > 0,
  );
  const weeks = card.posts.byWeek;
  const labels = weeks.map((w) => formatShortDate(w.week, locale));
  const charts: Record<string, unknown> = {};
  if (weeks.length > 1) {
    charts.cadence = {
      type: 'bar',
      data: {
        labels,
        datasets: categories.map((c) => ({
          label: c,
          data: weeks.map((w) => w.byCategory[c]),
          backgroundColor: CATEGORY_COLORS[c],
        })),
      },
      options: {
        locale,
        plugins: { legend: { position: 'bottom' } },
        scales: {
          x: { stacked: true, title: { display: true, text: 'week of (Monday)' } },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: 'posts' },
          },
        },
      },
    };
    const currencies = [...new Set(weeks.flatMap((w) => w.revenue.map((r) => r.currency)))].sort();
    if (currencies.length > 0) {
      charts.revenue = {
        type: 'bar',
        data: {
          labels,
          datasets: currencies.map((currency, i) => ({
            label: currency,
            data: weeks.map((w) => w.revenue.find((r) => r.currency === currency)?.revenue ?? 0),
            backgroundColor: CURRENCY_COLORS[i % CURRENCY_COLORS.length],
          })),
        },
        options: {
          locale,
          plugins: { legend: { display: currencies.length > 1, position: 'bottom' } },
          scales: {
            x: { title: { display: true, text: 'week of (Monday)' } },
            y: { beginAtZero: true, title: { display: true, text: `revenue (${currencies.join(', ')})` } },
          },
        },
      };
    }
  }
  const measured = card.engagement.byCategory;
  if (measured.length > 1) {
    charts.engagement = {
      type: 'bar',
      data: {
        labels: measured.map((c) => c.category),
        datasets: [
          {
            label: 'engagement per post',
            data: measured.map((c) => Math.round((c.perPost ?? 0) * 10) / 10),
            backgroundColor: measured.map((c) => CATEGORY_COLORS[c.category]),
          },
        ],
      },
      options: {
        locale,
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, title: { display: true, text: 'engagement per post' } } },
      },
    };
  }
  return charts;
}

const chartBox = (id: string, title: string) =>
  `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><div class="canvas"><canvas data-chart="${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div></figure>`;

const kpi = (label: string, value: string, note = '') =>
  `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;

const verdictClass = (ok: boolean) => (ok ? 'ok' : 'broke');

function accountSection(
  card: AccountScorecard,
  index: number,
  charts: Record<string, Record<string, unknown>>,
): string {
  const locale = reportLocale(card.locale);
  const own = chartsOf(card);
  const id = (name: string) => `a${index}-${name}`;
  for (const [name, spec] of Object.entries(own)) charts[id(name)] = spec as Record<string, unknown>;
  const p = card.posts;
  const f = card.followers;
  const e = card.engagement;
  const nothing = p.published === 0;
  const orders = card.business.byCurrency.reduce((n, m) => n + m.orders, 0);
  const kpis = [
    kpi(
      'Published',
      formatCount(p.published, locale),
      `${formatCount(p.missed, locale)} missed · ${formatCount(p.failed, locale)} failed`,
    ),
    kpi(
      'Promotional share',
      nothing ? NONE : formatPercent(p.promotionalShare, locale),
      p.promoLimit
        ? `limit ${formatPercent(p.promoLimit.max, locale)} over ${p.promoLimit.days} days`
        : 'no limit',
    ),
    kpi(
      'Followers',
      f.end ? formatCount(f.end.count, locale) : NONE,
      f.growth === undefined ? 'no snapshot yet' : `${formatChange(f.growth, locale)} in the period`,
    ),
    kpi(
      'Engagement per post',
      formatDecimal(e.perPost, locale),
      e.measuredPosts === 0
        ? nothing
          ? 'nothing published'
          : 'no metrics yet'
        : `${formatCount(e.total, locale)} on ${formatCount(e.measuredPosts, locale)} measured ${e.measuredPosts === 1 ? 'post' : 'posts'}`,
    ),
    kpi(
      'Revenue',
      formatMoneyList(
        card.business.byCurrency.map((m) => ({ currency: m.currency, amount: m.revenue })),
        locale,
      ),
      orders ? `${formatCount(orders, locale)} ${orders === 1 ? 'order' : 'orders'}` : '',
    ),
    kpi(
      'Per 1,000 followers',
      formatMoneyList(
        card.business.byCurrency.flatMap((m) =>
          m.perThousandFollowers === undefined
            ? []
            : [{ currency: m.currency, amount: m.perThousandFollowers }],
        ),
        locale,
      ),
      'revenue',
    ),
    kpi(
      'Posting cost',
      card.cost ? formatMoney(card.cost.amount, card.cost.currency, locale) : NONE,
      card.cost ? costParts(card.cost, locale) : 'no prices for this network',
    ),
    kpi(
      'Revenue − cost',
      formatMoneyList(
        card.net.map((n) => ({ currency: n.currency, amount: n.net })),
        locale,
      ),
    ),
  ].join('');

  const words: string[] = [];
  if (nothing) words.push('Nothing was published in this period.');
  else {
    if (!('cadence' in own)) {
      words.push(
        `All ${formatCount(p.published, locale)} ${p.published === 1 ? 'post' : 'posts'} went out in the week of ${formatLocalDate(p.byWeek[0]!.week, locale)}.`,
      );
    }
    if (e.byCategory.length === 1) {
      const only = e.byCategory[0]!;
      words.push(
        `Engagement: ${formatDecimal(only.perPost, locale)} per post (${only.category}, ${formatCount(only.posts, locale)} measured).`,
      );
    } else if (e.measuredPosts === 0) words.push('No metrics yet: run chorus metrics.');
  }
  const figures = [
    'cadence' in own ? chartBox(id('cadence'), 'Posts per week, by category') : '',
    'revenue' in own ? chartBox(id('revenue'), 'Revenue per week (by week of publication)') : '',
    'engagement' in own
      ? chartBox(id('engagement'), 'Engagement per post by category (likes + reposts + replies + quotes)')
      : '',
  ].filter(Boolean);

  const broken = [
    ...card.limits.findings.map(
      (finding) => `<li class="broke">${escapeHtml(describeFinding(finding, locale))}</li>`,
    ),
    ...card.limits.problems.map(
      (problem) =>
        `<li class="${problem.severity === 'error' ? 'broke' : 'warn'}">${escapeHtml(`${formatLocalDate(problem.date, locale)}: ${problem.post}: ${problem.ruleId}: ${problem.message}`)}</li>`,
    ),
  ];
  const top = card.topPosts
    .map(
      (post, i) =>
        `<tr><td class="n">${i + 1}</td><td class="wrap">${/^https:\/\//.test(post.url) ? `<a href="${escapeHtml(post.url)}">${escapeHtml(post.post)}</a>` : escapeHtml(post.post)}</td><td><span class="swatch" style="background:${CATEGORY_COLORS[post.category]}"></span>${escapeHtml(post.category)}</td><td>${escapeHtml(formatLocalDate(post.localDate, locale))}</td><td class="n">${formatCount(post.metrics!.engagement, locale)}</td><td class="n">${escapeHtml(
          formatMoneyList(
            post.business.map((b) => ({ currency: b.currency, amount: b.revenue })),
            locale,
          ),
        )}</td></tr>`,
    )
    .join('');
  const byCategory = card.business.byCategory
    .map(
      (c) =>
        `<tr><td><span class="swatch" style="background:${CATEGORY_COLORS[c.category]}"></span>${escapeHtml(c.category)}</td><td class="n">${formatCount(c.orders, locale)}</td><td class="n">${escapeHtml(formatMoney(c.revenue, c.currency, locale))}</td></tr>`,
    )
    .join('');
  const verdict = verdictText(card.verdict, (date) => formatShortDate(date, locale));
  return `<section class="account" id="account-${escapeHtml(card.account)}" lang="${escapeHtml(locale)}">
<header><h2>${escapeHtml(card.name ?? card.account)} <span class="handle">@${escapeHtml(card.handle.replace(/^@/, ''))}</span></h2><p class="meta">${escapeHtml(`${card.account} · ${card.networkName} · ${card.purpose} · ${card.timezone}`)}</p></header>
<p class="verdict ${verdictClass(card.verdict.ok)}">${escapeHtml(verdict)}</p>
<div class="kpis">${kpis}</div>
${words.length > 0 ? `<p class="words">${escapeHtml(words.join(' '))}</p>` : ''}
${figures.length > 0 ? `<div class="charts">${figures.join('\n')}</div>` : ''}
<div class="details">
<div><h3>Top posts</h3>${top ? `<table><thead><tr><th class="n">#</th><th>post</th><th>category</th><th>date</th><th class="n">engagement</th><th class="n">revenue</th></tr></thead><tbody>${top}</tbody></table>` : `<p class="empty">${nothing ? 'Nothing published.' : 'No metrics yet.'}</p>`}</div>
<div><h3>Revenue by category</h3>${byCategory ? `<table><thead><tr><th>category</th><th class="n">orders</th><th class="n">revenue</th></tr></thead><tbody>${byCategory}</tbody></table>` : '<p class="empty">No conversions.</p>'}
<h3 class="gap">Limits broken</h3>${broken.length > 0 ? `<ul class="pressure">${broken.join('')}</ul>` : '<p class="empty">None.</p>'}</div>
</div>
</section>`;
}

/** The overview table: one row per account, largest revenue first, each cell in the account's locale. */
function overviewTable(report: Report): string {
  const head = OVERVIEW_COLUMNS.map(
    ([key, title]) => `<th${NUMERIC_COLUMNS.has(key) ? ' class="n"' : ''}>${escapeHtml(title)}</th>`,
  ).join('');
  const rows = report.overview
    .map((row) => {
      const cells = overviewCells(row);
      const tds = OVERVIEW_COLUMNS.map(([key]) => {
        if (key === 'account') {
          return `<td><a href="#account-${escapeHtml(row.account)}">${escapeHtml(row.name ?? row.account)}</a><div class="sub">@${escapeHtml(row.handle.replace(/^@/, ''))}</div></td>`;
        }
        if (key === 'verdict')
          return `<td class="verdict ${verdictClass(row.verdict.ok)}">${escapeHtml(cells.verdict)}</td>`;
        const broke = key === 'broken' && row.rulesBroken > 0 ? ' broke' : '';
        return `<td class="${NUMERIC_COLUMNS.has(key) ? 'n' : ''}${broke}">${escapeHtml(cells[key])}</td>`;
      }).join('');
      return `<tr lang="${escapeHtml(reportLocale(row.locale))}">${tds}</tr>`;
    })
    .join('');
  return `<table class="overview"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** CJK-capable fonts people have (none is downloaded: the page stays self-contained). */
const FONTS =
  'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic","Meiryo","Noto Sans CJK SC","PingFang SC","Microsoft YaHei","Source Han Sans",sans-serif';

const CSS = `
:root{font-family:${FONTS};color:#1a202c;background:#f7fafc}
:lang(zh){font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",${FONTS}}
body{margin:0;padding:16px 24px}
h1{font-size:1.4rem;margin:0}h2{font-size:1.3rem;margin:0}h3{font-size:1rem;margin:0 0 6px}h3.gap{margin-top:12px}
.subtitle,.meta{color:#4a5568;margin:2px 0 10px}.handle{color:#4a5568;font-weight:normal;font-size:1rem}
.totals{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0 0 10px;font-size:.95rem}.totals b{font-weight:600}
.overview-box{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px 12px;margin:0 0 24px}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #edf2f7;vertical-align:top}
th{font-weight:600;color:#4a5568;font-size:.75rem}.n{text-align:right;white-space:nowrap}
table.overview td{font-variant-numeric:tabular-nums}.overview .sub{color:#718096;font-size:.75rem}
td.verdict{min-width:8em;max-width:260px;overflow-wrap:anywhere}table.overview td:first-child{min-width:10em;max-width:15em;overflow-wrap:anywhere}table.overview th{white-space:normal;vertical-align:bottom}.wrap{overflow-wrap:anywhere}
.ok{color:#276749}.broke{color:#c53030;font-weight:600}.warn{color:#975a16}
p.verdict{margin:0 0 12px;padding:6px 10px;border-radius:6px;background:#f0fff4}p.verdict.broke{background:#fff5f5}
.account{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:20px;margin:0 0 24px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-bottom:12px}
.kpi{border:1px solid #e2e8f0;border-radius:6px;padding:8px 10px;min-width:0}.kpi .label{font-size:.75rem;color:#4a5568;text-transform:uppercase;letter-spacing:.03em}
.kpi .value{font-size:1.2rem;font-weight:600;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}.kpi .note{font-size:.75rem;color:#718096}
.words{color:#2d3748;margin:0 0 12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px}
.chart{margin:0;border:1px solid #edf2f7;border-radius:6px;padding:8px;min-width:0}.chart figcaption{font-weight:600;font-size:.9rem;margin-bottom:4px}
.canvas{position:relative;height:220px}.empty{color:#718096;font-style:italic;margin:0}
.details{display:grid;grid-template-columns:3fr 2fr;gap:16px;margin-top:14px}.details>div{min-width:0}
.swatch{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:4px}
.pressure{margin:0;padding-left:18px;font-size:.85rem}
.business{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:20px}
a{color:#2b6cb0}
@media print{
  @page{size:A4 landscape;margin:10mm}
  :root{background:#fff}body{padding:0}
  .overview-box{border:none;padding:0;break-after:page;page-break-after:always}
  table.overview{font-size:.7rem}table.overview th,table.overview td{padding:2px 3px}
  .account{border:none;padding:0;margin:0;break-after:page;page-break-after:always}
  h1{font-size:1.2rem}.subtitle{margin-bottom:8px}
  .kpis{grid-template-columns:repeat(8,minmax(0,1fr));gap:6px;margin-bottom:8px}.kpi{padding:4px 6px}.kpi .value{font-size:.95rem}
  .charts{grid-template-columns:repeat(3,minmax(0,1fr));gap:8px}
  /* The canvases keep their screen bitmap; scaling it to the column avoids overlapping charts on paper. */
  .canvas{height:45mm}.canvas canvas{width:100% !important;height:100% !important}
  .chart{padding:4px}.chart figcaption{font-size:.8rem;margin-bottom:2px}.account header h2{font-size:1.1rem}.meta{margin-bottom:6px}
  table{font-size:.75rem}th,td{padding:1px 4px}
  .details{margin-top:8px}.chart,.kpi,tr,.details{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}`;

/**
 * The chart bootstrap: builds every canvas's chart, then records on <body> for the browser test how many
 * charts painted, whether the overview fits the first screen, and which text overflows its box.
 */
const BOOT = `(function(){
var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message));document.body.setAttribute('data-errors',errors.join(' | '));});
var specs=JSON.parse(document.getElementById('chorus-charts').textContent);
Chart.defaults.animation=false;Chart.defaults.devicePixelRatio=Math.max(window.devicePixelRatio||1,2);Chart.defaults.maintainAspectRatio=false;Chart.defaults.responsive=true;
Chart.defaults.font.family=getComputedStyle(document.documentElement).fontFamily;
var charts=[];
document.querySelectorAll('canvas[data-chart]').forEach(function(canvas){var spec=specs[canvas.getAttribute('data-chart')];if(spec)charts.push(new Chart(canvas,spec));});
var painted=0;charts.forEach(function(chart){var c=chart.canvas,d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;for(var i=3;i<d.length;i+=4){if(d[i]!==0){painted++;break;}}});
// Redraw at paper size when print styles apply, so charts are not stretched bitmaps of the screen layout.
var redraw=function(){charts.forEach(function(c){c.resize();});};
window.addEventListener('beforeprint',redraw);window.addEventListener('afterprint',redraw);
if(window.matchMedia){window.matchMedia('print').addEventListener('change',redraw);}
var overview=document.querySelector('table.overview');var box=overview?overview.getBoundingClientRect():null;
var overflow=[];document.querySelectorAll('td,th,.kpi .value,.kpi .note,.kpi .label,figcaption,h1,h2,p').forEach(function(el){if(el.scrollWidth>el.clientWidth+1){overflow.push((el.className||el.tagName)+': '+el.textContent.slice(0,40));}});
if(document.documentElement.scrollWidth>window.innerWidth+1){overflow.push('page wider than the window');}
document.body.setAttribute('data-charts',String(charts.length));document.body.setAttribute('data-painted',String(painted));
document.body.setAttribute('data-overview-bottom',box?String(Math.ceil(box.bottom)):'none');document.body.setAttribute('data-viewport',window.innerWidth+'x'+window.innerHeight);
document.body.setAttribute('data-overflow',overflow.join(' | '));
})();`;

/** A self-contained HTML page: no request leaves it when opened (no links to scripts, fonts or images). */
export function formatReportHtml(report: Report, options: { chartScript: string }): string {
  const charts: Record<string, Record<string, unknown>> = {};
  const sections = report.accounts.map((card, i) => accountSection(card, i, charts)).join('\n');
  const range = rangeText(report);
  const b = report.business;
  const moneyEn = (amounts: { currency: string; amount: number }[]) => formatMoneyList(amounts, 'en');
  const totals = [
    b.conversions
      ? `<span>Revenue, all accounts: <b>${escapeHtml(moneyEn(b.byCurrency.map((m) => ({ currency: m.currency, amount: m.revenue }))))}</b></span>`
      : '',
    b.cost.length > 0
      ? `<span>Posting cost: <b>${escapeHtml(moneyEn(b.cost.map((c) => ({ currency: c.currency, amount: c.amount }))))}</b></span>`
      : '',
    b.conversions && b.cost.length > 0
      ? `<span>Revenue − cost: <b>${escapeHtml(moneyEn(b.net.map((n) => ({ currency: n.currency, amount: n.net }))))}</b></span>`
      : '',
    `<span>Within their limits: <b>${report.overview.filter((r) => r.verdict.ok).length} of ${report.overview.length}</b> accounts</span>`,
  ]
    .filter(Boolean)
    .join('');
  const unmatched = b.unmatched
    .map(
      (u) =>
        `<tr><td class="n">${u.line}</td><td><code>${escapeHtml(u.code)}</code></td><td>${u.reason === 'unknown' ? 'unknown code' : escapeHtml(`${u.account}/${u.post} not published`)}</td><td class="n">${formatCount(u.orders, 'en')}</td><td class="n">${escapeHtml(formatMoney(u.revenue, u.currency, 'en'))}</td></tr>`,
    )
    .join('');
  const business =
    b.conversions && (unmatched || b.outsideReport > 0)
      ? `<section class="business"><h2>Conversions outside the scorecards</h2>${b.outsideReport > 0 ? `<p class="meta">${formatCount(b.outsideReport, 'en')} conversion rows are for posts or dates outside this report.</p>` : ''}${unmatched ? `<h3>Conversions that match no published post</h3><table><thead><tr><th class="n">CSV line</th><th>code</th><th>why</th><th class="n">orders</th><th class="n">revenue</th></tr></thead><tbody>${unmatched}</tbody></table>` : ''}</section>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus scorecards, ${escapeHtml(range)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Scorecards</h1>
<p class="subtitle">What each account's posting earned and cost, ${escapeHtml(range)}. Generated ${escapeHtml(formatInstant(report.generatedAt, 'UTC', 'en'))} UTC by chorus report.</p>
<div class="totals">${totals}</div>
<section class="overview-box">${overviewTable(report)}</section>
${sections}
${business}
<script type="application/json" id="chorus-charts">${scriptJson(charts)}</script>
<script>${options.chartScript.replaceAll('</script', '<\\/script')}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
