// Parsing the shop's conversions CSV: columns found by name, exact amounts, located problems.
import { describe, expect, it } from 'vitest';
import { parseConversions } from '../../src/report/conversions.js';

describe('parseConversions', () => {
  it('reads columns by name in any order, case and spacing, with a BOM, quotes and CRLF', () => {
    const text =
      '\uFEFF Currency ,Revenue,ORDERS,code,campaign\r\neur,"1,5",1,ABC,x\r\nUSD,0.1,2,def,"a, b"\r\n';
    const { rows, problems } = parseConversions(text);
    expect(problems).toEqual([{ line: 2, column: 'revenue', message: expect.stringContaining('not "1,5"') }]);
    expect(rows).toEqual([
      { line: 3, code: 'def', orders: 2, revenueMicros: 1000, currency: 'USD', date: undefined },
    ]);
  });

  it('keeps amounts exact: 0.1 + 0.2 adds up to 0.3 in 1/10000 units', () => {
    const { rows } = parseConversions(
      'code,orders,revenue,currency\na,1,0.1,EUR\nb,1,0.2,EUR\nc,0,-19.9901,EUR\n',
    );
    expect(rows.map((r) => r.revenueMicros)).toEqual([1000, 2000, -199901]);
  });

  it('reads an optional date and reports every bad cell with its line', () => {
    const text =
      'code,orders,revenue,currency,date\na,1,1,EUR,2026-12-01\n,x,1 EUR,euro,12/01/2026\nb,1,1,EUR,\n';
    const { rows, problems } = parseConversions(text);
    expect(rows.map((r) => [r.code, r.date])).toEqual([
      ['a', '2026-12-01'],
      ['b', undefined],
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'code'],
      [3, 'orders'],
      [3, 'revenue'],
      [3, 'currency'],
      [3, 'date'],
    ]);
  });

  it('explains an empty file, a missing column and broken CSV', () => {
    expect(parseConversions('').problems[0]!.message).toMatch(/empty/);
    expect(parseConversions('code,orders\na,1\n').problems[0]).toEqual({
      line: 1,
      column: undefined,
      message: expect.stringMatching(/^the header has no revenue, currency columns/),
    });
    expect(parseConversions('code,orders,revenue,currency\n"a,1,1,EUR\n').problems[0]!.message).toMatch(
      /not valid CSV/,
    );
  });
});
