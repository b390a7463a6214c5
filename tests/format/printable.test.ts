// Control characters from workspace text never reach a terminal raw through a text formatter.
import { describe, expect, it } from 'vitest';
import { formatCodesJson, formatCodesTable, type CodeRow } from '../../src/format/codes.js';
import { formatGithub } from '../../src/format/github.js';
import { formatJson } from '../../src/format/json.js';
import { toLintResults } from '../../src/format/lint-results.js';
import { formatPlanIcs } from '../../src/format/plan-ics.js';
import { formatPlanJson } from '../../src/format/plan-json.js';
import type { Plan } from '../../src/format/plan-posts.js';
import { formatPlanTable } from '../../src/format/plan-table.js';
import { escapeJsonControls, printable, printableAll } from '../../src/format/printable.js';
import { formatAccountsTable, formatPublishJson, formatPublishText } from '../../src/format/publish.js';
import { chalkStyle, plainStyle } from '../../src/format/style.js';
import { formatStylish } from '../../src/format/stylish.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import type { PublishResult } from '../../src/publish/publisher.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';
import { Chalk } from 'chalk';

/** An OSC window title, clear screen, red; then a one-character C1 CSI, NEL, line and paragraph separators. */
const HOSTILE = 'Sale \u001b]0;PWNED\u0007\u001b[2J\u001b[31m now \u009b31m \u0085 \u2028 \u2029 \r done';
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

const plan: Plan = {
  accounts: [
    {
      id: 'shop',
      handle: 'shop',
      timezone: 'UTC',
      slots: [[], [], [], [], [], [], []],
      from: '2026-12-01',
      to: '2026-12-01',
    },
  ],
  posts: [
    {
      account: 'shop',
      handle: 'shop',
      id: 'p1',
      category: 'news',
      at: '2026-12-01T09:00:00Z',
      local: '2026-12-01T09:00:00+00:00',
      source: 'explicit',
      published: false,
      missed: undefined,
      text: HOSTILE,
      links: [],
      length: 40,
      thread: [HOSTILE],
    },
  ],
  unplaced: [{ account: 'shop', id: 'p2', category: 'news', reason: HOSTILE, missed: false }],
};

describe('printable', () => {
  it('shows C0 as Control Pictures, DEL as ␡, C1 and U+2028/9 as U+FFFD; keeps tab and newline', () => {
    expect(printable('a\u001b[31mb\u0007\r\u007f\u009b\u0085\u2028\u2029\t\nz')).toBe(
      'a␛[31mb␇␍␡\uFFFD\uFFFD\uFFFD\uFFFD\t\nz',
    );
    expect(printable('Plain text, émojis 🎉 and ünïcode')).toBe('Plain text, émojis 🎉 and ünïcode');
  });

  it('printableAll cleans every string of a plain object and keeps other values', () => {
    const at = new Date(0);
    expect(printableAll({ a: ['x\u001b'], n: 1, at, u: undefined })).toEqual({
      a: ['x␛'],
      n: 1,
      at,
      u: undefined,
    });
  });

  it('escapeJsonControls keeps the same JSON value', () => {
    const value = { text: HOSTILE };
    const json = escapeJsonControls(JSON.stringify(value));
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('text formatters print no raw control character', () => {
  const chalk = chalkStyle(new Chalk({ level: 1 }));

  it('plan table (plain and coloured) and ics', () => {
    expect(formatPlanTable(plan, { style: plainStyle })).not.toMatch(RAW);
    // Colour escapes are the formatter's own: strip them, and nothing of the post's remains.
    // eslint-disable-next-line no-control-regex -- chalk's SGR codes
    const coloured = formatPlanTable(plan, { style: chalk }).replace(/\u001b\[\d+m/g, '');
    expect(coloured).not.toMatch(RAW);
    expect(coloured).toContain('Sale ␛]0;PWNED␇␛[2J␛[31m now');
    expect(formatPlanIcs(plan, { now: new Date('2026-11-30T00:00:00Z') }).replace(/\r\n/g, '\n')).not.toMatch(
      RAW,
    );
  });

  it('JSON formats stay JSON with the same values and no raw C1 or U+2028', () => {
    const json = formatPlanJson(plan);
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json).posts[0].text).toBe(HOSTILE);
    expect(formatJson({ text: HOSTILE })).not.toMatch(RAW);
  });

  it('publish --dry-run text and json, the accounts table', () => {
    const result: PublishResult = {
      published: [],
      deferred: [{ account: 'shop', id: 'p\u001b', reason: HOSTILE }] as PublishResult['deferred'],
      missed: [],
      skipped: [],
      failed: [],
      planned: [
        {
          account: 'shop',
          id: 'p1',
          at: '2026-12-01T09:00:00Z',
          endpoint: 'POST /2/tweets',
          payloads: [{ text: HOSTILE }] as PublishResult['planned'][number]['payloads'],
          media: [{ file: 'media/a\u009b.png', alt: HOSTILE }],
          note: undefined,
        },
      ],
    };
    const text = formatPublishText(result, { dryRun: true, style: plainStyle });
    expect(text).not.toMatch(RAW);
    expect(text).toContain('␛]0;PWNED');
    expect(formatPublishJson(result, { dryRun: true })).not.toMatch(RAW);
    const rows = [
      {
        id: 'shop',
        platform: 'x',
        handle: 'h\u001b[2J',
        owner: 'o\u0085',
        categories: ['news'],
        credentials: { set: [], missing: [] },
      },
    ];
    expect(formatAccountsTable(rows, { style: plainStyle })).not.toMatch(RAW);
  });

  it('codes table and json', () => {
    const rows: CodeRow[] = [
      {
        account: 'shop',
        postId: 'p\u001b',
        category: 'news',
        plannedAt: undefined,
        code: 'c',
        urls: [`https://a.example/${HOSTILE}`],
        file: 'content/shop/\u009b.yaml',
        line: 1,
      },
    ];
    expect(formatCodesTable(rows)).not.toMatch(RAW);
    expect(formatCodesJson(rows)).not.toMatch(RAW);
  });

  it('lint stylish and github: a message that quotes a hostile key', () => {
    const outcome = analyseWorkspace(
      rawWorkspaceFromFiles({
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': '- id: p\n  category: news\n  text: Hi\n  "x\\e]0;T\\a\\u009b": 1\n',
      }),
      { now: new Date('2026-11-22T08:00:00Z') },
    );
    const results = toLintResults(outcome.problems, ['content/a/c.yaml']);
    expect(JSON.stringify(outcome.problems)).toContain('\\u001b');
    const stylish = formatStylish(results);
    expect(stylish).toContain('x␛]0;T␇\uFFFD');
    expect(stylish).not.toMatch(RAW);
    expect(formatGithub(results)).not.toMatch(RAW);
  });
});
