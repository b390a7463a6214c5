// The pure scorecard stage: local days and weeks in the account's time zone, the HTML page's safety, and
// a size check that the join stays linear.
import { describe, expect, it } from 'vitest';
import { formatReportHtml } from '../../src/format/report-html.js';
import { formatReportTable } from '../../src/format/report.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { resolveRuleSettings } from '../../src/lint/rule-settings.js';
import { validateWorkspace } from '../../src/model/validate.js';
import { type LedgerRecord, replayLedger } from '../../src/state/ledger.js';
import { buildReport, weekOf } from '../../src/report/scorecard.js';
import { rules } from '../../src/rules/index.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

const published = (post: string, at: string, url = `https://x.com/den/status/${post}`): LedgerRecord => ({
  v: 1,
  type: 'published',
  account: 'den',
  post,
  part: 0,
  platform_id: `id-${post}`,
  url,
  at,
  run: 'r',
});

function reportOf(records: LedgerRecord[], calendar: string, limits = '') {
  const raw = rawWorkspaceFromFiles({
    ...(limits ? { 'chorus.yaml': limits } : {}),
    'accounts/den.yaml': accountYaml('', { handle: 'den', timezone: 'America/Denver' }),
    'content/den/posts.yaml': calendar,
  });
  const outcome = analyseWorkspace(raw, { now: new Date('2027-01-01T00:00:00Z') });
  return buildReport({
    outcome,
    ledgers: new Map([['den', replayLedger(records)]]),
    metrics: new Map(),
    conversions: undefined,
    accounts: [],
    from: undefined,
    to: undefined,
    now: new Date('2027-01-01T00:00:00Z'),
  });
}

describe('buildReport', () => {
  it('puts a post on its local day and week: Monday 02:00 UTC is Sunday evening in Denver', () => {
    const r = reportOf(
      [published('a', '2026-12-07T02:00:00.000Z'), published('b', '2026-12-07T05:00:00.000Z')],
      '- id: a\n  category: news\n  text: "First news of the day."\n- id: b\n  category: news\n  text: "Second news of the day."\n',
      'limits:\n  max_posts_per_day: 2\n  min_gap_minutes: 0\n',
    );
    expect(r.posts.map((p) => [p.post, p.localDate, p.week])).toEqual([
      ['a', '2026-12-06', '2026-11-30'],
      ['b', '2026-12-06', '2026-11-30'],
    ]);
    // Two posts on a local day with a cap of 2: at the cap, which is not a broken limit.
    expect(r.accounts[0]!.limits.findings).toEqual([]);
    expect(r.accounts[0]!.verdict.broken.map((b) => b.rule)).not.toContain('max-posts-per-day');
  });

  it('weekOf gives the Monday of a date', () => {
    expect(['2026-11-30', '2026-12-03', '2026-12-06', '2026-12-07'].map(weekOf)).toEqual([
      '2026-11-30',
      '2026-11-30',
      '2026-11-30',
      '2026-12-07',
    ]);
  });

  it('keeps the HTML page safe from what a ledger or calendar holds', () => {
    const r = reportOf(
      [published('x', '2026-12-01T12:00:00.000Z', 'javascript:alert(1)')],
      '- id: x\n  category: news\n  text: "A news post."\n',
    );
    r.accounts[0]!.name = '</script><script>alert(1)</script>';
    r.accounts[0]!.topPosts = [
      {
        ...r.posts[0]!,
        metrics: {
          likes: 1,
          reposts: 0,
          replies: 0,
          quotes: 0,
          impressions: undefined,
          engagement: 1,
          at: 'x',
        },
      },
    ];
    const html = formatReportHtml(r, { chartScript: '' });
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;/script&gt;');
  });

  it('says nothing misleading about an account that published nothing: no 0 %, no "0 on 1 posts"', () => {
    const r = reportOf(
      [],
      '- id: a\n  category: news\n  text: "Planned for next year."\n  at: "2027-03-01 10:00"\n',
    );
    const card = r.accounts[0]!;
    expect(card.posts.promotionalShare).toBeUndefined();
    expect(card.cost).toBeUndefined();
    expect(r.overview[0]).toMatchObject({
      published: 0,
      promotionalShare: undefined,
      engagementPerPost: undefined,
    });
    const table = formatReportTable(r);
    expect(table).toMatch(/Posts\s+none published in this period; 0 missed, 0 failed/);
    const html = formatReportHtml(r, { chartScript: '' });
    for (const text of [table, html]) {
      expect(text).not.toMatch(/\b0\s?%/);
      expect(text).not.toMatch(/\b0 on \d/);
      expect(text).not.toMatch(/\b0 posts/);
    }
    expect(html).toContain('Nothing was published in this period.');
    expect(html).not.toContain('<canvas');
  });

  it('stays linear: 8 000 published posts take about 4 times as long as 2 000 (quadratic would be 16)', () => {
    const prepare = (count: number) => {
      const records = Array.from({ length: count }, (_, i) =>
        published(`p${i}`, new Date(Date.UTC(2026, 0, 1) + i * 3 * 3_600_000).toISOString()),
      );
      const calendar = Array.from(
        { length: count },
        (_, i) => `- id: p${i}\n  category: ${i % 4 === 0 ? 'deals' : 'news'}\n  text: "Post ${i}."\n`,
      ).join('');
      const raw = rawWorkspaceFromFiles({
        'chorus.yaml': 'limits:\n  promo_share: 0.3\n  max_posts_per_day: 8\n  min_gap_minutes: 60\n',
        'accounts/den.yaml': accountYaml('', { handle: 'den', timezone: 'America/Denver' }),
        'content/den/posts.yaml': calendar,
      });
      // Only the report stage is measured: validate and resolve settings, no schedule or rules.
      const { workspace } = validateWorkspace(raw);
      const outcome = {
        workspace,
        settings: resolveRuleSettings(workspace, [rules['min-gap']]),
        problems: [],
      };
      const ledgers = new Map([['den', replayLedger(records)]]);
      return () => {
        const started = performance.now();
        const report = buildReport({
          outcome,
          ledgers,
          metrics: new Map(),
          conversions: [],
          accounts: [],
          from: undefined,
          to: undefined,
          now: new Date(),
        });
        expect(report.posts).toHaveLength(count);
        return performance.now() - started;
      };
    };
    const small = prepare(2_000);
    const large = prepare(8_000);
    small(); // warm-up
    const best = (run: () => number) => Math.min(run(), run(), run());
    const ratio = best(large) / best(small);
    expect(ratio).toBeLessThan(8);
  });
});
