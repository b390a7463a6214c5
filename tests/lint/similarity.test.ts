import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandingFor,
  candidateProbability,
  DEFAULT_THRESHOLD,
  findEarlierMatches,
  fingerprint,
  jaccard,
  jaccardAtLeast,
  MAX_CANDIDATES_PER_TEXT,
  MatchMemo,
  normalizeText,
  SimilarityCache,
  shingleHashes,
  textSimilarity,
  tokenize,
} from '../../src/lint/similarity.js';
import crossAccountDuplicate from '../../src/rules/cross-account-duplicate.js';
import duplicateText from '../../src/rules/duplicate-text.js';
import { lintWithRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';
import { BASE, calendar, CJK_TRANSLATION, ONE_WORD } from '../rules/similarity-fixtures.js';

describe('normalizeText', () => {
  it.each([
    ['case and punctuation', 'Hello,   WORLD!!!', 'hello world'],
    [
      'links are removed whole',
      'Sale https://acme.example/x?utm_source=x now www.acme.example/y',
      'sale now',
    ],
    [
      'hashtags keep their word, mentions their @',
      'Thanks @Ana_B for #Launch2026',
      'thanks @ana_b for launch2026',
    ],
    ['emoji and their variation selectors', 'Good☀️morning 👋🏽 team', 'good morning team'],
    ['NFKC folds full-width forms', 'ＡＣＭＥ　ｓａｌｅ', 'acme sale'],
    ['apostrophes join', 'Don’t miss it', 'dont miss it'],
    ['CJK letters are single tokens, CJK punctuation goes', '新品，发布！', '新 品 发 布'],
    ['Thai letters keep their marks', 'ดี', 'ดี'],
    ['Korean is written with spaces: words', '오늘 세일 시작', '오늘 세일 시작'],
    ['only a link and emoji: nothing left', 'https://acme.example 🎉', ''],
  ])('%s', (_, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('shingles and similarity', () => {
  it('hashes are the same on every machine (pure 32-bit integer arithmetic)', () => {
    expect([...shingleHashes(tokenize('Hello big world'))]).toEqual([
      ...shingleHashes(['hello', 'big', 'world']),
    ]);
    expect(shingleHashes(tokenize('Hello big world')).length).toBe(2);
    expect([...shingleHashes(['hello'])]).toHaveLength(1);
  });

  it('fingerprints tell normalised texts apart, token boundaries included', () => {
    expect(fingerprint(tokenize('Hello, big WORLD!'))).toBe(fingerprint(tokenize('hello big world')));
    expect(fingerprint(['ab'])).not.toBe(fingerprint(['a', 'b']));
    expect(fingerprint(['a', 'b'])).not.toBe(fingerprint(['b', 'a']));
    expect(Number.isSafeInteger(fingerprint(tokenize(BASE)))).toBe(true);
  });

  it('one changed word in 19 costs two of 18 word pairs', () => {
    expect(textSimilarity(BASE, ONE_WORD)).toBeCloseTo(16 / 20, 10);
  });

  it('a text and its translation share nothing', () => {
    expect(textSimilarity(BASE, CJK_TRANSLATION)).toBe(0);
  });

  it('the banding finds pairs at the threshold with ≥ 99.7 % and rarely pairs unrelated texts', () => {
    for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.9]) {
      expect(candidateProbability(threshold, bandingFor(threshold))).toBeGreaterThan(0.997);
    }
    expect(candidateProbability(0.1, bandingFor(DEFAULT_THRESHOLD))).toBeLessThan(0.001);
  });
});

describe('jaccardAtLeast', () => {
  const sortedSet = fc
    .uniqueArray(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 60 })
    .map((values) => Int32Array.from(values).sort());
  it('agrees with jaccard at and above the threshold, and stays below it otherwise', () => {
    fc.assert(
      fc.property(
        // Overlapping sets: b is part of a plus some of its own, so every similarity occurs.
        sortedSet,
        sortedSet,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (a, extra, keep, threshold) => {
          const b = Int32Array.from(new Set([...a.slice(0, Math.round(a.length * keep)), ...extra])).sort();
          const exact = jaccard(a, b);
          const fast = jaccardAtLeast(a, b, threshold);
          if (exact >= threshold) expect(fast).toBe(exact);
          else expect(fast).toBeLessThan(threshold);
        },
      ),
      { seed: 20261122, numRuns: 2000 },
    );
  });
});

describe('findEarlierMatches with a memo', () => {
  it('answers the same texts and key from memory, and searches again for anything else', () => {
    const texts = [BASE, `${BASE} Again.`, 'Something else entirely, said in other words here.'];
    const store = new MatchMemo();
    const options = { threshold: 0.7, prefer: 'earliest' as const, memo: { store, key: 'k1' } };
    const first = findEarlierMatches(texts, options);
    expect(first.matches[1]?.earlier).toBe(0);
    expect(store.computed).toBe(1);
    expect(findEarlierMatches(texts, options)).toBe(first);
    expect(store.computed).toBe(1);
    // Another key (e.g. other accounts or times) or other texts: searched again.
    findEarlierMatches(texts, { ...options, memo: { store, key: 'k2' } });
    findEarlierMatches(texts.slice(1), options);
    expect(store.computed).toBe(3);
    // What was used can be saved and brought back into another memo.
    const other = new MatchMemo();
    other.import(store.export());
    expect(findEarlierMatches(texts, { ...options, memo: { store: other, key: 'k1' } })).toEqual(first);
    expect(other.computed).toBe(0);
  });
});

describe('findEarlierMatches', () => {
  const texts = [BASE, 'Something else entirely, about bikes and the city kids', ONE_WORD, BASE];

  it('prefers the earliest or the latest earlier text', () => {
    const earliest = findEarlierMatches(texts, { threshold: 0.7, prefer: 'earliest' }).matches;
    const latest = findEarlierMatches(texts, { threshold: 0.7, prefer: 'latest' }).matches;
    expect(earliest.map((m) => m?.earlier)).toEqual([undefined, undefined, 0, 0]);
    expect(latest.map((m) => m?.earlier)).toEqual([undefined, undefined, 0, 2]);
    expect(latest[3]).toMatchObject({ identical: false });
    expect(earliest[3]).toMatchObject({ identical: true, similarity: 1 });
  });

  it('skips candidates the filter rejects', () => {
    const { matches } = findEarlierMatches(texts, {
      threshold: 0.7,
      prefer: 'earliest',
      accept: (earlier) => earlier !== 0,
    });
    expect(matches.map((m) => m?.earlier)).toEqual([undefined, undefined, undefined, 2]);
  });

  it('a shared cache gives the same answers with another threshold and direction', () => {
    const cache = new SimilarityCache();
    const first = findEarlierMatches(texts, { threshold: 0.7, prefer: 'earliest', cache });
    expect(cache.prepare(BASE).fingerprint).toBe(fingerprint(tokenize(BASE)));
    for (const options of [
      { threshold: 0.7, prefer: 'earliest' },
      { threshold: 0.55, prefer: 'latest' },
    ] as const) {
      expect(findEarlierMatches(texts, { ...options, cache }).matches).toEqual(
        findEarlierMatches(texts, options).matches,
      );
    }
    expect(first.matches.map((m) => m?.earlier)).toEqual([undefined, undefined, 0, 0]);
  });

  it('short texts match only when identical after normalisation', () => {
    const { matches, stats } = findEarlierMatches(['Good morning!', 'good MORNING', 'Good evening'], {
      threshold: 0.5,
      prefer: 'earliest',
    });
    expect(matches.map((m) => m?.earlier)).toEqual([undefined, 0, undefined]);
    expect(stats.short).toBe(3);
  });

  it('a near-duplicate is found even when hundreds of texts share a phrase with it', () => {
    // 20 words; 500 texts keep its first 14 and end differently (similarity ≈ 0.5: LSH candidates
    // about two times in three, never matches), then a copy with one word changed, then the text.
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`);
    const crowd = Array.from({ length: 500 }, (_, i) =>
      [...words.slice(0, 14), ...Array.from({ length: 6 }, (_, k) => `other${i}x${k}`)].join(' '),
    );
    const nearCopy = [...words.slice(0, 19), 'changed'].join(' ');
    const texts = [...crowd, nearCopy, words.join(' ')];
    const { matches, stats } = findEarlierMatches(texts, { threshold: 0.7, prefer: 'earliest' });
    // More candidates than are examined: the cap had to choose, and chose the one sharing most bands.
    expect(stats.candidatePairs).toBeLessThanOrEqual(texts.length * MAX_CANDIDATES_PER_TEXT);
    expect(matches[texts.length - 1]).toMatchObject({ earlier: 500, identical: false });
    expect(matches.slice(0, 501).filter(Boolean)).toEqual([]);
  });

  it('a thousand copies of one text cost a bounded number of comparisons each', () => {
    const copies = Array.from({ length: 1000 }, (_, i) => `${BASE} https://acme.example/?c=${i}`);
    const { matches, stats } = findEarlierMatches(copies, { threshold: 0.7, prefer: 'latest' });
    expect(matches.slice(1).every((m, i) => m?.earlier === i)).toBe(true);
    expect(stats.candidatePairs).toBe(999);
    const { stats: rejecting } = findEarlierMatches(copies, {
      threshold: 0.7,
      prefer: 'latest',
      accept: () => false,
    });
    expect(rejecting.candidatePairs).toBeLessThanOrEqual(1000 * MAX_CANDIDATES_PER_TEXT);
  });
});

describe('duplicate messages', () => {
  it('name the earlier post by account/id and file:line', () => {
    const files = {
      'accounts/a.yaml': accountYaml(),
      'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
      'accounts/c.yaml': accountYaml('', { handle: 'acme_c' }),
      'content/a/c.yaml': calendar([
        { text: BASE, at: '2026-12-01 09:00' },
        { text: ONE_WORD, at: '2026-12-04 09:00' },
      ]),
      'content/b/c.yaml': calendar([{ text: BASE, at: '2026-12-02 09:00' }], 'b'),
      'content/c/c.yaml': calendar([{ text: BASE, at: '2026-12-03 09:00' }], 'c'),
    };
    expect(lintWithRule(duplicateText, { name: 'messages', files }).map((p) => p.message)).toEqual([
      'Text is 80% the same as a/p0 (content/a/c.yaml:1), 3 days before; X treats near-identical posts as duplicates: reword it or keep the two more than 30 days apart.',
    ]);
    // a/p1 is a near-copy of its own account's a/p0 (duplicate-text), and of b/b0: the first on another account.
    expect(lintWithRule(crossAccountDuplicate, { name: 'messages', files }).map((p) => p.message)).toEqual([
      'Text is 80% the same as b/b0 of account b (content/b/c.yaml:1) on X; X forbids substantially similar content on several accounts, and on any network it reads as spam.',
      'Same text as a/p0 of account a (content/a/c.yaml:1) on X; X forbids posting identical content on several accounts, and on any network it reads as spam.',
      'Same text as a/p0 of account a (content/a/c.yaml:1) on X; X forbids posting identical content on several accounts, and on any network it reads as spam.',
    ]);
  });
});
