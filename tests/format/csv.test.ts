// Issue 19, finding 13 (CSV part): a cell a spreadsheet would run as a formula is written as text.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCodesCsv } from '../../src/format/codes.js';
import { csvCell } from '../../src/format/csv.js';
import { scorecardWorkspace } from '../report/fixture.js';
import { runCli } from '../helpers/run-cli.js';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+cmd|calc', `'+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
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
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    const n1 = rows.find((r) => r.post_id === 'n1')!;
    expect(n1.url).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(rows.every((r) => !/^[=+@]/.test(r.url!))).toBe(true);
  }, 20_000);
});
