// docs/reference.md stays complete and true: every schema field is documented, and its worked examples hold.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMIT_KEYS } from '../../src/model/limits.js';
import {
  accountFileSchema,
  configFileSchema,
  postSchema,
  slotsSchema,
  trackingSchema,
} from '../../src/model/schema.js';
import { expiryInstant, localToInstant, parseWhen } from '../../src/model/time.js';
import { defaultCredentialNames } from '../../src/model/validate.js';
import { mastodon } from '../../src/platforms/mastodon/index.js';
import { weibo } from '../../src/platforms/weibo/index.js';
import { x } from '../../src/platforms/x/index.js';

const reference = () => readFile(path.resolve(import.meta.dirname, '../../docs/reference.md'), 'utf8');

describe('docs/reference.md', () => {
  it('documents every field of every file', async () => {
    const text = await reference();
    const fields = {
      post: Object.keys(postSchema.shape),
      account: Object.keys(accountFileSchema.shape),
      config: Object.keys(configFileSchema.shape),
      limits: LIMIT_KEYS,
      slots: Object.keys(slotsSchema.shape),
      credentials: x.account.credentials.map((role) => `credentials.${role.key}`),
      tracking: Object.keys(trackingSchema.shape).map((key) => `tracking.${key}`),
      // The networks' own account fields and credentials.
      network: [mastodon, weibo].flatMap((platform) => [
        ...Object.keys(platform.account.fields),
        ...platform.account.credentials.map((role) => `credentials.${role.key}`),
      ]),
    };
    for (const [kind, keys] of Object.entries(fields)) {
      for (const key of keys) {
        // Slot day names are documented together in one comment line.
        const documented =
          kind === 'slots' ? new RegExp(`\\b${key}\\b`).test(text) : text.includes(`\`${key}\``);
        expect(documented, `${kind} field \`${key}\` is missing from docs/reference.md`).toBe(true);
      }
    }
  });

  it('states the credential variable names the code uses', async () => {
    const text = await reference();
    const outlet = defaultCredentialNames('larkspur-outlet', x.account.credentials);
    for (const name of Object.values(outlet)) expect(text).toContain(name);
    expect(text).toContain(defaultCredentialNames('larkspur-jp', x.account.credentials).access_secret);
  });

  it('its date and DST examples behave as described', () => {
    expect(localToInstant('2027-03-28', '02:30', 'Europe/Berlin').fold).toBe('gap');
    const overlap = localToInstant('2026-10-25', '02:30', 'Europe/Berlin');
    expect(overlap).toEqual({ instant: new Date('2026-10-25T02:30:00+02:00'), fold: 'overlap' });
    expect(parseWhen('2026-02-30')).toEqual({ error: expect.stringContaining('2026-02 has no day 30') });
    expect(parseWhen('2028-02-30')).toEqual({ error: expect.stringContaining('its last day is 2028-02-29') });
    expect(parseWhen('2026-13-01')).toEqual({ error: expect.stringContaining('there is no month 13') });
    for (const raw of [
      '2026-12-05 09:30',
      '2026-12-05T09:30',
      '2026-12-05T09:30:00+01:00',
      '2026-12-05 08:30Z',
    ])
      expect(parseWhen(raw), raw).toMatchObject({ kind: 'datetime' });
    const date = parseWhen('2026-10-25');
    if ('error' in date) throw new Error(date.error);
    // A date-only expiry lasts through the local day, also on a 25-hour day.
    expect(expiryInstant(date, 'Europe/Berlin')).toEqual(new Date('2026-10-26T00:00:00+01:00'));
  });
});
