// Fuzz tests of the render stage (link composition, weighted length): the URL rewriter's fuzz target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, Post } from '../../src/model/types.js';
import { composeText, linksIn, renderPost } from '../../src/tracking/render.js';
import { xText } from '../../src/platforms/x/text.js';
import { fuzz } from './harness.js';

/** URLs as people paste them: odd hosts, ports, paths, queries that already carry parameters, fragments, unicode. */
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'https://user:pw@'),
      fc.constantFrom(
        'shop.acme.example',
        'SHOP.Acme.Example',
        'xn--bcher-kva.example',
        'bücher.example',
        '[::1]',
        '127.0.0.1:8080',
      ),
      fc.constantFrom(
        '',
        '/',
        '/a/b',
        '/ä ö',
        '/%E2%82%AC',
        '/a?',
        '/a?utm_source=x&utm_source=y',
        '/a?b=1#frag',
        '/a#?x=1',
      ),
    )
    .map((parts) => parts.join('')),
);

const account = {
  id: 'acme',
  timezone: 'Europe/Berlin',
  tracking: {
    enabled: true,
    domains: ['shop.acme.example'],
    categories: ['deals'],
    params: { utm_content: '{code}' },
  },
} as unknown as Account;

function post(text: string, link: string | undefined, thread: string[]): Post {
  return {
    account: 'acme',
    id: 'p',
    category: 'deals',
    text,
    at: undefined,
    link,
    expires: undefined,
    thread,
    media: [],
    approvedBy: undefined,
    author: undefined,
    lang: undefined,
    file: 'content/acme/c.yaml',
    position: { line: 1, column: 1 },
    fieldPositions: {},
    order: 0,
  };
}

describe('fuzz: render and links (URL rewriter)', () => {
  // When src/tracking gains the URL rewriter (tracking codes on links), fuzz its exported function here
  // with `url` and `text` below, and assert: it never throws, output URLs parse, untracked hosts are unchanged.
  it('renders any text with any link into parts with finite weighted lengths', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
      fc.tuple(fc.string({ maxLength: 40 }), url, fc.string({ maxLength: 40 })).map((p) => p.join(' ')),
    );
    await fuzz(
      'render',
      fc.tuple(text, fc.option(url, { nil: undefined }), fc.array(text, { maxLength: 3 })),
      ([t, link, thread]) => {
        const rendered = renderPost(post(t, link, thread), account, undefined, xText);
        expect(rendered.parts).toHaveLength(1 + thread.length);
        for (const part of rendered.parts) {
          expect(Number.isFinite(part.length)).toBe(true);
          for (const found of part.links) expect(found).toMatch(/^https?:\/\//i);
        }
        if (link) expect(composeText(t, link)).toContain(link);
        linksIn(t);
      },
      1000,
    );
  });
});
