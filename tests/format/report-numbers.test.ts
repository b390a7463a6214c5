// Numbers, money, shares and dates of the scorecard in en, de, ja and zh: thousands separators, each
// currency's own decimals, local date forms, and "–" rather than a misleading 0.
import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatChange,
  formatCount,
  formatDecimal,
  formatLocalDate,
  formatMoney,
  formatPercent,
  formatShortDate,
  reportLocale,
} from '../../src/format/report-numbers.js';
import { verdictText } from '../../src/format/report-text.js';

const NBSP = '\u00a0';

describe('formatMoney: the locale writes the amount, the currency keeps its own decimals', () => {
  it.each([
    ['en', 4676.38, 'USD', '$4,676.38'],
    ['en', 70723, 'JPY', '¥70,723'],
    ['en', 1234.5, 'EUR', '€1,234.50'],
    ['en', 0.015, 'USD', '$0.02'],
    ['de', 4676.38, 'USD', `4.676,38${NBSP}$`],
    ['de', 70723, 'JPY', `70.723${NBSP}¥`],
    ['de', 1234.5, 'EUR', `1.234,50${NBSP}€`],
    ['ja', 4676.38, 'USD', '$4,676.38'],
    ['ja', 70723, 'JPY', '￥70,723'],
    ['ja', 70723.4, 'JPY', '￥70,723'],
    ['zh', 4676.38, 'USD', 'US$4,676.38'],
    ['zh', 70723, 'JPY', 'JP¥70,723'],
    ['zh', 1234.5, 'CNY', '¥1,234.50'],
  ])('%s: %d %s → %s', (locale, amount, currency, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });

  it('keeps up to 4 decimals for unit prices when asked', () => {
    expect(formatMoney(0.015, 'USD', 'en', true)).toBe('$0.015');
    expect(formatMoney(0.2, 'USD', 'en', true)).toBe('$0.20');
    expect(formatMoney(-0.64, 'USD', 'en')).toBe('-$0.64');
  });

  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
  ])('%s has %d decimals', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
  });
});

describe('counts, decimals, changes and shares', () => {
  it.each([
    ['en', '13,291', '224.1', '+425', '75%'],
    ['de', '13.291', '224,1', '+425', `75${NBSP}%`],
    ['ja', '13,291', '224.1', '+425', '75%'],
    ['zh', '13,291', '224.1', '+425', '75%'],
  ])('%s', (locale, count, decimal, change, percent) => {
    expect(formatCount(13291, locale)).toBe(count);
    expect(formatDecimal(224.125, locale)).toBe(decimal);
    expect(formatChange(425, locale)).toBe(change);
    expect(formatPercent(0.75, locale)).toBe(percent);
  });

  it('drops trailing zeros: 38 is "38", not "38.00"; 211 per post is "211"', () => {
    expect(formatDecimal(38, 'en', 2)).toBe('38');
    expect(formatDecimal(211, 'en')).toBe('211');
    expect(formatDecimal(13.75, 'en', 2)).toBe('13.75');
  });

  it('says "–" for what cannot be said, never 0', () => {
    expect(formatCount(undefined, 'en')).toBe('–');
    expect(formatDecimal(undefined, 'en')).toBe('–');
    expect(formatPercent(undefined, 'de')).toBe('–');
    expect(formatChange(undefined, 'ja')).toBe('–');
    expect(formatChange(0, 'en')).toBe('0');
  });
});

describe('dates as each locale writes them (the date is already local to the account)', () => {
  it.each([
    ['en', 'Dec 2, 2026', 'Dec 2'],
    ['de', '02.12.2026', '2. Dez.'],
    ['ja', '2026/12/02', '12月2日'],
    ['zh', '2026年12月2日', '12月2日'],
  ])('%s', (locale, medium, short) => {
    expect(formatLocalDate('2026-12-02', locale)).toBe(medium);
    expect(formatShortDate('2026-12-02', locale)).toBe(short);
  });

  it('takes any valid language tag and falls back to English', () => {
    expect(reportLocale('de-CH')).toBe('de-CH');
    expect(reportLocale('not a locale!')).toBe('en');
    expect(reportLocale(undefined)).toBe('en');
  });
});

describe('verdictText: the plain verdict', () => {
  const iso = (date: string) => date;
  it.each([
    [{ ok: true, broken: [], warnings: [] }, Infinity, 'within its limits'],
    [
      { ok: true, broken: [], warnings: [{ rule: 'shouting', dates: ['2026-12-02'] }] },
      Infinity,
      'within its limits; warned: shouting (2026-12-02)',
    ],
    [
      {
        ok: false,
        broken: [
          { rule: 'min-gap', dates: ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'] },
          { rule: 'promo-share', dates: ['2026-12-03'] },
        ],
        warnings: [],
      },
      3,
      'broke min-gap (2026-12-01, 2026-12-02, 2026-12-03 and 2 more); promo-share (2026-12-03)',
    ],
  ])('%#', (verdict, maxDates, text) => {
    expect(verdictText(verdict, iso, maxDates)).toBe(text);
  });
});
