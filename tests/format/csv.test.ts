// Issue 19, finding 13 (CSV part): a cell a spreadsheet would run as a formula is written as text.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCodesCsv } from '../../src/format/codes.js';
import { csvCell, formatCsv } from '../../src/format/csv.js';
import { scorecardWorkspace } from '../report/fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+cmd|calc', `'+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t'=1`],
    ['\r=1', '\uFFFD=1'],
    ['\u001b[31mred\u001b[0m', '\uFFFD[31mred\uFFFD[0m'],
    ['a\u0000b\u0007c\u007fd\u009be', 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe'],
    ['\u0007=1+1', '\uFFFD=1+1'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
    ['https://x.com/a/status/1', 'https://x.com/a/status/1'],
    ['-12.50', '-12.50'],
    ['+3', '+3'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers as numbers', () => {
    expect(csvCell(-3)).toBe(-3);
  });
});

describe('formatCsv quotes every cell a separator of any dialect would split (issue 19 re-check)', () => {
  it.each([',', ';', '\t'])('a cell holding %j is quoted', (separator) => {
    const csv = formatCsv(['a', 'b'], [[`x${separator}y`, 'plain']]);
    expect(csv.split('\n')[1]).toBe(`"x${separator}y",plain`);
  });

  it('read with ; or tab as the separator, no part after a separator starts a formula', () => {
    const url = 'https://x.com/acme/status/1;=HYPERLINK("http://evil","x");  +1\t@SUM(A1)';
    const csv = formatCsv(['post_id', 'url'], [['n1', url]]);
    const line = csv.split('\n')[1]!;
    expect(line).toBe(`n1,"https://x.com/acme/status/1;'=HYPERLINK(""http://evil"",""x"");  '+1\t'@SUM(A1)"`);
    for (const delimiter of [';', '\t']) {
      const cells = parse(line, { delimiter, relax_quotes: true, quote: false })[0] as string[];
      expect(cells.length).toBeGreaterThan(1);
      expect(cells.filter((cell) => /^\s*[=+\-@]/.test(cell))).toEqual([]);
    }
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row!.url).toBe(`https://x.com/acme/status/1;'=HYPERLINK("http://evil","x");  '+1\t'@SUM(A1)`);
  });
});

describe('every CSV Chorus writes is defused', () => {
  it('chorus codes --format csv', () => {
    const csv = formatCodesCsv([
      {
        account: 'a',
        postId: 'p',
        category: 'news',
        plannedAt: undefined,
        code: 'abc',
        urls: ['=HYPERLINK("http://evil")'],
        file: '@evil.yaml',
        line: 3,
      } as Parameters<typeof formatCodesCsv>[0][number],
    ]);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row!.urls).toBe(`'=HYPERLINK("http://evil")`);
    expect(row!.file).toBe(`'@evil.yaml`);
  });

  it('chorus report --format csv with a ledger URL that is a formula', async () => {
    const root = await scorecardWorkspace();
    const ledger = path.join(root, 'state/shop.jsonl');
    const text = await readFile(ledger, 'utf8');
    const hostile = text.replace(/"url":"[^"]*p-n1-0"/, '"url":"=HYPERLINK(\\"http://evil\\",\\"x\\")"');
    expect(hostile).not.toBe(text);
    await writeFile(ledger, hostile);
    const result = runCli(['report', '--root', root, '--now', '2027-01-05T00:00:00Z', '--format', 'csv']);
    // The overview comes first, then (after one empty line) one row per post.
    const rows = parse(result.stdout.split('\n\n')[1]!, { columns: true }) as Record<string, string>[];
    const n1 = rows.find((r) => r.post_id === 'n1')!;
    expect(n1.url).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(rows.every((r) => !/^[=+@]/.test(r.url!))).toBe(true);
  }, 20_000);

  it('chorus report --format csv: a ledger URL with ;=HYPERLINK and terminal escapes is quoted and cleaned', async () => {
    const root = await scorecardWorkspace();
    const ledger = path.join(root, 'state/shop.jsonl');
    const text = await readFile(ledger, 'utf8');
    const hostile = text.replace(
      /"url":"[^"]*p-n1-0"/,
      '"url":"https://x.com/acme/status/1;=HYPERLINK(\\"http://evil\\")\\u001b]0;owned\\u0007"',
    );
    expect(hostile).not.toBe(text);
    await writeFile(ledger, hostile);
    const result = runCli(['report', '--root', root, '--now', '2027-01-05T00:00:00Z', '--format', 'csv']);
    const controls = [...result.stdout].filter((c) => c.charCodeAt(0) < 32 && c !== '\n' && c !== '\t');
    expect(controls).toEqual([]);
    const line = result.stdout.split('\n').find((l) => l.includes('status/1;'))!;
    expect(line).toContain(`"https://x.com/acme/status/1;'=HYPERLINK(""http://evil"")\uFFFD]0;owned\uFFFD"`);
    expect(line.split(';').filter((part) => /^\s*[=+\-@]/.test(part))).toEqual([]);
    const rows = parse(result.stdout.split('\n\n')[1]!, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.post_id === 'n1')!.url).toBe(
      `https://x.com/acme/status/1;'=HYPERLINK("http://evil")\uFFFD]0;owned\uFFFD`,
    );
  }, 20_000);

  it('chorus codes --format csv: a calendar link with ;=1+1 is quoted', async () => {
    const root = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml('tracking:\n  domains: [shop.example.com]'),
      'content/outlet/c.yaml':
        '- id: d1\n  category: deals\n  text: Shoes\n  link: "https://shop.example.com/a;=1+1"\n  at: 2026-11-23 10:00\n',
    });
    const result = runCli(['codes', '--root', root, '--format', 'csv', '--now', '2026-11-22T08:00:00Z']);
    expect(result.code).toBe(0);
    const row = result.stdout.split('\n')[1]!;
    expect(row).toMatch(/,"https:\/\/shop\.example\.com\/a;'=1\+1\?[^"]*",/);
    expect(row.split(';').filter((part) => /^\s*[=+\-@]/.test(part))).toEqual([]);
  }, 20_000);
});
