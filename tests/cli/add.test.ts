import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveId } from '../../src/cli/add.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-30T08:00:00Z'; // Monday 09:00 in Berlin

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
      '--now',
      NOW,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = await readFile(path.join(root, 'content/shop/2026-12.yaml'), 'utf8');
    expect(text.startsWith(HANDWRITTEN)).toBe(true);
    const id = deriveId('Café opening: free espresso!', new Set());
    expect(text.slice(HANDWRITTEN.length)).toBe(
      `\n-   id: ${id}\n    category: news\n    text: "Café opening: free espresso!"\n`,
    );
    // The queue: beans takes the 09:00 slot that the run at 09:00 serves, so the new post gets 12:30.
    expect(result.stdout).toBe(
      `Added ${id} to content/shop/2026-12.yaml: 2026-11-30 12:30 Europe/Berlin (2026-11-30T12:30:00+01:00), from a slot\n`,
    );
    // The file still lints clean.
    expect(runCli(['lint', '--root', root, '--now', NOW]).code).toBe(0);
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
      'Would add dated to content/shop/2026-12.yaml at 2026-12-01 12:30 Europe/Berlin',
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
    expect(result.stdout).toContain('explicit time');
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
