import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTracking, hostMatches } from '../../src/tracking/url.js';

// Seeded and bounded: the same cases on every run, a few hundred milliseconds in all.
const RUNS = { seed: 20261122, numRuns: 400 };

const key = fc.oneof(
  fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'ref', 'a'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const params = fc.dictionary(key, fc.string({ maxLength: 12 }), { maxKeys: 5 });
const webUrl = fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] });

const entries = (url: string) => [...new URL(url).searchParams.entries()];
const host = (url: string) => new URL(url).hostname;

describe('addTracking (properties)', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(webUrl, params, (url, p) => {
        const once = addTracking(url, p, { domains: [host(url)] });
        expect(addTracking(once, p, { domains: [host(url)] })).toBe(once);
      }),
      RUNS,
    );
  });

  it('keeps every original parameter, in order, and the fragment, path and host', () => {
    fc.assert(
      fc.property(webUrl, params, (url, p) => {
        const out = addTracking(url, p, { domains: [host(url)] });
        const before = new URL(url);
        const after = new URL(out);
        expect(entries(out).slice(0, before.searchParams.size)).toEqual(entries(url));
        expect(after.hash).toBe(before.hash);
        expect(after.pathname).toBe(before.pathname);
        expect(after.host).toBe(before.host);
        expect(after.protocol).toBe(before.protocol);
      }),
      RUNS,
    );
  });

  it('never adds a parameter twice; an existing value wins; every new one is added once', () => {
    fc.assert(
      fc.property(webUrl, params, (url, p) => {
        const out = new URL(addTracking(url, p, { domains: [host(url)] })).searchParams;
        const original = new URL(url).searchParams;
        for (const [k, v] of Object.entries(p)) {
          if (original.has(k)) {
            expect(out.getAll(k)).toEqual(original.getAll(k));
          } else {
            expect(out.getAll(k)).toEqual([v]);
          }
        }
      }),
      RUNS,
    );
  });

  it('adds to subdomains of a tracked domain, case-insensitively', () => {
    fc.assert(
      fc.property(webUrl, fc.constantFrom('www', 'm', 'shop'), (url, sub) => {
        const parsed = new URL(url);
        if (parsed.hostname.startsWith('[') || /^\d+(\.\d+){3}$/.test(parsed.hostname)) return; // IP literals have no subdomains
        parsed.hostname = `${sub}.${parsed.hostname}`;
        const out = addTracking(parsed.href, { utm_probe: 'x' }, { domains: [host(url).toUpperCase()] });
        expect(new URL(out).searchParams.has('utm_probe')).toBe(true);
      }),
      RUNS,
    );
  });

  it('leaves links on untracked domains byte for byte alone', () => {
    fc.assert(
      fc.property(webUrl, fc.domain(), params, (url, other, p) => {
        fc.pre(!hostMatches(host(url), [other]));
        expect(addTracking(url, p, { domains: [other] })).toBe(url);
      }),
      RUNS,
    );
  });

  it('never touches non-http(s) links or non-URLs', () => {
    const scheme = fc.constantFrom(
      'mailto:',
      'ftp://',
      'javascript:',
      'tel:',
      'data:text/plain,',
      'file:///',
      'ws://',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(scheme, fc.string()).map(([s, rest]) => s + rest),
          fc.string(),
        ),
        params,
        (text, p) => {
          fc.pre(!/^https?:/i.test(text.trim()));
          expect(addTracking(text, p)).toBe(text);
          expect(addTracking(text, p, { domains: ['example.com'] })).toBe(text);
        },
      ),
      RUNS,
    );
  });
});

describe('addTracking (examples)', () => {
  const utm = { utm_source: 'x', utm_content: 'abc' };
  it.each([
    ['https://shop.example.com/p', 'https://shop.example.com/p?utm_source=x&utm_content=abc'],
    [
      'https://shop.example.com/p?ref=feed#sizes',
      'https://shop.example.com/p?ref=feed&utm_source=x&utm_content=abc#sizes',
    ],
    [
      'https://shop.example.com/p?utm_source=newsletter',
      'https://shop.example.com/p?utm_source=newsletter&utm_content=abc',
    ],
    ['HTTPS://WWW.Shop.Example.com/p', 'https://www.shop.example.com/p?utm_source=x&utm_content=abc'],
    ['https://shop.example.com.evil.io/p', 'https://shop.example.com.evil.io/p'],
    ['https://notshop.example.com/p', 'https://notshop.example.com/p'],
    ['mailto:deals@shop.example.com', 'mailto:deals@shop.example.com'],
  ])('%s → %s', (input, expected) => {
    expect(addTracking(input, utm, { domains: ['shop.example.com'] })).toBe(expected);
  });

  it('accepts domains written as URLs or with a trailing dot', () => {
    expect(hostMatches('a.shop.example.com', ['https://Shop.Example.com/'])).toBe(true);
    expect(hostMatches('shop.example.com', ['shop.example.com.'])).toBe(true);
    expect(hostMatches('example.com', ['shop.example.com'])).toBe(false);
  });
});
