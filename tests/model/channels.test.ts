// One account on several networks: channels in the account file, per-network variants in calendars, and
// what validate, lint, render and the formatters make of them (the publish side: tests/publish/channels.test.ts).
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { selectsChannel, selectsFinding } from '../../src/model/channels.js';
import { trackingCode } from '../../src/tracking/code.js';
import { formatPlanJson } from '../../src/format/plan-json.js';
import { selectPlan } from '../../src/format/plan-posts.js';
import { checkAccountIds } from '../../src/cli/options.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';
import { readWorkspace } from '../../src/workspace/read.js';

const NOW = new Date('2026-11-30T08:00:00Z');

/** `news` on X and Bluesky (Bluesky with its own slots and a lower daily limit), plus the calendar. */
const newsAccount = (extra = '') =>
  [
    'timezone: Europe/Berlin',
    'language: en',
    'owner: ana',
    'team: [ben]',
    'slots:',
    '  daily: ["09:00", "17:00"]',
    'limits:',
    '  max_posts_per_day: 3',
    'channels:',
    '  x:',
    '    handle: "@acme_news"',
    '  bluesky:',
    '    handle: news.acme.example.com',
    '    slots:',
    '      daily: ["10:00"]',
    '    limits:',
    '      max_posts_per_day: 1',
    extra,
  ]
    .filter(Boolean)
    .join('\n');

const analyse = (files: Record<string, string>) =>
  analyseWorkspace(rawWorkspaceFromFiles(files), { now: NOW });

const LONG_FOR_X = `${'Our winter repair days are back. '.repeat(8).trim()} Bring anything you like.`; // 288: > 280, ≤ 300

describe('an account with channels', () => {
  it('is one channel per network, keyed <account>@<network>, with the account’s fields and its own', () => {
    const { workspace, problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': '- id: a\n  category: news\n  text: Hello\n',
    });
    expect(problems).toEqual([]);
    expect([...workspace.accounts.keys()]).toEqual(['news@x', 'news@bluesky']);
    const [x, bluesky] = workspace.channels.get('news')!;
    expect(x).toMatchObject({
      id: 'news@x',
      accountId: 'news',
      channel: 'x',
      inheritsLedger: true,
      platform: 'x',
      handle: 'acme_news',
      timezone: 'Europe/Berlin',
      owner: 'ana',
    });
    expect(bluesky).toMatchObject({ id: 'news@bluesky', channel: 'bluesky', inheritsLedger: false });
    // Slots: the channel's replace the account's; limits merge over the account's.
    expect(x!.slots[1]).toEqual(['09:00', '17:00']);
    expect(bluesky!.slots[1]).toEqual(['10:00']);
    expect(x!.limits.max_posts_per_day).toBe(3);
    expect(bluesky!.limits.max_posts_per_day).toBe(1);
    // Credentials default to names with the network in them.
    expect(x!.credentials).toEqual({
      app_key: 'CHORUS_X_APP_KEY',
      app_secret: 'CHORUS_X_APP_SECRET',
      access_token: 'CHORUS_NEWS_X_ACCESS_TOKEN',
      access_secret: 'CHORUS_NEWS_X_ACCESS_SECRET',
    });
    expect(bluesky!.credentials).toEqual({
      identifier: 'CHORUS_NEWS_BLUESKY_IDENTIFIER',
      app_password: 'CHORUS_NEWS_BLUESKY_APP_PASSWORD',
    });
    // Every post goes to every channel: one post per channel.
    expect(workspace.posts.map((p) => p.account)).toEqual(['news@x', 'news@bluesky']);
  });

  it('schedules each channel in its own slots and checks its own limits', () => {
    const { timeline, problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml':
        '- id: a\n  category: news\n  text: First\n- id: b\n  category: news\n  text: Second\n',
    });
    expect(problems).toEqual([]);
    const times = (key: string) =>
      timeline.byAccount.get(key)!.map((e) => `${e.post.id} ${e.at!.toISOString()}`);
    // X: 09:00 and 17:00 Berlin, today (it is 09:00 there).
    expect(times('news@x')).toEqual(['a 2026-11-30T08:00:00.000Z', 'b 2026-11-30T16:00:00.000Z']);
    // Bluesky: its own slot, 10:00, and its own limit of one post a day.
    expect(times('news@bluesky')).toEqual(['a 2026-11-30T09:00:00.000Z', 'b 2026-12-01T09:00:00.000Z']);
  });

  it('channel rules apply over the account’s, for that channel only', () => {
    const { settings } = analyse({
      'accounts/news.yaml': newsAccount('rules:\n  min-gap: { minutes: 30 }').replace(
        '      max_posts_per_day: 1',
        '      max_posts_per_day: 1\n    rules:\n      min-gap: { minutes: 240 }',
      ),
    });
    expect(settings.get('min-gap', 'news@x').options.minutes).toBe(30);
    expect(settings.get('min-gap', 'news@bluesky').options.minutes).toBe(240);
    expect(settings.get('max-posts-per-day', 'news@bluesky').options.max).toBe(1);
  });

  it('refuses platform or handle beside channels, an unknown network and no channel at all, located', () => {
    const located = (account: string) =>
      analyse({ 'accounts/news.yaml': account }).problems.map((p) => [p.line, p.column, p.message]);
    const both = located(`platform: x\nhandle: "@acme"\n${newsAccount()}`);
    expect(both).toEqual([
      [1, 1, expect.stringContaining('`platform` belongs inside each channel')],
      [2, 1, expect.stringContaining('`handle` belongs inside each channel')],
    ]);
    const unknown = located(newsAccount().replace('  bluesky:', '  blusky:'));
    expect(unknown).toEqual([[expect.any(Number), 3, expect.stringMatching(/blusky.*bluesky/)]]);
    expect(unknown[0]![0]).toBe(12);
    expect(located(newsAccount().replace(/channels:[\s\S]*/, 'channels: {}'))).toEqual([
      [expect.any(Number), expect.any(Number), expect.stringContaining('at least one channel')],
    ]);
    // A wrong handle is the network's error, at the channel's handle.
    const handle = analyse({
      'accounts/news.yaml': newsAccount().replace('news.acme.example.com', '"@not a domain"'),
    }).problems;
    expect(handle).toHaveLength(1);
    expect(handle[0]).toMatchObject({ file: 'accounts/news.yaml', line: 13, ruleId: 'schema' });
  });
});

describe('posts of an account with channels', () => {
  const calendar = [
    '- id: both',
    '  category: news',
    '  text: Our shop opens on Saturday.',
    '- id: only-x',
    '  category: news',
    '  text: A word for X only.',
    '  channels: [x]',
    '- id: varied',
    '  category: news',
    `  text: "${LONG_FOR_X}"`,
    '  thread: ["And a second part."]',
    '  variants:',
    '    x:',
    '      text: Winter repair days are back.',
    '      thread: []',
    '',
  ].join('\n');

  it('go to every channel unless narrowed, each with its variant applied', () => {
    const { workspace, problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': calendar,
    });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const posts = workspace.posts.map((p) => [p.account, p.id, p.text, p.thread]);
    expect(posts).toEqual([
      ['news@x', 'both', 'Our shop opens on Saturday.', []],
      ['news@bluesky', 'both', 'Our shop opens on Saturday.', []],
      ['news@x', 'only-x', 'A word for X only.', []],
      ['news@x', 'varied', 'Winter repair days are back.', []],
      ['news@bluesky', 'varied', LONG_FOR_X, ['And a second part.']],
    ]);
  });

  it('are linted against each network: too long for X is an X finding, at the line of the text', () => {
    const { problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': calendar.replace(/ {2}variants:\n.*\n.*\n.*\n/, ''),
    });
    const length = problems.filter((p) => p.ruleId === 'max-length');
    expect(length).toEqual([
      expect.objectContaining({ account: 'news', channel: 'x', postId: 'varied', line: 10 }),
    ]);
  });

  it('report a finding in a variant at the variant’s line', () => {
    const { problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': calendar.replace(
        '      text: Winter repair days are back.',
        `      text: "${LONG_FOR_X}"`,
      ),
    });
    expect(problems.filter((p) => p.ruleId === 'max-length')).toEqual([
      expect.objectContaining({ channel: 'x', postId: 'varied', line: 14 }),
    ]);
  });

  it('report the same finding on every channel once, without a channel', () => {
    const { problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml':
        '- id: loud\n  category: news\n  text: OUR SHOP OPENS ON SATURDAY WITH NEW GEAR\n',
    });
    const shouting = problems.filter((p) => p.ruleId === 'shouting');
    expect(shouting).toHaveLength(1);
    expect(shouting[0]).toMatchObject({ account: 'news', postId: 'loud' });
    expect(shouting[0]!.channel).toBeUndefined();
  });

  it('name the account, not the channel, in what holds for the account: one approval finding', () => {
    const { problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml':
        '- id: d\n  category: deals\n  text: Boots 20% off\n  at: 2026-12-01 10:00\n  expires: 2026-12-05\n',
    });
    const approval = problems.filter((p) => p.ruleId === 'approval');
    expect(approval.map((p) => [p.account, p.channel, p.message])).toEqual([
      ['news', undefined, expect.stringContaining('the owner or a team member of "news" (ana, ben)')],
    ]);
  });

  it('refuse a channel or a variant the account does not have, located, and make no post of it', () => {
    const { workspace, problems } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml':
        '- id: a\n  category: news\n  text: Hi\n  channels: [x, mastodon]\n' +
        '- id: b\n  category: news\n  text: Hi there\n  variants:\n    weibo:\n      text: 你好\n',
    });
    expect(problems.map((p) => [p.line, p.column, p.postId, p.message])).toEqual([
      [
        4,
        17,
        'a',
        expect.stringContaining(
          '"mastodon" is not a channel of the account news (its channels are x, bluesky)',
        ),
      ],
      [9, 5, 'b', expect.stringContaining('"weibo" is not a channel of the account news')],
    ]);
    expect(workspace.posts).toEqual([]);
  });

  it('on a channel-less account, a variant for its own network applies and another network is an error', () => {
    const { workspace, problems } = analyse({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml':
        '- id: a\n  category: news\n  text: Long words\n  at: 2026-12-01 10:00\n  variants:\n    x:\n      text: Short\n' +
        '- id: b\n  category: news\n  text: Hi\n  at: 2026-12-01 12:00\n  channels: [bluesky]\n',
    });
    expect(workspace.posts.map((p) => [p.account, p.id, p.text])).toEqual([['a', 'a', 'Short']]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('"bluesky" is not a channel of the account a (its network is x)'),
    ]);
  });
});

describe('duplicates across accounts are judged per network', () => {
  const text = 'Our winter repair days are back: bring your jackets, tents and packs to any store.';
  const post = `- id: p\n  category: news\n  text: "${text}"\n  at: 2026-12-01 10:00\n`;
  const duplicates = (files: Record<string, string>) =>
    analyse(files).problems.filter((p) => p.ruleId === 'cross-account-duplicate');

  it('the same text on one account’s X and Bluesky channels is one voice, not a duplicate', () => {
    expect(duplicates({ 'accounts/news.yaml': newsAccount(), 'content/news/c.yaml': post })).toEqual([]);
  });

  it('two accounts with the same text on Bluesky are, and it is reported on Bluesky only', () => {
    const other = [
      'platform: bluesky',
      'handle: other.acme.example.com',
      'timezone: Europe/Berlin',
      'language: en',
      'owner: ana',
    ].join('\n');
    const found = duplicates({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': post,
      'accounts/other.yaml': other,
      'content/other/c.yaml': post.replace('10:00', '12:00'),
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account: 'other', file: 'content/other/c.yaml' });
    expect(found[0]!.message).toContain('of account news');
    expect(found[0]!.message).toContain('on Bluesky');
  });

  it('an account on X and another on Bluesky with the same text are not', () => {
    expect(
      duplicates({
        'accounts/news.yaml': newsAccount().replace(/ {2}x:\n.*\n/, ''),
        'content/news/c.yaml': post,
        'accounts/shop.yaml': accountYaml('', { handle: 'acme_shop' }),
        'content/shop/c.yaml': post.replace('10:00', '12:00'),
      }),
    ).toEqual([]);
  });
});

describe('tracking per channel', () => {
  it('gives each channel its own code and utm_source; the first channel keeps the account’s code', () => {
    const { timeline } = analyse({
      'accounts/news.yaml': newsAccount('tracking:\n  domains: [acme.example.com]'),
      'content/news/c.yaml':
        '- id: p\n  category: news\n  text: Read it\n  link: https://acme.example.com/a\n  at: 2026-12-01 10:00\n',
    });
    const rendered = (key: string) => timeline.byAccount.get(key)![0]!.rendered;
    expect(rendered('news@x').trackingCode).toBe(trackingCode('news', 'p'));
    expect(rendered('news@bluesky').trackingCode).toBe(trackingCode('news@bluesky', 'p'));
    expect(rendered('news@x').trackedLinks).toEqual([
      `https://acme.example.com/a?utm_source=x&utm_medium=social&utm_campaign=news&utm_content=${trackingCode('news', 'p')}`,
    ]);
    expect(rendered('news@bluesky').trackedLinks![0]).toContain(
      'utm_source=bluesky&utm_medium=social&utm_campaign=news&',
    );
  });
});

describe('selecting channels and JSON', () => {
  it('--account takes the account id (all channels) or one channel key', () => {
    expect(selectsChannel([], 'news@x')).toBe(true);
    expect(selectsChannel(['news'], 'news@x')).toBe(true);
    expect(selectsChannel(['news@bluesky'], 'news@x')).toBe(false);
    expect(selectsChannel(['news@bluesky'], 'news@bluesky')).toBe(true);
    expect(selectsChannel(['new'], 'news@x')).toBe(false);
    expect(selectsFinding(['news@x'], 'news', 'x')).toBe(true);
    expect(selectsFinding(['news@x'], 'news', 'bluesky')).toBe(false);
    expect(selectsFinding(['news@x'], 'news')).toBe(true);
    expect(() => checkAccountIds(['news', 'news@x'], ['news@x', 'news@bluesky'])).not.toThrow();
    expect(() => checkAccountIds(['news@mastodon'], ['news@x', 'news@bluesky'])).toThrow(
      /There is no account "news@mastodon"/,
    );
  });

  it('plan JSON names the account and adds channel for channels only', () => {
    const { timeline, workspace } = analyse({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': '- id: p\n  category: news\n  text: Hi\n  at: 2026-12-01 10:00\n',
      'accounts/a.yaml': accountYaml('', { handle: 'acme_a' }),
      'content/a/c.yaml': '- id: q\n  category: news\n  text: Hello\n  at: 2026-12-01 11:00\n',
    });
    const plan = selectPlan(timeline, workspace.accounts, {
      accounts: [],
      from: undefined,
      to: undefined,
      now: NOW,
      horizonDays: 30,
    });
    const posts = (JSON.parse(formatPlanJson(plan)) as { posts: Record<string, unknown>[] }).posts;
    expect(posts.map((p) => [p.account, p.channel, p.id])).toEqual([
      ['news', 'bluesky', 'p'],
      ['news', 'x', 'p'],
      ['a', undefined, 'q'],
    ]);
    expect(Object.keys(posts[2]!)).not.toContain('channel');
  });
});

describe('content warnings', () => {
  const account = newsAccount().replace(
    '  bluesky:\n    handle: news.acme.example.com',
    '  mastodon:\n    handle: "@news@mastodon.social"',
  );

  it('a Mastodon variant’s warning counts towards Mastodon’s length and goes out as spoiler_text', () => {
    const { timeline, problems } = analyse({
      'accounts/news.yaml': account,
      'content/news/c.yaml':
        '- id: p\n  category: news\n  text: The recall notice\n  at: 2026-12-01 10:00\n  thread: [Part two]\n' +
        '  variants:\n    mastodon:\n      content_warning: Product safety\n',
    });
    expect(problems).toEqual([]);
    const mastodon = timeline.byAccount.get('news@mastodon')![0]!;
    const x = timeline.byAccount.get('news@x')![0]!;
    expect(mastodon.rendered.contentWarning).toBe('Product safety');
    expect(mastodon.rendered.parts.map((p) => p.length)).toEqual([17 + 14, 8 + 14]);
    expect(x.rendered.contentWarning).toBeUndefined();
    expect(x.rendered.parts[0]!.length).toBe(17);
    const platform = timeline.byAccount.get('news@mastodon')![0]!.account.platform;
    expect(platform).toBe('mastodon');
  });

  it('on a network without content warnings it is an error at its line, for that channel', () => {
    const { problems } = analyse({
      'accounts/news.yaml': account,
      'content/news/c.yaml':
        '- id: p\n  category: news\n  text: The recall notice\n  at: 2026-12-01 10:00\n  content_warning: Product safety\n',
    });
    expect(problems.map((p) => [p.ruleId, p.channel, p.line, p.column])).toEqual([
      ['network-fit', 'x', 5, 3],
    ]);
    expect(problems[0]!.message).toContain('X has no content warnings');
  });
});

describe('a variant’s own images', () => {
  const png = (bytes: number) => {
    const data = new Uint8Array(bytes);
    data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return data;
  };

  it('are found on disk and checked against their network, at the variant’s line', async () => {
    const root = await makeWorkspace({
      'accounts/news.yaml': newsAccount(),
      'content/news/c.yaml': [
        '- id: p',
        '  category: news',
        '  text: The new bench',
        '  at: 2026-12-01 10:00',
        '  media:',
        '    - { file: media/big.png, alt: The bench }',
        '  variants:',
        '    bluesky:',
        '      media:',
        '        - { file: media/small.png, alt: The smaller bench }',
        '- id: q',
        '  category: news',
        '  text: The old bench',
        '  at: 2026-12-02 10:00',
        '  variants:',
        '    bluesky:',
        '      media:',
        '        - { file: media/big.png, alt: The old bench }',
        '        - { file: media/missing.png, alt: Nothing }',
        '',
      ].join('\n'),
      'media/big.png': png(1_200_000),
      'media/small.png': png(900_000),
    });
    const { problems } = analyseWorkspace(await readWorkspace(root), { now: NOW });

    expect(problems.map((p) => [p.ruleId, p.postId, p.channel, p.line])).toEqual([
      ['network-fit', 'q', 'bluesky', 18],
      // Only the Bluesky version names the missing file.
      ['media-file', 'q', 'bluesky', 19],
    ]);
    expect(problems[0]!.message).toContain('media/big.png is 1,200 KB; Bluesky takes images up to 1,000 KB');
  });
});
