// Issue 2's acceptance check: a clean workspace that breaks exactly one rule yields exactly that rule id,
// at the line of the offending post, in the JSON that `chorus lint --format json` prints.
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/format/json.js';
import { type LintResult, toLintResults } from '../../src/format/lint-results.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rules } from '../../src/rules/index.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { runCli } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-22T08:00:00Z';

type Files = Record<string, string>;

const brandAccount = (extra = '') =>
  [
    'platform: x',
    'handle: "@acme"',
    'timezone: Europe/Berlin',
    'language: en',
    'owner: ana',
    'team: [ben, chloe]',
    'slots:',
    '  weekdays: ["09:00", "13:00", "17:00"]',
    '  weekends: ["11:00"]',
    'limits:',
    '  quiet_hours: { start: "22:00", end: "07:00" }',
    'tracking:',
    '  domains: [shop.example.com]',
    extra,
  ]
    .filter(Boolean)
    .join('\n');

const staffAccount = [
  'platform: x',
  'handle: "@acme_dana"',
  'kind: employee',
  'disclosure: "#AcmeTeam"',
  'timezone: Europe/Berlin',
  'language: en',
  'owner: dana',
  'team: [ana]',
].join('\n');

const brandPosts = [
  '- id: store-opening',
  '  category: news',
  '  text: Our Hamburg store opens on Saturday with a repair corner and free coffee for early visitors.',
  '  at: 2026-12-01 09:00',
  '- id: winter-boots',
  '  category: deals',
  '  text: Last season winter boots, a third off while sizes last.',
  '  link: https://shop.example.com/boots',
  '  at: 2026-12-01 13:00',
  '  expires: 2026-12-06',
  '  approved_by: ben',
  '  author: chloe',
  '- id: layering-guide',
  '  category: blog',
  '  text: How to layer for a wet winter hike, from the base layer to the shell.',
  '  link: https://blog.example.com/layering',
  '  at: 2026-12-02 09:00',
  '- id: meetup',
  '  category: community',
  '  text: Join the Sunday trail clean-up in the Harburg hills; gloves and bags are provided.',
  '  at: 2026-12-03 09:00',
].join('\n');

const staffPosts = [
  '- id: first-week',
  '  category: community',
  '  text: "My first week on the repair bench: fourteen zips, three soles and one very old tent. #AcmeTeam"',
  '  at: 2026-12-01 17:00',
].join('\n');

const base = (): Files => ({
  'accounts/brand.yaml': brandAccount(),
  'accounts/staff.yaml': staffAccount,
  'content/brand/dec.yaml': brandPosts,
  'content/staff/dec.yaml': staffPosts,
});

const post = (id: string, lines: string[]) => `\n- id: ${id}\n${lines.map((l) => `  ${l}`).join('\n')}`;

/** One case: how to break the base workspace, and where the one problem must be reported. */
interface Case {
  rule: string;
  files: (files: Files) => Files;
  /** The file and the text on the offending line (the line number is found, not hard-coded). */
  file: string;
  at: string;
  /** Look for the last line with `at` (the offending copy comes after the original). */
  last?: boolean;
}

const brand = 'content/brand/dec.yaml';
const addToBrand = (text: string) => (f: Files) => ({ ...f, [brand]: f[brand] + text });

/** A Weibo account with one clean post, and a second post made of `lines`. */
const weiboCn = 'content/cn/dec.yaml';
const withWeibo = (lines: string[]) => (f: Files) => ({
  ...f,
  'accounts/cn.yaml': [
    'platform: weibo',
    'handle: 示例品牌',
    'timezone: Asia/Shanghai',
    'language: zh-CN',
    'owner: mei',
    'safe_domain: example.cn',
  ].join('\n'),
  [weiboCn]:
    [
      '- id: store-news',
      '  category: news',
      '  text: 静安店周六开业，修理柜台免费检查。',
      '  link: https://shop.example.cn/jingan',
      '  at: 2026-12-01 12:00',
    ].join('\n') + post('second', lines),
});

const cases: Case[] = [
  {
    rule: 'weibo-share',
    files: withWeibo(['category: news', 'text: 冬季新品到店，欢迎试穿。', 'at: 2026-12-02 12:00']),
    file: weiboCn,
    at: 'text: 冬季新品到店',
  },
  {
    rule: 'network-fit',
    files: withWeibo([
      'category: news',
      'text: 冬季露营指南 https://shop.example.cn/guide',
      'thread:',
      '  - 第二部分：睡袋怎么选。',
      'at: 2026-12-02 12:00',
    ]),
    file: weiboCn,
    at: 'thread:',
  },
  {
    rule: 'schema',
    files: (f) => ({ ...f, [brand]: f[brand]!.replace('  category: blog', '  catgory: blog') }),
    file: brand,
    at: 'catgory: blog',
  },
  {
    rule: 'unique-id',
    files: addToBrand(
      post('meetup', ['category: news', 'text: A second post that reuses an id.', 'at: 2026-12-04 13:00']),
    ),
    file: brand,
    at: 'id: meetup',
    last: true,
  },
  {
    rule: 'unknown-account',
    files: (f) => ({
      ...f,
      'content/ghost/dec.yaml': '- id: boo\n  category: news\n  text: Nobody owns me.\n',
    }),
    file: 'content/ghost/dec.yaml',
    at: 'id: boo',
  },
  {
    rule: 'category-allowed',
    files: (f) => ({ ...f, 'accounts/brand.yaml': brandAccount('categories: [news, deals, blog]') }),
    file: brand,
    at: 'category: community',
  },
  {
    rule: 'max-length',
    files: addToBrand(
      post('essay', [
        'category: blog',
        `text: ${'Long words for a long text. '.repeat(12)}`,
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'text: Long words',
  },
  {
    rule: 'max-posts-per-day',
    files: (f) => ({
      ...f,
      'accounts/brand.yaml': brandAccount().replace('tracking:', '  max_posts_per_day: 1\ntracking:'),
    }),
    file: brand,
    at: 'at: 2026-12-01 13:00',
  },
  {
    rule: 'max-per-category-per-day',
    files: (f) => ({
      ...addToBrand(
        post('second-news', [
          'category: news',
          'text: The Hamburg store also rents out snowshoes this winter, by the day or week.',
          'at: 2026-12-01 17:00',
        ]),
      )(f),
      'accounts/brand.yaml': brandAccount().replace(
        'tracking:',
        '  max_per_category_per_day: { news: 1 }\ntracking:',
      ),
    }),
    file: brand,
    at: 'at: 2026-12-01 17:00',
  },
  {
    rule: 'min-gap',
    files: addToBrand(
      post('too-soon', [
        'category: news',
        'text: Parking at the Hamburg store is free on opening day, all day long.',
        'at: 2026-12-02 09:30',
      ]),
    ),
    file: brand,
    at: 'at: 2026-12-02 09:30',
  },
  {
    rule: 'promo-share',
    files: (f) => ({
      ...f,
      'accounts/brand.yaml': brandAccount().replace('tracking:', '  promo_share: 0\ntracking:'),
    }),
    file: brand,
    at: 'category: deals',
  },
  {
    rule: 'quiet-hours',
    files: addToBrand(
      post('late', [
        'category: news',
        'text: The Hamburg store stays open late for the winter market this week.',
        'at: 2026-12-03 23:00',
      ]),
    ),
    file: brand,
    at: 'at: 2026-12-03 23:00',
  },
  {
    rule: 'duplicate-text',
    files: addToBrand(
      post('again', [
        'category: news',
        'text: Our Hamburg store opens on Saturday with a repair corner and free coffee for early visitors!',
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'free coffee for early visitors!',
  },
  {
    rule: 'cross-account-duplicate',
    files: (f) => ({
      ...f,
      'content/staff/dec.yaml':
        f['content/staff/dec.yaml'] +
        post('copy', [
          'category: news',
          'text: "Our Hamburg store opens on Saturday with a repair corner and free coffee for early visitors. #AcmeTeam"',
          'at: 2026-12-04 13:00',
        ]),
    }),
    file: 'content/staff/dec.yaml',
    at: 'opens on Saturday',
  },
  {
    rule: 'hashtag-limit',
    files: addToBrand(
      post('tags', [
        'category: news',
        'text: "Winter hours start on Monday at every store. #winter #hiking #hamburg"',
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'Winter hours',
  },
  {
    rule: 'mention-limit',
    files: addToBrand(
      post('thanks', [
        'category: community',
        'text: Thanks to @alpha @bravo @charlie and @delta for fixing the trail signs.',
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'text: Thanks to',
  },
  {
    rule: 'link-limit',
    files: addToBrand(
      post('links', [
        'category: blog',
        'text: Our three favourite maps https://maps.example.com/a and https://maps.example.com/b',
        'link: https://blog.example.com/maps',
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'text: Our three favourite maps',
  },
  {
    rule: 'shouting',
    files: addToBrand(
      post('loud', [
        'category: news',
        'text: THE HAMBURG STORE IS OPEN ON SUNDAY FOR THE FIRST TIME EVER',
        'at: 2026-12-04 13:00',
      ]),
    ),
    file: brand,
    at: 'text: THE HAMBURG',
  },
  {
    rule: 'deal-link',
    files: (f) => ({ ...f, [brand]: f[brand]!.replace('  link: https://shop.example.com/boots\n', '') }),
    file: brand,
    at: 'id: winter-boots',
  },
  {
    rule: 'deal-expiry',
    files: (f) => ({ ...f, [brand]: f[brand]!.replace('  expires: 2026-12-06\n', '') }),
    file: brand,
    at: 'category: deals',
  },
  {
    rule: 'approval',
    files: (f) => ({ ...f, [brand]: f[brand]!.replace('  approved_by: ben\n', '') }),
    file: brand,
    at: 'id: winter-boots',
  },
  {
    rule: 'disclosure',
    files: (f) => ({
      ...f,
      'content/staff/dec.yaml': f['content/staff/dec.yaml']!.replace(' #AcmeTeam', ''),
    }),
    file: 'content/staff/dec.yaml',
    at: 'text: "My first week',
  },
  {
    rule: 'duplicate-handle',
    files: (f) => ({ ...f, 'accounts/staff.yaml': staffAccount.replace('"@acme_dana"', 'ACME') }),
    file: 'accounts/staff.yaml',
    at: 'handle: ACME',
  },
  {
    rule: 'secret-in-config',
    files: (f) => ({
      ...f,
      'accounts/brand.yaml': `${brandAccount()}\ncredentials:\n  access_token: "1463839266829434880-Zq8XkLmN3pR7tV2wYb5cD9fGhJ4sA1"`,
    }),
    file: 'accounts/brand.yaml',
    at: 'access_token:',
  },
  {
    rule: 'deal-untracked',
    files: (f) => ({
      ...f,
      [brand]: f[brand]!.replace('https://shop.example.com/boots', 'https://partner.example.com/boots'),
    }),
    file: brand,
    at: 'link: https://partner.example.com/boots',
  },
  {
    rule: 'no-free-slot',
    files: addToBrand(
      post('saturday-1', [
        'category: news',
        'text: The Saturday repair corner takes walk-ins from eleven.',
        'at: 2026-12-05 11:00',
      ]) +
        post('saturday-2', [
          'category: community',
          'text: Bring your old tent poles on Saturday; we recycle the aluminium.',
          'at: 2026-12-05',
        ]),
    ),
    file: brand,
    at: 'at: 2026-12-05',
    last: true,
  },
  {
    rule: 'missed',
    // Planned two days before NOW, never published: missed (a warning, never an error).
    files: addToBrand(
      post('last-week', [
        'category: news',
        'text: Our repair corner had its busiest week yet, thanks to all of you.',
        'at: 2026-11-20 09:00',
      ]),
    ),
    file: brand,
    at: 'at: 2026-11-20 09:00',
  },
];

/** Rules that cannot be broken from a calendar on purpose; each says why. */
const UNTRIGGERABLE: Record<string, string> = {
  'media-file':
    'checks image files on disk, which an in-memory workspace has none of; tested in tests/workspace/hostile.test.ts',
  'tracking-code-unique':
    'a 60-bit hash collision; tested in tests/rules/tracking-code-unique.test.ts with a weak code function',
};

function lintJson(files: Files): LintResult[] {
  const outcome = analyseWorkspace(rawWorkspaceFromFiles(files), { now: new Date(NOW) });
  return JSON.parse(formatJson(toLintResults(outcome.problems, outcome.workspace.files))) as LintResult[];
}

function lineOf(text: string, needle: string, last = false): number {
  const lines = text.split('\n');
  const index = last
    ? lines.findLastIndex((line) => line.includes(needle))
    : lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`fixture has no line with "${needle}"`);
  return index + 1;
}

describe('each rule, broken alone, yields exactly its rule id at the offending line', () => {
  it('the base workspace is clean', () => {
    expect(lintJson(base()).flatMap((r) => r.messages)).toEqual([]);
  });

  it('every rule has a case (or a reason it cannot be broken on purpose)', () => {
    const covered = new Set([...cases.map((c) => c.rule), ...Object.keys(UNTRIGGERABLE)]);
    expect([...Object.keys(rules), 'schema'].filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const testCase of cases) {
    it(testCase.rule, () => {
      const files = testCase.files(base());
      const results = lintJson(files);
      const messages = results.flatMap((r) =>
        r.messages.map((m) => ({ file: r.filePath, ruleId: m.ruleId, line: m.line })),
      );
      expect(messages).toEqual([
        {
          file: testCase.file,
          ruleId: testCase.rule,
          line: lineOf(files[testCase.file]!, testCase.at, testCase.last),
        },
      ]);
    });
  }

  it('the same through the built CLI: `chorus lint --format json` exits 1 with the one problem', async () => {
    const testCase = cases.find((c) => c.rule === 'approval')!;
    const files = testCase.files(base());
    const root = await makeWorkspace(files);
    const result = runCli(['lint', '--root', root, '--format', 'json', '--now', NOW]);
    expect(result.code).toBe(1);
    const messages = (JSON.parse(result.stdout) as LintResult[]).flatMap((r) => r.messages);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: 'approval',
        severity: 2,
        line: lineOf(files[testCase.file]!, testCase.at, testCase.last),
        postId: 'winter-boots',
        account: 'brand',
      }),
    ]);
  });
});
