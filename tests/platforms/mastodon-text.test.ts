// Mastodon's text half: counting and limits as Mastodon documents them, in tables.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/model/types.js';
import { mastodonAccount } from '../../src/platforms/mastodon/account.js';
import { countedLength, idempotencyKey, mastodonText } from '../../src/platforms/mastodon/text.js';
import { mastodonCountedLength } from '../../src/platforms/mastodon/stand-in.js';

const account = (settings: Record<string, unknown>, handle = 'acme@mastodon.social') =>
  ({ id: 'acme-social', handle, platform: 'mastodon', settings }) as unknown as Account;

describe('Mastodon length', () => {
  const cases: [string, string, string, number][] = [
    ['plain ASCII', 'Hello world', '', 11],
    ['accents are one each', 'Crème brûlée', '', 12],
    ['an emoji family is one grapheme', '👩‍👩‍👧 hi', '', 4],
    ['a flag is one grapheme', '🇫🇷', '', 1],
    ['CJK one each', '新品上市', '', 4],
    ['a short URL counts 23', 'https://a.co', '', 23],
    [
      'a long URL with tracking codes counts 23',
      `https://shop.example.com/p?${'utm_x=1&'.repeat(20)}`,
      '',
      23,
    ],
    ['two URLs 23 each', 'a https://x.io b https://y.io/long/path', '', 2 + 23 + 3 + 23],
    ['a URL ending a sentence: the period is text', 'See https://x.io.', '', 4 + 23 + 1],
    ['a bare domain is text, not a URL', 'see example.com', '', 15],
    ['a remote mention counts its local part', 'hi @alice@example.social', '', 3 + 6],
    ['a local mention counts in full', 'hi @alice', '', 9],
    ['the content warning counts too', 'Body', 'Spoiler', 4 + 7],
  ];
  for (const [name, text, warning, expected] of cases) {
    it(name, () => {
      expect(countedLength(text, warning)).toBe(expected);
      // The stand-in, written separately from the docs, agrees.
      expect(mastodonCountedLength(text, warning)).toBe(expected);
    });
  }

  it('takes the limit from the account file, 500 by default', () => {
    expect(mastodonText.maxLength(account({}))).toBe(500);
    expect(mastodonText.maxLength(account({ max_characters: 5000 }))).toBe(5000);
  });
});

describe('Mastodon entities', () => {
  const cases: [string, string, { links: string[]; hashtags: string[]; mentions: string[] }][] = [
    [
      'link, tag and mentions',
      'New #Release for @bob and @alice@example.social: https://x.io/a.',
      {
        links: ['https://x.io/a'],
        hashtags: ['Release'],
        mentions: ['bob', 'alice@example.social'],
      },
    ],
    [
      'a tag in a URL is not a tag',
      'https://x.io/#frag',
      { links: ['https://x.io/#frag'], hashtags: [], mentions: [] },
    ],
    ['an e-mail is not a mention', 'mail bob@example.com', { links: [], hashtags: [], mentions: [] }],
    [
      'unicode hashtag',
      '#café_au_lait #日本',
      { links: [], hashtags: ['café_au_lait', '日本'], mentions: [] },
    ],
    ['a number alone is not a tag', '#1 fan', { links: [], hashtags: [], mentions: [] }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      expect({
        links: mastodonText.links(text),
        hashtags: mastodonText.hashtags(text),
        mentions: mastodonText.mentions(text),
      }).toEqual(expected);
    });
  }

  it('withoutEntities keeps only the prose', () => {
    expect(
      mastodonText.withoutEntities('Hi @bob see https://x.io #Tag now').replace(/\s+/g, ' ').trim(),
    ).toBe('Hi see now');
  });
});

describe('Mastodon accounts and requests', () => {
  it('accepts user and user@instance handles, compares them as Mastodon does', () => {
    expect(
      ['acme', 'acme@mastodon.social', 'a.b-c_d', '@acme@fosstodon.org'].map(mastodonAccount.isHandle),
    ).toEqual([true, true, true, true]);
    expect(['ac me', 'acme@', '.acme', 'x'.repeat(31), 'acme@nodot'].map(mastodonAccount.isHandle)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(mastodonAccount.sameHandle('Acme', 'acme@mastodon.social')).toBe(true);
    expect(mastodonAccount.sameHandle('acme@a.social', 'acme@b.social')).toBe(false);
    expect(mastodonAccount.displayHandle('acme@mastodon.social')).toBe('@acme@mastodon.social');
  });

  it('builds post URLs on the instance from the server field or the handle', () => {
    expect(mastodonAccount.postUrl(account({}), { id: '1' })).toBe('https://mastodon.social/@acme/1');
    expect(mastodonAccount.postUrl(account({ server: 'https://fosstodon.org' }, 'acme'), { id: '2' })).toBe(
      'https://fosstodon.org/@acme/2',
    );
  });

  it('derives one stable Idempotency-Key per account, post and part', () => {
    const key = idempotencyKey({ account: 'a', post: 'p', part: 0 });
    expect(idempotencyKey({ account: 'a', post: 'p', part: 0 })).toBe(key);
    expect(idempotencyKey({ account: 'a', post: 'p', part: 1 })).not.toBe(key);
    expect(idempotencyKey({ account: 'b', post: 'p', part: 0 })).not.toBe(key);
  });

  it('draftRequest is the exact POST /api/v1/statuses body', () => {
    const context = {
      part: 1,
      media: [],
      key: { account: 'acme-social', post: 'p1', part: 1 },
      account: account({ visibility: 'unlisted' }),
    };
    expect(mastodonText.draftRequest({ text: 'Second', lang: 'en' }, context)).toEqual({
      status: 'Second',
      visibility: 'unlisted',
      language: 'en',
      in_reply_to_id: '<id of part 1>',
    });
    expect(
      mastodonText.draftRequest(
        { text: 'First', lang: 'fr' },
        { ...context, part: 0, media: [{ file: 'a.png', alt: 'A' }], account: account({}) },
      ),
    ).toEqual({ status: 'First', visibility: 'public', language: 'fr', media_ids: ['<media 1>'] });
  });
});
