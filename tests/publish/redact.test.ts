// Redaction of secret values in every form they may take in a message (issue 19, finding 10).
import { describe, expect, it } from 'vitest';
import { makeRedactor, REDACTED, SecretSet } from '../../src/platforms/redact.js';

const secret = "tok/en+Va lue=Qj'55*";
const redact = makeRedactor([secret, 'another-secret-Zz9']);
const oauth = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('makeRedactor', () => {
  it.each([
    ['as is', `detail: ${secret} end`],
    ['URL-encoded', `token=${encodeURIComponent(secret)}&x=1`],
    ['OAuth-encoded in an Authorization header', `OAuth oauth_token="${oauth(secret)}", oauth_nonce="n"`],
    [
      'URL-encoded with lower-case hex',
      `token=${oauth(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())}`,
    ],
    ['form-encoded (+ for spaces)', `token=${encodeURIComponent(secret).replaceAll('%20', '+')}`],
    ['JSON-escaped', JSON.stringify({ token: 'x"y', secret })],
  ])('removes a secret %s', (_name, text) => {
    const out = redact(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out.toLowerCase()).not.toContain(oauth(secret).toLowerCase());
  });

  it.each([0, 1, 2, 3])('removes a secret inside base64 after %i other bytes (e.g. Basic auth)', (before) => {
    const encoded = Buffer.from(`${'u'.repeat(before)}:${secret}:tail`).toString('base64');
    const out = redact(`Authorization: Basic ${encoded}`);
    expect(out).toContain(REDACTED);
    for (const token of out.match(/[A-Za-z0-9+/=]{8,}/g) ?? []) {
      expect(Buffer.from(token, 'base64').toString('latin1')).not.toContain(secret.slice(2, -2));
    }
  });

  it('leaves other text alone, and ignores values too short to be credentials', () => {
    expect(makeRedactor(['abc'])('abc abc')).toBe('abc abc');
    expect(redact('X refused to create a post (HTTP 400)')).toBe('X refused to create a post (HTTP 400)');
  });

  it('a SecretSet redacts what was added to it, later additions included', () => {
    const set = new SecretSet();
    expect(set.redact(`a ${secret}`)).toBe(`a ${secret}`);
    set.add([secret, undefined, '']);
    expect(set.redact(`a ${secret}`)).toBe(`a ${REDACTED}`);
  });
});
