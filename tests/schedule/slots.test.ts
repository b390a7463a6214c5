// Slot instants: the one-offset-per-day shortcut agrees with exact local→instant conversion all year.
import { describe, expect, it } from 'vitest';
import { localDate, localToInstant } from '../../src/model/time.js';
import type { Account } from '../../src/model/types.js';
import { slotsInHorizon } from '../../src/schedule/planner.js';

const times = ['00:00', '00:30', '01:30', '02:00', '02:30', '03:00', '09:00', '23:30'];
const account = (timezone: string) =>
  ({ id: 'a', timezone, slots: Array.from({ length: 7 }, () => times) }) as unknown as Account;

describe('slotsInHorizon', () => {
  for (const zone of [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Tokyo',
  ]) {
    it(`matches localToInstant every day of a year in ${zone}, skipping times that do not exist`, () => {
      const now = Date.parse('2026-01-01T12:00:00Z');
      const slots = slotsInHorizon(account(zone), now, 366);
      const expected: number[] = [];
      const end = now + 366 * 86_400_000;
      for (let day = Date.parse(`${localDate(new Date(now), zone)}T00:00:00Z`); ; day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        if (date > localDate(new Date(end), zone)) break;
        for (const time of times) {
          const resolved = localToInstant(date, time, zone);
          const at = resolved.instant.getTime();
          if (resolved.fold !== 'gap' && at >= now && at <= end) expected.push(at);
        }
      }
      expect(slots.map((s) => s.at)).toEqual(expected);
    });
  }
});
