// The HTML scorecard: one self-contained page (inline CSS, inline Chart.js, data as inline JSON), one printed
// page per account. Pure: the chart library's source is passed in by the CLI.

import type { AccountScorecard, Report, ReportCategory } from '../report/scorecard.js';
import { describeFinding, money } from './report.js';

/** Colour of each category in every chart (and its legend swatch). */
export const CATEGORY_COLORS: Record<ReportCategory, string> = {
  news: '#2b6cb0',
  deals: '#c05621',
  blog: '#2f855a',
  community: '#6b46c1',
  removed: '#718096',
};

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');

/** The chart specifications of one account (Chart.js configs without functions, so they serialise). */
function chartsOf(card: AccountScorecard): Record<string, unknown> {
  const categories = (Object.keys(CATEGORY_COLORS) as ReportCategory[]).filter(
    (c) => card.posts.byCategory[c] > 0,
  );
  const charts: Record<string, unknown> = {};
  if (card.posts.byWeek.length > 0) {
    charts.cadence = {
      type: 'bar',
      data: {
        labels: card.posts.byWeek.map((w) => w.week),
        datasets: categories.map((c) => ({
          label: c,
          data: card.posts.byWeek.map((w) => w.byCategory[c]),
          backgroundColor: CATEGORY_COLORS[c],
        })),
      },
      options: {
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
    charts.mix = {
      type: 'doughnut',
      data: {
        labels: categories,
        datasets: [
          {
            data: categories.map((c) => card.posts.byCategory[c]),
            backgroundColor: categories.map((c) => CATEGORY_COLORS[c]),
          },
        ],
      },
      options: { plugins: { legend: { position: 'right' } } },
    };
  }
  if (card.engagement.measuredPosts > 0) {
    const measured = card.engagement.byCategory;
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
        plugins: { legend: { display: false } },
        scales: {
          y: {
            beginAtZero: true,
            title: { display: true, text: 'per post' },
          },
        },
      },
    };
  }
  if (card.followers.series.length > 1) {
    charts.followers = {
      type: 'line',
      data: {
        labels: card.followers.series.map((s) => s.at.slice(0, 10)),
        datasets: [
          {
            label: 'followers',
            data: card.followers.series.map((s) => s.count),
            borderColor: '#2d3748',
            backgroundColor: '#2d3748',
            tension: 0.2,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { title: { display: true, text: 'followers' } } },
      },
    };
  }
  if (card.business.byCategory.length > 0) {
    const currencies = [...new Set(card.business.byCategory.map((c) => c.currency))].sort();
    const revenueCategories = [...new Set(card.business.byCategory.map((c) => c.category))];
    const palette = ['#276749', '#975a16', '#2c5282', '#702459'];
    charts.revenue = {
      type: 'bar',
      data: {
        labels: revenueCategories,
        datasets: currencies.map((currency, i) => ({
          label: currency,
          data: revenueCategories.map(
            (category) =>
              card.business.byCategory.find((c) => c.category === category && c.currency === currency)
                ?.revenue ?? 0,
          ),
          backgroundColor: palette[i % palette.length],
        })),
      },
      options: {
        scales: {
          y: {
            beginAtZero: true,
            title: {
              display: true,
              text: 'revenue',
            },
          },
        },
      },
    };
  }
  return charts;
}

const chartBox = (id: string, title: string, present: boolean, empty: string) =>
  `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>${present ? `<div class="canvas"><canvas data-chart="${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div>` : `<p class="empty">${escapeHtml(empty)}</p>`}</figure>`;

const kpi = (label: string, value: string, note = '') =>
  `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;

const fixed = (n: number | undefined, digits = 1) => (n === undefined ? '–' : n.toFixed(digits));

function accountSection(
  card: AccountScorecard,
  index: number,
  charts: Record<string, Record<string, unknown>>,
): string {
  const own = chartsOf(card);
  const id = (name: string) => `a${index}-${name}`;
  for (const [name, spec] of Object.entries(own)) charts[id(name)] = spec as Record<string, unknown>;
  const f = card.followers;
  const growth = f.growth === undefined ? '' : `${f.growth >= 0 ? '+' : ''}${f.growth} in the period`;
  const revenue =
    card.business.byCurrency.map((m) => `${m.currency} ${money(m.revenue, m.currency)}`).join(' · ') || '–';
  const perK =
    card.business.byCurrency
      .map((m) =>
        m.perThousandFollowers === undefined
          ? ''
          : `${m.currency} ${money(m.perThousandFollowers, m.currency)}`,
      )
      .filter(Boolean)
      .join(' · ') || '–';
  const orders = card.business.byCurrency.reduce((n, m) => n + m.orders, 0);
  const kpis = [
    kpi('Posts', String(card.posts.total), `${Math.round(card.posts.promotionalShare * 100)}% promotional`),
    kpi('Followers', f.end ? String(f.end.count) : '–', growth),
    kpi(
      'Engagement per post',
      fixed(card.engagement.perPost),
      `${card.engagement.total} on ${card.engagement.measuredPosts} measured posts`,
    ),
    kpi('Participation', fixed(card.engagement.participation, 2), 'replies per post'),
    kpi('Influence', fixed(card.engagement.influence, 2), 'reposts + quotes per post'),
    kpi('Revenue', revenue, orders ? `${orders} order${orders === 1 ? '' : 's'}` : ''),
    kpi('Revenue per 1000 followers', perK),
  ].join('');
  const pressure = [
    ...card.limits.findings.map(
      (finding) =>
        `<li class="${finding.status === 'over' || finding.status === 'under' ? 'broke' : 'near'}">${escapeHtml(describeFinding(finding))}</li>`,
    ),
    ...card.limits.problems.map(
      (p) =>
        `<li class="${p.severity === 'error' ? 'broke' : 'near'}">${escapeHtml(`${p.post}: ${p.ruleId}: ${p.message}`)}</li>`,
    ),
  ];
  const top = card.topPosts
    .map(
      (post, i) =>
        `<tr><td>${i + 1}</td><td>${/^https:\/\//.test(post.url) ? `<a href="${escapeHtml(post.url)}">${escapeHtml(post.post)}</a>` : escapeHtml(post.post)}</td><td><span class="swatch" style="background:${CATEGORY_COLORS[post.category]}"></span>${escapeHtml(post.category)}</td><td>${escapeHtml(post.localDate)}</td><td class="n">${post.metrics!.engagement}</td><td class="n">${post.business.map((b) => `${b.currency} ${money(b.revenue, b.currency)}`).join(', ') || '–'}</td></tr>`,
    )
    .join('');
  return `<section class="account">
<header><h2>${escapeHtml(card.name ?? card.account)} <span class="handle">@${escapeHtml(card.handle.replace(/^@/, ''))}</span></h2><p class="meta">${escapeHtml(card.account)} · ${escapeHtml(card.timezone)}</p></header>
<div class="kpis">${kpis}</div>
<div class="charts">
${chartBox(id('cadence'), 'Posting cadence (posts per week)', 'cadence' in own, 'No posts published in this period.')}
${chartBox(id('mix'), 'Category mix', 'mix' in own, 'No posts published in this period.')}
${chartBox(id('engagement'), 'Engagement per post by category (likes + reposts + replies + quotes)', 'engagement' in own, 'No metrics yet: run chorus metrics.')}
${chartBox(id('revenue'), 'Revenue by category (per currency, never added across currencies)', 'revenue' in own, 'No conversions for this account.')}
${'followers' in own ? chartBox(id('followers'), 'Followers', true, '') : ''}
</div>
<div class="details">
<div><h3>Top posts</h3>${top ? `<table><thead><tr><th>#</th><th>post</th><th>category</th><th>date</th><th class="n">engagement</th><th class="n">revenue</th></tr></thead><tbody>${top}</tbody></table>` : '<p class="empty">No metrics yet.</p>'}</div>
<div><h3>Anti-spam limits met or broken</h3>${pressure.length > 0 ? `<ul class="pressure">${pressure.join('')}</ul>` : '<p class="empty">None: every day, gap and week stayed clear of the limits.</p>'}</div>
</div>
</section>`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;background:#f7fafc}
body{margin:0;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.3rem;margin:0}h3{font-size:1rem;margin:0 0 8px}
.subtitle,.meta{color:#4a5568;margin:2px 0 16px}.handle{color:#4a5568;font-weight:normal;font-size:1rem}
.account{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:20px;margin:0 0 24px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin-bottom:16px}
.kpi{border:1px solid #e2e8f0;border-radius:6px;padding:8px 10px}.kpi .label{font-size:.75rem;color:#4a5568;text-transform:uppercase;letter-spacing:.03em}
.kpi .value{font-size:1.3rem;font-weight:600}.kpi .note{font-size:.75rem;color:#718096}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}
.chart{margin:0;border:1px solid #edf2f7;border-radius:6px;padding:8px}.chart figcaption{font-weight:600;font-size:.9rem;margin-bottom:4px}
.canvas{position:relative;height:220px}.empty{color:#718096;font-style:italic}
.details{display:grid;grid-template-columns:3fr 2fr;gap:16px;margin-top:14px}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #edf2f7}.n{text-align:right}
.swatch{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:4px}
.pressure{margin:0;padding-left:18px;font-size:.85rem}.pressure .broke{color:#c53030}.pressure .near{color:#975a16}
.business{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:20px}
a{color:#2b6cb0}
@media print{
  @page{size:A4 landscape;margin:12mm}
  :root{background:#fff}body{padding:0}
  .account{border:none;padding:0;margin:0;break-after:page;page-break-after:always}
  h1{font-size:1.2rem}.subtitle{margin-bottom:8px}
  .kpis{grid-template-columns:repeat(7,minmax(0,1fr));gap:6px;margin-bottom:8px}.kpi{padding:4px 6px}.kpi .value{font-size:1rem}
  .charts{grid-template-columns:repeat(3,minmax(0,1fr));gap:8px}
  /* The canvases keep their screen bitmap; scaling it to the column avoids overlapping charts on paper. */
  .canvas{height:37mm}.canvas canvas{width:100% !important;height:100% !important}
  .chart{padding:4px}.chart figcaption{font-size:.8rem;margin-bottom:2px}.account header h2{font-size:1.1rem}.meta{margin-bottom:6px}
  table{font-size:.75rem}th,td{padding:1px 4px}
  .details{margin-top:8px}.chart,.kpi,tr,.details{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}`;

/** The chart bootstrap: builds every canvas's chart, then marks how many painted (for the browser test). */
const BOOT = `(function(){
var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message));document.body.setAttribute('data-errors',errors.join(' | '));});
var specs=JSON.parse(document.getElementById('chorus-charts').textContent);
Chart.defaults.animation=false;Chart.defaults.devicePixelRatio=Math.max(window.devicePixelRatio||1,2);Chart.defaults.maintainAspectRatio=false;Chart.defaults.responsive=true;
var charts=[];
document.querySelectorAll('canvas[data-chart]').forEach(function(canvas){var spec=specs[canvas.getAttribute('data-chart')];if(spec)charts.push(new Chart(canvas,spec));});
var painted=0;charts.forEach(function(chart){var c=chart.canvas,d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;for(var i=3;i<d.length;i+=4){if(d[i]!==0){painted++;break;}}});
// Redraw at paper size when print styles apply, so charts are not stretched bitmaps of the screen layout.
var redraw=function(){charts.forEach(function(c){c.resize();});};
window.addEventListener('beforeprint',redraw);window.addEventListener('afterprint',redraw);
if(window.matchMedia){window.matchMedia('print').addEventListener('change',redraw);}
document.body.setAttribute('data-charts',String(charts.length));document.body.setAttribute('data-painted',String(painted));
})();`;

/** A self-contained HTML page: no request leaves it when opened (no links to scripts, fonts or images). */
export function formatReportHtml(report: Report, options: { chartScript: string }): string {
  const charts: Record<string, Record<string, unknown>> = {};
  const sections = report.accounts.map((card, i) => accountSection(card, i, charts)).join('\n');
  const range = `${report.range.from ?? 'the first post'} to ${report.range.to ?? 'the latest snapshot'}`;
  const b = report.business;
  const unmatched = b.unmatched
    .map(
      (u) =>
        `<tr><td>${u.line}</td><td><code>${escapeHtml(u.code)}</code></td><td>${u.reason === 'unknown' ? 'unknown code' : escapeHtml(`${u.account}/${u.post} not published`)}</td><td class="n">${u.orders}</td><td class="n">${escapeHtml(`${u.currency} ${money(u.revenue, u.currency)}`)}</td></tr>`,
    )
    .join('');
  const business = b.conversions
    ? `<section class="business"><h2>Business, all accounts</h2><p>${b.byCurrency.map((m) => escapeHtml(`${m.currency} ${money(m.revenue, m.currency)} from ${m.orders} order${m.orders === 1 ? '' : 's'}`)).join(' · ') || 'No conversions matched a post.'}</p>${b.outsideReport > 0 ? `<p class="meta">${b.outsideReport} conversion rows are for posts or dates outside this report.</p>` : ''}${unmatched ? `<h3>Conversions that match no published post</h3><table><thead><tr><th>CSV line</th><th>code</th><th>why</th><th class="n">orders</th><th class="n">revenue</th></tr></thead><tbody>${unmatched}</tbody></table>` : ''}</section>`
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
<p class="subtitle">What each account's posting earned, ${escapeHtml(range)}. Generated ${escapeHtml(report.generatedAt)} by chorus report.</p>
${sections}
${business}
<script type="application/json" id="chorus-charts">${scriptJson(charts)}</script>
<script>${options.chartScript.replaceAll('</script', '<\\/script')}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
