import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { trackingCode } from '../../src/tracking/code.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-30T09:01:00Z'; // Monday 10:01 in Berlin: the 09:00 slot is past the late window

const files = {
  'accounts/shop.yaml': accountYaml(
    'slots:\n  weekdays: ["09:00", "12:30", "17:00"]\n  weekends: ["11:00"]',
    {
      handle: 'acme_shop',
    },
  ),
  'accounts/ny.yaml': accountYaml('slots:\n  daily: ["10:00"]', {
    handle: 'acme_ny',
    timezone: 'America/New_York',
  }),
  'content/shop/2026-12.yaml': [
    '- id: launch',
    '  category: news',
    '  text: We open a new store in Hamburg!',
    '  at: 2026-12-01 09:00',
    '- id: boots',
    '  category: deals',
    '  text: 20% off winter boots',
    '  link: https://shop.example.com/boots',
    '  expires: 2026-12-10',
    '  approved_by: ben',
    '- id: beans',
    '  category: blog',
    '  text: How we pick our coffee beans.',
  ].join('\n'),
  'content/ny/c.yaml': '- id: hello\n  category: news\n  text: Hello New York\n',
};

describe('chorus plan (CLI)', () => {
  it('json: the documented shape, sorted by at, deterministic for a fixed --now', async () => {
    const root = await makeWorkspace(files);
    const first = runCli(['plan', '--root', root, '--format', 'json', '--now', NOW]);
    const second = runCli(['plan', '--root', root, '--format', 'json', '--now', NOW]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout) as { posts: Record<string, unknown>[]; unplaced: unknown[] };
    expect(json.unplaced).toEqual([]);
    expect(json.posts.map((p) => [p.account, p.id, p.at, p.local, p.source])).toEqual([
      ['shop', 'boots', '2026-11-30T11:30:00Z', '2026-11-30T12:30:00+01:00', 'slot'],
      ['ny', 'hello', '2026-11-30T15:00:00Z', '2026-11-30T10:00:00-05:00', 'slot'],
      ['shop', 'beans', '2026-11-30T16:00:00Z', '2026-11-30T17:00:00+01:00', 'slot'],
      ['shop', 'launch', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00+01:00', 'explicit'],
    ]);
    // The deal's link carries its tracking code (default UTM parameters), and a URL weighs 23.
    const tracked = `https://shop.example.com/boots?utm_source=x&utm_medium=social&utm_campaign=shop&utm_content=${trackingCode('shop', 'boots')}`;
    expect(json.posts[0]).toMatchObject({
      category: 'deals',
      text: `20% off winter boots ${tracked}`,
      links: [tracked],
      length: 44,
      weightedLength: 44,
    });
  });

  it('json on the shipped workspace is deterministic', () => {
    const args = ['plan', '--root', '.', '--format', 'json', '--now', '2026-11-22T08:00:00Z'];
    const a = runCli(args);
    expect(a.code).toBe(0);
    expect(runCli(args).stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).posts.length).toBeGreaterThan(0);
  });

  it('--account, --from and --to select local dates per account', async () => {
    const root = await makeWorkspace(files);
    const result = runCli([
      'plan',
      '--root',
      root,
      '--format',
      'json',
      '--now',
      NOW,
      '--account',
      'shop',
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-01',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).posts.map((p: { id: string }) => p.id)).toEqual(['launch']);
  });

  it('table: an agenda per account and day with a fullness bar', async () => {
    const root = await makeWorkspace(files);
    const result = runCli(['plan', '--root', root, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('@acme_shop shop · Europe/Berlin');
    expect(result.stdout).toContain('Mon 2026-11-30  ■■□ 2 posts, 3 slots');
    expect(result.stdout).toMatch(/12:30 {2}deals +boots +slot +44 {2}20% off winter boots/);
    expect(result.stdout).toMatch(/09:00 {2}news +launch +explicit/);
  });

  it('ics: parses with ical.js; one event per post with stable UIDs and exact times', async () => {
    const root = await makeWorkspace(files);
    const result = runCli(['plan', '--root', root, '--format', 'ics', '--now', NOW]);
    expect(result.code).toBe(0);
    const component = new ICAL.Component(ICAL.parse(result.stdout));
    const events = component.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => [e.uid, e.startDate.toJSDate().toISOString()])).toEqual([
      ['shop/boots@chorus', '2026-11-30T11:30:00.000Z'],
      ['ny/hello@chorus', '2026-11-30T15:00:00.000Z'],
      ['shop/beans@chorus', '2026-11-30T16:00:00.000Z'],
      ['shop/launch@chorus', '2026-12-01T08:00:00.000Z'],
    ]);
    expect(events[0]!.summary).toBe('@acme_shop deals: boots');
    expect(events[0]!.description).toMatch(
      /^20% off winter boots https:\/\/shop\.example\.com\/boots\?utm_source=x&utm_medium=social&utm_campaign=shop&utm_content=[a-z2-7]{12}$/,
    );
    expect(runCli(['plan', '--root', root, '--format', 'ics', '--now', NOW]).stdout).toBe(result.stdout);
  });

  it('still prints with lint problems, and says so on stderr', async () => {
    const root = await makeWorkspace({
      ...files,
      'content/ny/c.yaml':
        '- id: a\n  category: news\n  text: A\n  at: 2026-12-01 10:00\n- id: b\n  category: news\n  text: B\n  at: 2026-12-01 10:10\n',
    });
    const result = runCli(['plan', '--root', root, '--now', NOW, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).posts.length).toBe(5);
    expect(result.stderr).toMatch(/1 lint problem \(1 error\); run `chorus lint`/);
  });

  it('lists unplaced posts in json', async () => {
    const root = await makeWorkspace({
      ...files,
      'chorus.yaml': 'planning:\n  horizon_days: 1',
      'content/ny/c.yaml': '- id: a\n  category: news\n  text: A\n- id: b\n  category: news\n  text: B\n',
    });
    const result = runCli(['plan', '--root', root, '--now', NOW, '--format', 'json', '--account', 'ny']);
    expect(JSON.parse(result.stdout).unplaced).toEqual([
      {
        account: 'ny',
        id: 'b',
        category: 'news',
        reason: 'no free slot until 2026-12-01 (horizon 1 days): every slot is taken',
        missed: false,
      },
    ]);
  });

  it('usage errors exit 2', async () => {
    const root = await makeWorkspace(files);
    expect(runCli(['plan', '--root', root, '--from', '2026-13-01']).code).toBe(2);
    expect(runCli(['plan', '--root', root, '--from', '2026-12-05', '--to', '2026-12-01']).code).toBe(2);
    expect(runCli(['plan', '--root', root, '--account', 'nope']).code).toBe(2);
    expect(runCli(['plan', '--root', root, '--format', 'csv']).code).toBe(2);
    expect(runCli(['plan', '--help']).stdout).toContain('--format <format>');
  });

  it('shows posts from the ledger as published, at the time they really went out, taking their slot', async () => {
    const ledger = [
      {
        v: 1,
        type: 'intent',
        account: 'ny',
        post: 'hello',
        part: 0,
        text_sha256: 'x',
        at: '2026-11-29T15:00:00.000Z',
        run: 'r1',
      },
      {
        v: 1,
        type: 'published',
        account: 'ny',
        post: 'hello',
        part: 0,
        platform_id: '42',
        url: 'https://x.com/acme_ny/status/42',
        at: '2026-11-29T15:00:01.000Z',
        run: 'r1',
      },
    ]
      .map((record) => JSON.stringify(record))
      .join('\n');
    const root = await makeWorkspace({ ...files, 'state/ny.jsonl': `${ledger}\n` });
    const result = runCli(['plan', '--root', root, '--format', 'json', '--now', NOW, '--from', '2026-11-29']);
    expect(result.code).toBe(0);
    const hello = JSON.parse(result.stdout).posts.find((p: { id: string }) => p.id === 'hello');
    expect(hello).toMatchObject({ account: 'ny', at: '2026-11-29T15:00:01Z' });
    expect(hello.published).toBeTruthy();
  });
});
