import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvFeed, parseJsonFeed } from '../../src/import/feed.js';

const HEADER = 'sku,title,price,list_price,currency,url,starts,ends';
const GOOD = 'AB-1,Shoes,59.90,89.90,EUR,https://shop.example.com/ab-1,2026-11-23,2026-11-30';

describe('parseCsvFeed', () => {
  it('reads the example feed (CRLF, quoted commas, a URL with a fragment)', () => {
    const feed = parseCsvFeed(
      readFileSync(new URL('../../examples/feeds/discounts.csv', import.meta.url), 'utf8'),
    );
    expect(feed.problems).toEqual([]);
    expect(feed.rows.map((r) => [r.line, r.sku, r.title, r.price, r.ends?.raw])).toEqual([
      [2, 'AB-100', 'Trail running shoes', 59.9, '2026-11-30'],
      [3, 'CD-200', 'Rain jacket, waterproof', 79, '2026-11-26'],
      [4, 'EF-300', 'Wool socks (3 pairs)', 12.5, '2026-12-07'],
      [5, 'GH-400', "Last week's headlamp", 19, '2026-11-20'],
    ]);
  });

  it('tolerates a BOM, CRLF, header spellings like "List Price", blank lines and extra columns', () => {
    const feed = parseCsvFeed(
      `\uFEFFSKU,Title,Price,List Price,Currency,URL,Starts,Ends,Stock\r\n\r\n${GOOD},12\r\n`,
    );
    expect(feed.problems).toEqual([]);
    expect(feed.rows).toEqual([
      expect.objectContaining({ line: 3, sku: 'AB-1', listPrice: 89.9, currency: 'EUR' }),
    ]);
  });

  it.each([
    ['a missing price', 'AB-2,Shoes,,89.90,EUR,https://shop.example.com/x,2026-11-23,', /price is missing/],
    [
      'a comma decimal',
      'AB-2,Shoes,"59,90",89.90,EUR,https://shop.example.com/x,2026-11-23,',
      /price "59,90" is not an amount/,
    ],
    [
      'a price above list price',
      'AB-2,Shoes,99,89.90,EUR,https://shop.example.com/x,2026-11-23,',
      /higher than list_price/,
    ],
    ['an unknown currency', 'AB-2,Shoes,9,19,EUROS,https://shop.example.com/x,2026-11-23,', /ISO 4217/],
    ['a relative URL', 'AB-2,Shoes,9,19,EUR,/x,2026-11-23,', /not an absolute http\(s\) URL/],
    [
      'a bad date',
      'AB-2,Shoes,9,19,EUR,https://shop.example.com/x,23.11.2026,',
      /starts: "23.11.2026" is not a date/,
    ],
    [
      'an end before the start',
      'AB-2,Shoes,9,19,EUR,https://shop.example.com/x,2026-11-23,2026-11-01',
      /ends is before starts/,
    ],
    [
      'too many columns',
      'AB-2,Shoes,9,19,EUR,https://shop.example.com/x,2026-11-23,,extra',
      /columns length is 8, got 9/,
    ],
  ])('reports %s with its line and keeps the other rows', (_name, bad, reason) => {
    const feed = parseCsvFeed(`${HEADER}\n${GOOD}\n${bad}\n${GOOD.replace('AB-1', 'AB-3')}\n`);
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
    expect(feed.rows.map((r) => [r.line, r.sku])).toEqual([
      [2, 'AB-1'],
      [4, 'AB-3'],
    ]);
  });

  it("refuses control characters in feed values (ESC, U+0085, U+2028, U+009B) with the row's line", () => {
    const rows = [
      'AB-2,Boots \u001b[31mred,9,19,EUR,https://s.example/x,2026-11-23,',
      'AB-3,Boots\u0085now,9,19,EUR,https://s.example/x,2026-11-23,',
      'AB-4,Boots\u2028now,9,19,EUR,https://s.example/x,2026-11-23,',
      'AB\u009b5,Boots,9,19,EUR,https://s.example/x,2026-11-23,',
    ];
    const feed = parseCsvFeed(`${HEADER}\n${GOOD}\n${rows.join('\n')}\n`);
    expect(feed.rows.map((r) => r.sku)).toEqual(['AB-1']);
    expect(feed.problems).toEqual([
      { line: 3, reason: expect.stringMatching(/^title contains the control character U\+001B \(ESC/) },
      { line: 4, reason: expect.stringMatching(/^title contains the control character U\+0085/) },
      { line: 5, reason: expect.stringMatching(/^title contains the control character U\+2028/) },
      { line: 6, reason: expect.stringMatching(/^sku contains the control character U\+009B/) },
    ]);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(JSON.stringify(feed.problems)).not.toMatch(/[\u001b\u0085\u2028\u009b]/);
    const json = parseJsonFeed(
      '[{"sku": "A", "title": "T\\u001b]0;x\\u0007", "price": 1, "list_price": 2, "currency": "EUR", "url": "https://a.example", "starts": "2026-11-23"}]',
    );
    expect(json.problems).toEqual([
      { line: 1, reason: expect.stringMatching(/^title contains the control character U\+001B/) },
    ]);
  });

  it('gives the first line of a record that spans lines', () => {
    const feed = parseCsvFeed(
      `${HEADER}\n${GOOD}\nAB-2,"Two\nline title",9,x,EUR,https://s.example/x,2026-11-23,\n`,
    );
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(/list_price "x"/) }]);
  });

  it('reports a bad closing quote once and still reads the rows after it', () => {
    // csv-parse reports "Invalid Closing Quote", stays inside the quote, then reports "Quote Not Closed"
    // for the same line at the end of the feed, swallowing every row in between.
    const feed = parseCsvFeed(
      `${HEADER}\n${GOOD}\n"AB-2"x,Shoes,9,19,EUR,https://s.example/x,2026-11-23,\n${GOOD.replace('AB-1', 'AB-3')}\n${GOOD.replace('AB-1', 'AB-4')}\n`,
    );
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(/Invalid Closing Quote/) }]);
    expect(feed.rows.map((r) => [r.line, r.sku])).toEqual([
      [2, 'AB-1'],
      [4, 'AB-3'],
      [5, 'AB-4'],
    ]);
  });

  it('reads on after an opening quote that never closes (CRLF), with the lines of the whole feed', () => {
    const feed = parseCsvFeed(
      `${HEADER}\r\n${GOOD}\r\nAB-2,"Shoes,9,19,EUR,https://s.example/x,2026-11-23,\r\n${GOOD.replace('AB-1', 'AB-3')}\r\n\r\n${GOOD.replace('AB-1', 'AB-6')}\r\n`,
    );
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(/Quote Not Closed/) }]);
    expect(feed.rows.map((r) => [r.line, r.sku])).toEqual([
      [2, 'AB-1'],
      [4, 'AB-3'],
      [6, 'AB-6'],
    ]);
  });

  it('reports an unclosed quote', () => {
    const feed = parseCsvFeed(`${HEADER}\n${GOOD}\nAB-2,"Shoes,9\n`);
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(/Quote Not Closed/) }]);
  });
});

describe('parseJsonFeed', () => {
  it('reads the example feed: numbers or strings for prices, any case for the currency', () => {
    const feed = parseJsonFeed(
      readFileSync(new URL('../../examples/feeds/discounts.json', import.meta.url), 'utf8'),
    );
    expect(feed.problems).toEqual([]);
    expect(feed.rows.map((r) => [r.line, r.sku, r.price, r.currency])).toEqual([
      [2, 'AB-100', 59.9, 'EUR'],
      [12, 'CD-200', 79, 'EUR'],
    ]);
  });

  it('points at the line of a bad item', () => {
    const feed = parseJsonFeed(
      '[\n  {"sku": "A", "title": "T", "price": 1, "list_price": 2, "currency": "EUR", "url": "https://a.example", "starts": "2026-11-23"},\n  {"sku": "B"}\n]\n',
    );
    expect(feed.rows).toHaveLength(1);
    expect(feed.problems).toEqual([{ line: 3, reason: expect.stringMatching(/title is missing/) }]);
  });

  it.each([
    ['invalid JSON', '[\n  {"sku": }\n]', 2, /not valid JSON/],
    ['not an array', '{"sku": "A"}', 1, /array of row objects/],
  ])('reports %s', (_name, text, line, reason) => {
    expect(parseJsonFeed(text).problems).toEqual([{ line, reason: expect.stringMatching(reason) }]);
  });
});
