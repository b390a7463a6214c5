import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveId } from '../../src/cli/add.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-30T08:00:00Z'; // Monday 09:00 in Berlin
/** Monday 11:00 in Berlin: the 09:00 slot is two hours gone (outside any late window), 12:30 is next. */
const LATER = '2026-11-30T10:00:00Z';

/** A calendar written by a person: comments, odd indentation, quoting styles, blank lines, no final newline. */
const HANDWRITTEN = [
  '# December calendar   ',
  '# (keep deals short)',
  '',
  '-   id: launch           # the big one',
  "    category: 'news'",
  '    text: >-',
  '      We open a new store',
  '      in Hamburg!',
  '    at: "2026-12-01 09:00"',
  '',
  '    # a comment between posts',
  '-   id: beans',
  '    category: blog',
  '    text: How we pick our coffee beans.',
  '    # trailing comment',
].join('\n');

const account = accountYaml(
  'slots:\n  weekdays: ["09:00", "12:30", "17:00"]\nlimits:\n  quiet_hours: { start: "22:00", end: "07:00" }',
  { handle: 'acme_shop' },
);

describe('chorus add (CLI)', () => {
  it('round-trips: every byte of a hand-written calendar is kept, the post is appended', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
    });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'Café opening: free espresso!',
      '--file',
      'content/shop/2026-12.yaml',
      '--now',
      LATER,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8');
    expect(text.startsWith(HANDWRITTEN)).toBe(true);
    const id = deriveId('Café opening: free espresso!', new Set());
    expect(text.slice(HANDWRITTEN.length)).toBe(
      `\n-   id: ${id}\n    category: news\n    text: "Café opening: free espresso!"\n`,
    );
    // The queue: beans took 12:30 today, so the new post gets 17:00; that time is not written.
    expect(result.stdout).toBe(
      `Added ${id} to content/shop/2026-12.yaml: queued: would go out at 2026-11-30 17:00 Europe/Berlin (2026-11-30T17:00:00+01:00) (next free slot) — the time is not written; use --pin to keep it\n`,
    );
    // The file still lints clean.
    expect(runCli(['lint', '--root', root, '--now', LATER]).code).toBe(0);
  });

  it('refuses a post that would add a lint error and writes nothing', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
    });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'Too late',
      '--at',
      '2026-12-01 23:30',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/quiet hours 22:00-07:00\.\s+quiet-hours/);
    expect(result.stderr).toContain('nothing was written');
    expect(await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8')).toBe(HANDWRITTEN);
  });

  it('refuses a duplicate id (exit 1, located)', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
    });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'x',
      '--id',
      'beans',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'content/shop/2026-12.yaml:12:5: shop already has a post with the id "beans"',
    );
  });

  it('a date-only --at takes the first free slot of that day; --dry-run writes nothing', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
    });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'Dated',
      '--at',
      '2026-12-01',
      '--id',
      'dated',
      '--dry-run',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Would add dated to content/shop/2026-12.yaml: on 2026-12-01: would go out at 2026-12-01 12:30 Europe/Berlin (2026-12-01T12:30:00+01:00) (a free slot of 2026-12-01) — the time is not written; use --pin to keep it\n',
    );
    expect(result.stdout).toContain('    at: 2026-12-01\n');
    expect(await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8')).toBe(HANDWRITTEN);
  });

  it('creates content/<account>/<yyyy-mm>.yaml when the account has no calendar', async () => {
    const root = await makeWorkspace({ 'accounts/shop.yaml': account });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'First',
      '--at',
      '2027-01-05 09:00',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(0);
    expect(await readdir(path.join(root, 'content/shop'))).toEqual(['2027-01.yaml']);
    expect(result.stdout).toBe(
      `Added ${deriveId('First', new Set())} to content/shop/2027-01.yaml (new file): 2027-01-05 09:00 Europe/Berlin (2027-01-05T09:00:00+01:00), explicit time\n`,
    );
    expect(await readFile(path.join(root, 'content/shop/2027-01.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/content\.schema\.json\n\n- id: first-/,
    );
  });

  it('writes a queued post into the calendar of the month it would go out in, never into feed.yaml', async () => {
    const feed = '- id: deal-x-2026-12-20\n  category: news\n  text: From the feed\n  at: 2026-12-20 09:00\n';
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
      'content/shop/feed.yaml': feed,
    });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--text',
      'Queued',
      '--now',
      LATER,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Added queued-[0-9a-f]{6} to content\/shop\/2026-11\.yaml \(new file\): queued: would go out at 2026-11-30 12:30 Europe\/Berlin/,
    );
    expect(await readFile(path.join(root, 'content/shop/feed.yaml'), 'utf8')).toBe(feed);
    expect(await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8')).toBe(HANDWRITTEN);
    expect(await readdir(path.join(root, 'content/shop'))).toEqual([
      '2026-11.yaml',
      '2026-12.yaml',
      'feed.yaml',
    ]);
  });

  it('--pin writes the slot the post gets as its at, so the time holds when the queue moves', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'content/shop/2026-12.yaml': HANDWRITTEN,
    });
    const base = ['add', '--root', root, '--account', 'shop', '--category', 'news', '--now', LATER];
    const pinned = runCli([...base, '--text', 'Pinned', '--id', 'pinned', '--pin']);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toBe(
      'Added pinned to content/shop/2026-11.yaml (new file): 2026-11-30 12:30 Europe/Berlin (2026-11-30T12:30:00+01:00), pinned: the slot it got is written as its at\n',
    );
    expect(await readFile(path.join(root, 'content/shop/2026-11.yaml'), 'utf8')).toContain(
      '- id: pinned\n  category: news\n  text: Pinned\n  at: 2026-11-30 12:30\n',
    );
    const dated = runCli([...base, '--text', 'Dated', '--id', 'dated', '--at', '2026-12-02', '--pin']);
    expect(dated.stdout).toContain('2026-12-02 09:00 Europe/Berlin (2026-12-02T09:00:00+01:00), pinned');
    expect(await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8')).toContain(
      '  at: 2026-12-02 09:00\n',
    );
    // A queued post written into an earlier file comes first in the queue: it takes 17:00, the pinned post stays.
    await writeFile(
      path.join(root, 'content/shop/2026-10.yaml'),
      '- id: early\n  category: news\n  text: Early in the queue\n',
    );
    const plan = runCli(['plan', '--root', root, '--now', LATER, '--format', 'json']);
    expect(plan.code).toBe(0);
    const times = Object.fromEntries(
      (JSON.parse(plan.stdout) as { posts: { id: string; local: string }[] }).posts.map((p) => [
        p.id,
        p.local,
      ]),
    );
    expect(times).toMatchObject({ pinned: '2026-11-30T12:30:00+01:00', early: '2026-11-30T17:00:00+01:00' });
    expect(runCli(['lint', '--root', root, '--now', LATER]).code).toBe(0);
  });

  it('writes --thread, --media/--alt, --author and --approved-by; refuses media outside the workspace (exit 2)', async () => {
    const outside = await makeWorkspace({ 'secret.png': 'x' });
    const root = await makeWorkspace({
      'accounts/shop.yaml': account,
      'media/a.png': 'png',
      'media/b.png': 'png',
    });
    await symlink(path.join(outside, 'secret.png'), path.join(root, 'media/link.png'));
    const base = [
      'add',
      '--root',
      root,
      '--account',
      'shop',
      '--category',
      'news',
      '--now',
      NOW,
      '--at',
      '2026-12-01 09:00',
    ];
    const ok = runCli([
      ...base,
      '--text',
      'Two pictures',
      '--id',
      'pics',
      '--thread',
      'First reply',
      '--thread',
      'Second reply',
      '--media',
      'media/a.png',
      '--alt',
      'Picture A',
      '--media',
      path.join(root, 'media/b.png'),
      '--alt',
      'Picture B',
      '--author',
      'ben',
      '--approved-by',
      'chloe',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8')).toContain(
      [
        '- id: pics',
        '  category: news',
        '  text: Two pictures',
        '  thread:',
        '    - First reply',
        '    - Second reply',
        '  at: 2026-12-01 09:00',
        '  media:',
        '    - file: media/a.png',
        '      alt: Picture A',
        '    - file: media/b.png',
        '      alt: Picture B',
        '  author: ben',
        '  approved_by: chloe',
        '',
      ].join('\n'),
    );
    const bad = [
      [['--media', 'media/a.png'], /1 --media but 0 --alt: every image needs its alt text/],
      [['--media', 'media/a.png', '--alt', 'A', '--alt', 'B'], /2 --alt but 1 --media/],
      [['--media', 'media/link.png', '--alt', 'A'], /--media media\/link\.png is outside the workspace/],
      [['--media', '../x.png', '--alt', 'A'], /--media \.\.\/x\.png: there is no such file/],
      [['--media', path.join(outside, 'secret.png'), '--alt', 'A'], /is outside the workspace/],
      [['--media', 'media', '--alt', 'A'], /is not a regular file/],
      [['--thread', 'one', '--thread', ' '], /--thread \(the 2nd\): a thread part must not be empty/],
    ] as const;
    for (const [extra, message] of bad) {
      const result = runCli([...base, '--text', 'Bad', ...extra]);
      expect(result.code, extra.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('validates options with the calendar schema (exit 2)', async () => {
    const root = await makeWorkspace({ 'accounts/shop.yaml': account });
    const base = ['add', '--root', root, '--account', 'shop', '--text', 'x'];
    const bad = [
      [[...base, '--category', 'promo'], /Allowed choices/],
      [[...base, '--category', 'deals', '--link', 'ftp://x'], /--link: must be an absolute http\(s\) URL/],
      [[...base, '--category', 'news', '--at', '2026-02-30'], /--at: "2026-02-30" is not a calendar date/],
      [[...base, '--category', 'news', '--id', 'no spaces'], /--id/],
      [[...base, '--category', 'news', '--file', 'content/other/x.yaml'], /is not a calendar of shop/],
      [
        ['add', '--root', root, '--account', 'nobody', '--category', 'news', '--text', 'x'],
        /no account "nobody"/,
      ],
    ] as const;
    for (const [args, message] of bad) {
      const result = runCli([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('deriveId', () => {
  it('slugs the first words and adds a short hash; stays unique in the account', () => {
    const id = deriveId('Winter SALE: 20% off boots & coats today only', new Set());
    expect(id).toMatch(/^winter-sale-20-off-boots-[0-9a-f]{6}$/);
    expect(deriveId('Winter SALE: 20% off boots & coats today only', new Set([id]))).toBe(`${id}-2`);
    expect(deriveId('🎉🎉', new Set())).toMatch(/^post-[0-9a-f]{6}$/);
  });
});

describe('chorus add on an account with channels', () => {
  const account = [
    'timezone: Europe/Berlin',
    'language: en',
    'owner: ana',
    'slots:',
    '  weekdays: ["12:30"]',
    'channels:',
    '  x:',
    '    handle: "@acme"',
    '  bluesky:',
    '    handle: acme.bsky.social',
    '    slots:',
    '      weekdays: ["13:30"]',
  ].join('\n');

  it('adds to the account’s calendar, and the post goes to every channel in its own slot', async () => {
    const root = await makeWorkspace({ 'accounts/acme.yaml': account });
    const added = runCli([
      'add',
      '--root',
      root,
      '--account',
      'acme',
      '--category',
      'news',
      '--text',
      'Doors open at nine.',
      '--now',
      NOW,
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(await readdir(path.join(root, 'content/acme'))).toEqual(['2026-11.yaml']);
    const plan = runCli(['plan', '--root', root, '--now', NOW, '--format', 'json']);
    const posts = (
      JSON.parse(plan.stdout) as { posts: { account: string; channel: string; local: string }[] }
    ).posts;
    expect(posts.map((p) => [p.account, p.channel, p.local])).toEqual([
      ['acme', 'x', '2026-11-30T12:30:00+01:00'],
      ['acme', 'bluesky', '2026-11-30T13:30:00+01:00'],
    ]);
  });

  it('refuses a channel key: the calendar is the account’s, and says how to narrow a post', async () => {
    const root = await makeWorkspace({ 'accounts/acme.yaml': account });
    const result = runCli([
      'add',
      '--root',
      root,
      '--account',
      'acme@x',
      '--category',
      'news',
      '--text',
      'Hi.',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--account acme@x names a channel');
    expect(result.stderr).toContain('give it `channels: [x]` in the calendar');
    expect(await readdir(root)).not.toContain('content');
  });
});
