// The trimmed twitter-text the build bundles (dist/bundle/twitter-text.cjs, see scripts/bundle.js) must
// answer exactly as the package does: the CLI measures lengths and finds entities with it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateWorkspaceFiles } from '../../bench/generate.js';
import type { TwitterText } from '../../src/platforms/x/twitter-text.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRIMMED = path.join(REPO, 'dist', 'bundle', 'twitter-text.cjs');
const require = createRequire(import.meta.url);
const FUNCTIONS = [
  'parseTweet',
  'extractUrlsWithIndices',
  'extractHashtagsWithIndices',
  'extractMentionsWithIndices',
] as const;

describe('the bundled twitter-text', () => {
  it('is built (npm run build) and has only what Chorus calls', () => {
    expect(existsSync(TRIMMED), `${TRIMMED} is missing: run npm run build`).toBe(true);
    const trimmed = require(TRIMMED) as Record<string, unknown>;
    expect(Object.keys(trimmed).sort()).toEqual([...FUNCTIONS].sort());
  });

  it('answers exactly as the package on realistic and random texts', () => {
    const trimmed = require(TRIMMED) as TwitterText;
    const original = require('twitter-text') as TwitterText;
    const same = (text: string) => {
      for (const name of FUNCTIONS)
        expect(trimmed[name](text), `${name}(${JSON.stringify(text)})`).toEqual(original[name](text));
    };
    // Every text of a generated workspace: four languages, tracked links, hashtags, mentions, emoji.
    const { files } = generateWorkspaceFiles({ accounts: 4, postsPerAccount: 60, seed: 7 });
    const texts = [...files.values()].flatMap((file) =>
      [...file.matchAll(/^\s+(?:- )?text: (.*)$/gm)].map((m) => m[1]!),
    );
    expect(texts.length).toBeGreaterThan(200);
    texts.forEach(same);
    // Hand-picked edge cases: IDN hosts (punycode), bare domains, full-width signs, emoji sequences.
    [
      'münchen.de/straße and xn--mnchen-3ya.de, www.example.com/a?b=c#d, t.co/abc',
      '#日本 ＃tag a#b e@mail.com ＠someone @a_b_c_d_e_f_g_h_i_j_k_l',
      '👨‍👩‍👧‍👦 🏳️‍🌈 ✈️ ❤︎ 1️⃣ 👍🏽 ',
      'x'.repeat(281),
      'https://a.example.com/' + 'p'.repeat(500),
    ].forEach(same);
    const piece = fc.constantFrom(
      'https://',
      'shop.example.com',
      '.de',
      '/path?q=1',
      '#',
      '＃',
      '@',
      'tag',
      ' ',
      '日本',
      '🎉',
      '\u200d',
      '.',
      'www.',
      'é',
      '!',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 30 }), (pieces) => {
        same(pieces.join(''));
      }),
      { seed: 20261122, numRuns: 1500 },
    );
  });
});
