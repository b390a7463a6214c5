// Fuzz tests of src/model/time.ts: any `at`/`expires` string and any zone give a PostTime or an error, never a crash or Invalid Date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expiryInstant,
  isValidTimeZone,
  localParts,
  localToInstant,
  parseWhen,
  postTimeToInstant,
  toLocalIso,
} from '../../src/model/time.js';
import { fuzz } from './harness.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const zone = fc.constantFrom(
  ...ZONES,
  'UTC',
  'Etc/GMT+12',
  'Etc/GMT-14',
  'Pacific/Kiritimati',
  'Australia/Lord_Howe',
);
const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
/** Strings shaped like calendar times, with out-of-range parts, odd separators and offsets. */
const edge = (n: number, max: number, edges: string[]) => fc.oneof(digits(n, max), fc.constantFrom(...edges));
const whenLike = fc
  .tuple(
    edge(4, 9999, ['0000', '0001', '0099', '0100', '1969', '1970', '2038', '9999']),
    edge(2, 19, ['00', '01', '02', '12', '13']),
    edge(2, 39, ['00', '01', '28', '29', '30', '31', '32']),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', ' ', 't', '  '),
        digits(2, 29),
        digits(2, 69),
        fc.option(digits(2, 69), { nil: undefined }),
        fc.option(fc.constantFrom('Z', '+01:00', '-0930', '+14:59', '+15', '-00:00', '+1', '+05:45', 'z'), {
          nil: undefined,
        }),
      ),
      { nil: undefined },
    ),
  )
  .map(([y, mo, d, t]) =>
    t ? `${y}-${mo}-${d}${t[0]}${t[1]}:${t[2]}${t[3] ? `:${t[3]}` : ''}${t[4] ?? ''}` : `${y}-${mo}-${d}`,
  );

const validInstant = (date: Date) => expect(Number.isNaN(date.getTime())).toBe(false);

describe('fuzz: time (parseWhen, localToInstant, expiryInstant, localParts)', () => {
  it('parses any string into a PostTime or an error message', async () => {
    await fuzz(
      'parseWhen',
      fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), whenLike),
      (raw) => {
        const parsed = parseWhen(raw);
        if ('error' in parsed) expect(parsed.error.length).toBeGreaterThan(0);
        else expect(parsed.raw).toBe(raw);
      },
      1000,
    );
  });

  it('turns every accepted time into a valid instant in every zone', async () => {
    await fuzz(
      'instants',
      fc.tuple(whenLike, zone),
      ([raw, z]) => {
        const parsed = parseWhen(raw);
        if ('error' in parsed) return;
        const resolved = postTimeToInstant(parsed, z);
        if (resolved) {
          validInstant(resolved.instant);
          expect(['none', 'gap', 'overlap']).toContain(resolved.fold);
          expect(toLocalIso(resolved.instant, z)).toMatch(/^[+-]?\d{4,6}-\d{2}-\d{2}T/);
        }
        const end = expiryInstant(parsed, z);
        validInstant(end);
        const parts = localParts(end, z);
        expect(parts.weekday).toBeGreaterThanOrEqual(0);
      },
      2000,
    );
  });

  it('converts local wall-clock times round trip outside DST gaps', async () => {
    await fuzz(
      'localToInstant',
      fc.tuple(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        zone,
      ),
      ([date, z]) => {
        const iso = date.toISOString();
        const day = iso.slice(0, 10);
        const time = iso.slice(11, 16);
        const resolved = localToInstant(day, time, z);
        validInstant(resolved.instant);
        if (resolved.fold !== 'gap') {
          const back = localParts(resolved.instant, z);
          expect(`${back.date} ${back.time}`).toBe(`${day} ${time}`);
        }
      },
      1500,
    );
  });

  it('keeps the inputs it once got wrong right (regressions found by this fuzzer)', () => {
    // Date.UTC read years 0-99 as 1900-1999; the day after 9999-12-31 was an Invalid Date.
    expect(localParts(localToInstant('0099-12-31', '23:59', 'UTC').instant, 'UTC').date).toBe('0099-12-31');
    expect('error' in parseWhen('0000-02-29')).toBe(false);
    expect(expiryInstant({ kind: 'date', date: '9999-12-31', raw: '9999-12-31' }, 'UTC').getTime()).toBe(
      Date.parse('+010000-01-01T00:00:00Z'),
    );
    expect(expiryInstant({ kind: 'date', date: '0001-01-01', raw: '0001-01-01' }, 'UTC').toISOString()).toBe(
      '0001-01-02T00:00:00.000Z',
    );
  });

  it('answers isValidTimeZone for any string without throwing', async () => {
    await fuzz(
      'isValidTimeZone',
      fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), zone),
      (z) => {
        expect(typeof isValidTimeZone(z)).toBe('boolean');
      },
      1000,
    );
  });
});
