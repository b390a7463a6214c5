// Parsing of the dates and times written in calendars, and exact conversion of local times to instants.
import { tzOffset } from '@date-fns/tz';
import { quotedValue } from './secrets.js';
import type { PostTime } from './types.js';

/** What a calendar date or date-time looks like (`parseWhen` also checks the date exists). */
export const WHEN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parse "2026-12-01", "2026-12-01 09:00", "2026-12-01T09:00:00+01:00" … into a PostTime, or return an error
 * message. The message quotes the input through quotedValue: a token pasted into `at` is never echoed.
 */
export function parseWhen(raw: string): PostTime | { error: string } {
  const match = WHEN.exec(raw.trim());
  if (!match) {
    return {
      error: `${quotedValue(raw)} is not a date or date-time; write "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM+01:00"`,
    };
  }
  const [, y, mo, d, h, mi, s, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(utcMilliseconds(year, month - 1, day));
  if (month < 1 || month > 12) {
    return {
      error: `${quotedValue(raw)} is not a calendar date (there is no month ${mo}; months are 01 to 12)`,
    };
  }
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    const last = new Date(utcMilliseconds(year, month, 0)).getUTCDate();
    return {
      error: `${quotedValue(raw)} is not a calendar date (${y}-${mo} has no day ${d}; its last day is ${y}-${mo}-${last})`,
    };
  }
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return { kind: 'date', date, raw };
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) {
    return { error: `${quotedValue(raw)} has an impossible time of day (hours 00 to 23, minutes 00 to 59)` };
  }
  let normalisedOffset: string | undefined;
  if (offset !== undefined) {
    if (offset === 'Z') normalisedOffset = 'Z';
    else {
      const digits = offset.replace(':', '');
      const hours = Number(digits.slice(1, 3));
      const minutes = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
      if (hours > 14 || minutes > 59)
        return { error: `${quotedValue(raw)} has an impossible UTC offset ${offset}` };
      normalisedOffset = `${digits[0]}${digits.slice(1, 3)}:${digits.length > 3 ? digits.slice(3, 5) : '00'}`;
    }
  }
  return {
    kind: 'datetime',
    date,
    time: `${h}:${mi}${s !== undefined ? `:${s}` : ''}`,
    offset: normalisedOffset,
    raw,
  };
}

/** Date.UTC without its legacy quirk of reading years 0-99 as 1900-1999 (so "0099-12-31" stays in year 99). */
function utcMilliseconds(
  year: number,
  monthIndex: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}

/** "YYYY-MM-DD" of a UTC date; years past 9999 keep all their digits (toISOString would write "+010000"). */
function utcDateString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** True when `zone` is an IANA time zone this Node.js knows. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Time zone abbreviations (and the POSIX-style names Node also accepts) mapped to the IANA zone people
 * usually mean. Node knows `EST` or `CET` as fixed zones without the daylight-saving rules of any place,
 * so they are refused (docs/reference.md#dates-times-and-time-zones).
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  BST: 'Europe/London',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  MEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
};

/** Why `zone` is not a usable time zone (an abbreviation, or unknown), or undefined when it is one. */
export function timeZoneProblem(zone: string): string | undefined {
  const meant = ZONE_ABBREVIATIONS[zone.toUpperCase()];
  if (meant !== undefined) {
    return `\`${zone}\` is an abbreviation, not a time zone (it has no daylight-saving rules of a place); did you mean ${meant}?`;
  }
  if (!isValidTimeZone(zone))
    return `\`${zone}\` is not an IANA time zone (like Europe/Berlin or America/New_York)`;
  return undefined;
}

/** The result of placing a local wall-clock time in a zone. */
export interface LocalResolution {
  instant: Date;
  /** "gap": the time does not exist (spring forward), the instant is shifted forward by the gap.
   *  "overlap": the time exists twice (fall back); the first (earlier) occurrence is used. */
  fold: 'none' | 'gap' | 'overlap';
}

/**
 * Convert a local date and "HH:MM[:SS]" in an IANA zone to an instant.
 * Documented DST behaviour: a time in the spring-forward gap does not exist (it is reported and,
 * where a result is still needed, moved forward by the length of the gap, like 02:30 → 03:30);
 * a time in the autumn overlap is the first occurrence (the earlier instant, still in summer time).
 */
export function localToInstant(date: string, time: string, zone: string): LocalResolution {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s = 0] = time.split(':').map(Number) as [number, number, number?];
  const wall = utcMilliseconds(y, mo - 1, d, h, mi, s);
  const hour = 3_600_000;
  const before = tzOffset(zone, new Date(wall - 36 * hour));
  const after = tzOffset(zone, new Date(wall + 36 * hour));
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wall - tzOffset(zone, new Date(instant)) * 60_000 === instant)
    .sort((a, b) => a - b);
  if (candidates.length === 0) {
    // In the gap: interpret with the offset before the change, which lands after the jump.
    return { instant: new Date(wall - before * 60_000), fold: 'gap' };
  }
  return { instant: new Date(candidates[0]!), fold: candidates.length > 1 ? 'overlap' : 'none' };
}

/** The instant of a datetime PostTime (its own offset, or the zone's); undefined for a date-only time. */
export function postTimeToInstant(when: PostTime, zone: string): LocalResolution | undefined {
  if (when.kind !== 'datetime') return undefined;
  if (when.offset !== undefined) {
    const iso = `${when.date}T${when.time.length === 5 ? `${when.time}:00` : when.time}${when.offset === 'Z' ? 'Z' : when.offset}`;
    return { instant: new Date(iso), fold: 'none' };
  }
  return localToInstant(when.date, when.time, zone);
}

/** The end of a deal: a date-only `expires` lasts through that local day; a date-time is exact. */
export function expiryInstant(when: PostTime, zone: string): Date {
  if (when.kind === 'date') {
    const [y, mo, d] = when.date.split('-').map(Number) as [number, number, number];
    const next = new Date(utcMilliseconds(y, mo - 1, d + 1));
    return localToInstant(utcDateString(next), '00:00', zone).instant;
  }
  return postTimeToInstant(when, zone)!.instant;
}

/** The local calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return localParts(instant, zone).date;
}

/** Local date, time ("HH:MM") and weekday (0 = Sunday) of an instant in a zone. */
export function localParts(
  instant: Date,
  zone: string,
): { date: string; time: string; weekday: number; offsetMinutes: number } {
  const offsetMinutes = tzOffset(zone, instant);
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: shifted.getUTCDay(), offsetMinutes };
}

/** ISO 8601 with the zone's offset, e.g. "2026-12-01T09:00:00+01:00". */
export function toLocalIso(instant: Date, zone: string): string {
  const { offsetMinutes } = localParts(instant, zone);
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${shifted}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
