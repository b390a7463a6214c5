// Bluesky's text half as tables: grapheme counts (emoji, CJK, combining marks, long URLs), facets with UTF-8
// byte ranges, short visible links carrying the full tracked URL, record keys, handles and the dry-run record.
import { describe, expect, it } from 'vitest';
import { bluesky } from '../../../src/platforms/bluesky/index.js';
import { isHandle } from '../../../src/platforms/bluesky/account.js';
import { type Facet, MAX_GRAPHEMES, postText, shownLink } from '../../../src/platforms/bluesky/text.js';
import { recordKey, TID_PATTERN } from '../../../src/platforms/bluesky/tid.js';
import type { Account } from '../../../src/model/types.js';

const { text } = bluesky;

/** The visible text a facet covers, cut from the UTF-8 bytes as a Bluesky client does. */
const covered = (posted: { text: string; facets: Facet[] }) =>
  posted.facets.map((facet) =>
    Buffer.from(posted.text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8'),
  );

describe('length in graphemes', () => {
  const cases: [string, string, number][] = [
    ['plain ASCII', 'hello world', 11],
    ['an emoji with a skin tone is one grapheme', '👋🏽', 1],
    ['a family emoji (ZWJ sequence) is one grapheme', '👨‍👩‍👧‍👦', 1],
    ['a flag is one grapheme', '🇯🇵', 1],
    ['CJK characters count one each', '日本語のテキスト', 8],
    ['a letter and combining marks are one grapheme', 'e\u0301\u0302', 1],
    ['Hangul jamo compose into one grapheme', '\u1100\u1161\u11a8', 1],
    [
      'a long tracked URL counts as shown',
      'see https://acme.example/spring?utm_source=chorus&utm_campaign=x',
      24,
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(text.length(input)).toBe(expected);
  });

  it('300 graphemes fit, 301 do not (emoji, CJK and combining marks alike)', () => {
    for (const unit of ['a', '😀', '字', 'e\u0301']) {
      expect(text.length(unit.repeat(MAX_GRAPHEMES))).toBe(300);
      expect(text.length(unit.repeat(MAX_GRAPHEMES + 1))).toBe(301);
    }
    expect(text.maxLength({} as Account)).toBe(300);
  });

  it('tracking codes cost no length: the same link with and without them counts the same', () => {
    const bare = 'Spring sale: https://acme.example/spring';
    const tracked =
      'Spring sale: https://acme.example/spring?utm_source=bluesky&utm_medium=social&utm_campaign=spring-2026';
    expect(text.length(tracked)).toBe(text.length(bare) + 1); // the "…" that says something is left out
  });
});

describe('links, mentions and hashtags as the library detects them', () => {
  const cases: [string, string, string[], string[], string[]][] = [
    ['a full URL', 'go https://acme.example/a?b=1 now', ['https://acme.example/a?b=1'], [], []],
    ['a bare domain becomes https', 'visit acme.com.', ['https://acme.com'], [], []],
    [
      'trailing punctuation is not part of a link',
      '(https://acme.example/x).',
      ['https://acme.example/x'],
      [],
      [],
    ],
    ['a hashtag with an accent', 'new #café opens', [], ['café'], []],
    ['a CJK hashtag', '新作 #日本語 です', [], ['日本語'], []],
    ['a cashtag is not a hashtag', 'buy $ACME today', [], [], []],
    ['a mention of a handle', 'thanks @alice.bsky.social!', [], [], ['alice.bsky.social']],
    ['an email address is no mention', 'mail hi@acme.com', [], [], []],
  ];
  it.each(cases)('%s', (_name, input, expectedLinks, expectedTags, expectedMentions) => {
    expect(text.links(input)).toEqual(expectedLinks);
    expect(text.hashtags(input)).toEqual(expectedTags);
    expect(text.mentions(input)).toEqual(expectedMentions);
  });

  it('withoutEntities keeps only the prose', () => {
    expect(text.withoutEntities('Big news #launch at https://acme.example by @bob.test')).toBe(
      'Big news  at  by ',
    );
  });
});

describe('facets: UTF-8 byte ranges over the text as posted', () => {
  const cases: [string, string, string, string[]][] = [
    [
      'after an emoji, a tracked link shown short',
      '🎉 https://acme.example/spring?utm_source=chorus',
      '🎉 acme.example/spring…',
      ['acme.example/spring…'],
    ],
    [
      'after CJK and combining marks',
      '日本語 e\u0301 #タグ https://www.acme.example/',
      '日本語 e\u0301 #タグ acme.example',
      ['#タグ', 'acme.example'],
    ],
    [
      'a long path is cut',
      'x https://acme.example/one/two/three/four/five/six/seven',
      'x acme.example/one/two/three/four/fiv…',
      ['acme.example/one/two/three/four/fiv…'],
    ],
    ['a mention', 'hi @bob.test 👋', 'hi @bob.test 👋', ['@bob.test']],
  ];
  it.each(cases)('%s', (_name, input, expectedText, expectedCovered) => {
    const posted = postText(input);
    expect(posted.text).toBe(expectedText);
    expect(covered(posted)).toEqual(expectedCovered);
  });

  it('the link facet carries the full tracked URL', () => {
    const posted = postText('Sale 🛍️ https://acme.example/sale?utm_source=bluesky&utm_campaign=s1');
    expect(posted.facets[0]!.features[0]).toEqual({
      $type: 'app.bsky.richtext.facet#link',
      uri: 'https://acme.example/sale?utm_source=bluesky&utm_campaign=s1',
    });
  });

  it.each([
    ['https://acme.example', 'acme.example'],
    ['https://www.acme.example/a', 'acme.example/a'],
    ['https://acme.example/a#top', 'acme.example/a…'],
    ['http://acme.example:8080/x', 'acme.example:8080/x'],
    ['https://x.co', 'x.co'],
  ])('shownLink(%s) = %s', (uri, shown) => {
    expect(shownLink(uri)).toBe(shown);
  });
});

describe('record keys', () => {
  it('are valid TIDs, the same for the same part and different for others', () => {
    const keys = new Set<string>();
    for (let post = 0; post < 500; post++) {
      for (let part = 0; part < 3; part++) {
        const key = recordKey({ account: 'acme-sky', post: `post-${post}`, part });
        expect(key).toMatch(TID_PATTERN);
        keys.add(key);
      }
    }
    expect(keys.size).toBe(1500);
    expect(recordKey({ account: 'a', post: 'p', part: 0 })).toBe(
      recordKey({ account: 'a', post: 'p', part: 0 }),
    );
    expect(recordKey({ account: 'a', post: 'p', part: 0 })).not.toBe(
      recordKey({ account: 'b', post: 'p', part: 0 }),
    );
  });
});

describe('handles', () => {
  it.each([
    ['acme.bsky.social', true],
    ['acme.com', true],
    ['a-b.c-d.example.org', true],
    ['alice.test', true],
    ['@acme.bsky.social', false],
    ['acme', false],
    ['acme..social', false],
    ['acme.local', false],
    ['-acme.bsky.social', false],
    ['acme.123', false],
  ])('%s → %s', (handle, valid) => {
    expect(isHandle(handle)).toBe(valid);
  });
});

describe('draftRequest', () => {
  const account = { id: 'acme-sky', handle: 'acme.bsky.social' } as Account;
  it('is the createRecord call with facets, language, image placeholders and the derived key', () => {
    const draft = text.draftRequest(
      { text: 'New: https://acme.example/new?utm_source=bluesky #launch @bob.test', lang: 'en' },
      {
        part: 0,
        media: [{ file: 'media/a.png', alt: 'A red bicycle' }],
        key: { account: 'acme-sky', post: 'launch', part: 0 },
        account,
      },
    ) as { rkey: string; record: Record<string, unknown> };
    expect(draft).toMatchObject({
      repo: 'acme.bsky.social',
      collection: 'app.bsky.feed.post',
      rkey: recordKey({ account: 'acme-sky', post: 'launch', part: 0 }),
      record: {
        $type: 'app.bsky.feed.post',
        text: 'New: acme.example/new… #launch @bob.test',
        langs: ['en'],
        embed: {
          $type: 'app.bsky.embed.images',
          images: [{ alt: 'A red bicycle', image: '<blob of media/a.png>' }],
        },
      },
    });
    const facets = draft.record.facets as Facet[];
    expect(facets.map((f) => f.features[0])).toEqual([
      { $type: 'app.bsky.richtext.facet#link', uri: 'https://acme.example/new?utm_source=bluesky' },
      { $type: 'app.bsky.richtext.facet#tag', tag: 'launch' },
      { $type: 'app.bsky.richtext.facet#mention', did: '<did of bob.test>' },
    ]);
  });

  it('a later part replies to the root and its parent', () => {
    const draft = text.draftRequest(
      { text: 'second', lang: 'de' },
      {
        part: 2,
        root: { id: 'at://did:plc:x/app.bsky.feed.post/3kaaaaaaaaaa2', cid: 'bafyroot', url: '' },
        media: [],
        key: { account: 'acme-sky', post: 'thread', part: 2 },
        account,
      },
    ) as { record: Record<string, unknown> };
    expect(draft.record.reply).toEqual({
      root: { uri: 'at://did:plc:x/app.bsky.feed.post/3kaaaaaaaaaa2', cid: 'bafyroot' },
      parent: { uri: '<uri of part 2>', cid: '<cid of part 2>' },
    });
    expect(draft.record.embed).toBeUndefined();
  });
});
