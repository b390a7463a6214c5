// `--now` is strict: an instant with a time and an offset that really exists, or a usage error (exit 2).
import { describe, expect, it } from 'vitest';
import { parseNowOption } from '../../src/cli/options.js';
import { runCli } from '../helpers/run-cli.js';

describe('--now', () => {
  it.each([
    ['2026-11-22T09:00:00Z', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T10:00+01:00', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T10:00:30.250+0100', '2026-11-22T09:00:30.250Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('accepts %s', (value, iso) => {
    expect(parseNowOption(value).toISOString()).toBe(iso);
  });

  it.each([
    ['2027-02-30T09:00:00Z', /not a real date and time/],
    ['2026-02-29T09:00:00Z', /not a real date and time/],
    ['2026-11-22T24:00:00Z', /not a real date and time/],
    ['2026-11-22T09:60:00Z', /not a real date and time/],
    ['2026-11-22', /a date alone is ambiguous: add a time and an offset, e\.g\. 2026-11-22T00:00:00Z/],
    ['2026-11-22T09:00', /add an offset, e\.g\. 2026-11-22T09:00Z for UTC/],
    ['next tuesday', /expected an ISO 8601 instant with an offset/],
  ])('refuses %s', (value, message) => {
    expect(() => parseNowOption(value)).toThrow(message);
  });

  it('a bad --now is a usage error on the command line (exit 2, no stack trace)', () => {
    const result = runCli(['plan', '--now', '2027-02-30T09:00:00Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now.*not a real date and time/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
