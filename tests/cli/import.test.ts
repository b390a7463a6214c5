import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = ['--now', '2026-11-22T08:00:00Z'];
const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/feeds/discounts.csv');
/** A deals account: deals are its purpose (promo_share 1), daily slots for date-only deals. */
const OUTLET = [
  'tracking:\n  domains: [shop.example.com]',
  'slots:\n  daily: ["09:00", "13:00", "17:00"]',
  'limits:\n  promo_share: 1',
].join('\n');
const workspace = () =>
  makeWorkspace({
    'accounts/outlet.yaml': accountYaml(OUTLET, { language: 'de' }),
  });

describe('chorus import (CLI)', () => {
  it('writes deal posts, then a second import of the same feed is a no-op', async () => {
    const root = await workspace();
    await copyFile(EXAMPLE, path.join(root, 'feed.csv'));
    const first = runCli(['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('feed.csv:2: added deal-ab-100-2026-11-23');
    expect(first.stdout).toContain(
      'content/outlet/feed.yaml: added 3, updated 0, unchanged 0, skipped 1 (expired 1, invalid 0, rejected by lint 0)',
    );
    const calendar = path.join(root, 'content/outlet/feed.yaml');
    const written = await readFile(calendar, 'utf8');
    expect(written).toContain(
      'text: "Trail running shoes: 59,90\u00a0€ instead of 89,90\u00a0€ (-33\u00a0%)"',
    );
    const before = (await stat(calendar)).mtimeMs;

    const second = runCli(['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('added 0, updated 0, unchanged 3, skipped 1');
    expect(await readFile(calendar, 'utf8')).toBe(written);
    expect((await stat(calendar)).mtimeMs).toBe(before);

    const lint = runCli(['lint', '--root', root, ...NOW]);
    expect(lint.stdout).toContain('No problems');
    expect(lint.code).toBe(0);
  });

  it('reports a malformed row as feed.csv:LINE with a reason, imports the rest and exits 1', async () => {
    const root = await workspace();
    await writeFile(
      path.join(root, 'feed.csv'),
      'sku,title,price,list_price,currency,url,starts,ends\n' +
        'A-1,Shoes,10,20,EUR,https://shop.example.com/a,2026-11-23,2026-11-30\n' +
        'B-2,Socks,ten,20,EUR,https://shop.example.com/b,2026-11-23,2026-11-30\n',
    );
    const result = runCli(['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('feed.csv:3: price "ten" is not an amount like 19.99\n');
    expect(result.stdout).toContain(
      'added 1, updated 0, unchanged 0, skipped 1 (expired 0, invalid 1, rejected by lint 0)',
    );
    expect(await readFile(path.join(root, 'content/outlet/feed.yaml'), 'utf8')).toContain(
      'deal-a-1-2026-11-23',
    );
  });

  it('reports a row with a bad quote once and imports the rows after it', async () => {
    const root = await workspace();
    await writeFile(
      path.join(root, 'feed.csv'),
      'sku,title,price,list_price,currency,url,starts,ends\n' +
        '"B-2"x,Socks,10,20,EUR,https://shop.example.com/b,2026-11-23,2026-11-30\n' +
        'A-1,Shoes,10,20,EUR,https://shop.example.com/a,2026-11-23,2026-11-30\n',
    );
    const result = runCli(['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'feed.csv:2: Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment\n',
    );
    expect(result.stdout).toContain('feed.csv:3: added deal-a-1-2026-11-23');
  });

  it('reports a row rejected by lint with its line and does not write it', async () => {
    const root = await workspace();
    await writeFile(
      path.join(root, 'feed.json'),
      JSON.stringify(
        [
          {
            sku: 'A-1',
            title: 'x'.repeat(300),
            price: 1,
            list_price: 2,
            currency: 'EUR',
            url: 'https://shop.example.com/a',
            starts: '2026-11-23',
            ends: '2026-11-30',
          },
        ],
        null,
        2,
      ),
    );
    const result = runCli(['import', 'feed.json', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^feed\.json:2: not imported, deal-a-1-2026-11-23 would break a rule: .*\(max-length\)\n$/,
    );
    await expect(stat(path.join(root, 'content/outlet/feed.yaml'))).rejects.toThrow();
  });

  it('an empty or unknown --approved-by is a usage error (exit 2, a hint with the people), nothing written', async () => {
    const root = await workspace();
    for (const [approver, message] of [
      ['', /--approved-by is empty/],
      ['benn', /--approved-by benn is not the owner or a team member of outlet; did you mean `ben`\?/],
    ] as const) {
      const result = runCli(
        ['import', 'feed.csv', '--account', 'outlet', '--approved-by', approver, ...NOW],
        {
          cwd: root,
        },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/hint: Deals of outlet are approved by one of: /);
      expect(existsSync(path.join(root, 'content/outlet/feed.yaml'))).toBe(false);
    }
  });

  it('--dry-run writes nothing', async () => {
    const root = await workspace();
    const result = runCli([
      'import',
      EXAMPLE,
      '--account',
      'outlet',
      '--approved-by',
      'ben',
      '--dry-run',
      '--root',
      root,
      ...NOW,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'added 3, updated 0, unchanged 0, skipped 1 (expired 1, invalid 0, rejected by lint 0) (dry run: nothing written)',
    );
    await expect(stat(path.join(root, 'content/outlet/feed.yaml'))).rejects.toThrow();
  });

  it.each([
    ['an unknown account', ['--account', 'outlett'], /There is no account "outlett"; did you mean `outlet`/],
    [
      'an unknown template',
      ['--account', 'outlet', '--approved-by', 'ben', '--template', 'short'],
      /has no template "short"/,
    ],
    ['a missing --account', [], /required option '--account <id>'/],
  ])('exits 2 for %s', async (_name, args, message) => {
    const root = await workspace();
    const result = runCli(['import', EXAMPLE, '--root', root, ...args, ...NOW]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a feed that is neither .csv nor .json, or missing', async () => {
    const root = await workspace();
    expect(runCli(['import', 'feed.txt', '--account', 'outlet'], { cwd: root }).stderr).toMatch(
      /\.csv and \.json/,
    );
    const missing = runCli(['import', 'nope.csv', '--account', 'outlet'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the feed nope\.csv/);
  });

  it('exits 2 with a location when the account file or the calendar is broken', async () => {
    const root = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml('templates:\n  deal: "{title} {prize}"'),
    });
    const account = runCli([
      'import',
      EXAMPLE,
      '--account',
      'outlet',
      '--approved-by',
      'ben',
      '--root',
      root,
      ...NOW,
    ]);
    expect(account.code).toBe(2);
    expect(account.stderr).toMatch(/^chorus: accounts\/outlet\.yaml:8:9: .*unknown placeholder \{prize\}/);

    const calendar = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml(),
      'content/outlet/feed.yaml': '- id: x\n  category: news\n  text: [unclosed\n',
    });
    const result = runCli([
      'import',
      EXAMPLE,
      '--account',
      'outlet',
      '--approved-by',
      'ben',
      '--root',
      calendar,
      ...NOW,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^chorus: content\/outlet\/feed\.yaml:\d+:\d+: Cannot add posts to this calendar: YAML syntax error/,
    );
    expect(await readFile(path.join(calendar, 'content/outlet/feed.yaml'), 'utf8')).toBe(
      '- id: x\n  category: news\n  text: [unclosed\n',
    );
  });

  it('refuses an import whose calendar would be too large to read (exit 1) and leaves the calendar as it was', async () => {
    const root = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml(
        `${OUTLET}\ntemplates:\n  deal: "{title} {title} {title} {price}"`,
        {
          language: 'de',
        },
      ),
    });
    await copyFile(EXAMPLE, path.join(root, 'feed.csv'));
    const args = ['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW];
    expect(runCli(args, { cwd: root }).code).toBe(0);
    const calendar = path.join(root, 'content/outlet/feed.yaml');
    const before = await readFile(calendar, 'utf8');
    // 4,000 rows of 400-character titles, written three times each by the template: about 5.5 MB of YAML.
    const rows = Array.from(
      { length: 4000 },
      (_, i) =>
        `BIG-${i},${'Wanderschuh '.repeat(33)}${i},9,19,EUR,https://shop.example.com/b${i},2026-11-23,2026-11-30`,
    );
    await writeFile(
      path.join(root, 'big.csv'),
      `sku,title,price,list_price,currency,url,starts,ends\n${rows.join('\n')}\n`,
    );
    const started = Date.now();
    const result = runCli([...args.slice(0, 1), 'big.csv', ...args.slice(2)], { cwd: root });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^chorus: content\/outlet\/feed\.yaml: The import would make this file (at least )?\d+\.\d MB \(4000 imported posts\); Chorus reads calendar files up to 5 MB, so none of its posts would be published\.\n\s+hint: Nothing was written\./,
    );
    expect(await readFile(calendar, 'utf8')).toBe(before);
  });

  it('gives open-ended rows the expiry from chorus.yaml, or from --default-expiry', async () => {
    const root = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml(OUTLET, { language: 'de' }),
      'chorus.yaml': 'import:\n  default_expiry_days: 3\n',
      'feed.csv':
        'sku,title,price,list_price,currency,url,starts,ends\nOPEN-1,Offen,9,19,EUR,https://shop.example.com/o,2026-11-23,\n',
    });
    const args = ['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', '--dry-run', ...NOW];
    const fromConfig = runCli(args, { cwd: root });
    expect(fromConfig.stderr).toBe('');
    expect(fromConfig.code).toBe(0);
    const written = runCli(
      args.filter((a) => a !== '--dry-run'),
      { cwd: root },
    );
    expect(written.code).toBe(0);
    expect(await readFile(path.join(root, 'content/outlet/feed.yaml'), 'utf8')).toContain(
      '  at: 2026-11-23\n  expires: 2026-11-26\n',
    );
    // The option beats chorus.yaml (for posts written from now on: a written post keeps its expiry).
    await rm(path.join(root, 'content/outlet/feed.yaml'));
    const option = runCli([...args.filter((a) => a !== '--dry-run'), '--default-expiry', '10'], {
      cwd: root,
    });
    expect(option.code).toBe(0);
    expect(await readFile(path.join(root, 'content/outlet/feed.yaml'), 'utf8')).toContain(
      '  at: 2026-11-23\n  expires: 2026-12-03\n',
    );
    const bad = runCli([...args, '--default-expiry', '0'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--default-expiry must be a whole number of days from 1 to 3660/);
  });

  it('has help with examples', () => {
    const help = runCli(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('chorus import feeds/2026-11-23.csv --account acme-outlet');
  });
});
