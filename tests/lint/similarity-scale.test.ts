// Scale: 100,000 generated posts with planted near-duplicates, found without comparing all pairs.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, findEarlierMatches, textSimilarity } from '../../src/lint/similarity.js';
import { generateCorpus } from './similarity-corpus.js';

function run(count: number, planted: number) {
  const corpus = generateCorpus(count, planted);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = findEarlierMatches(corpus.texts, { threshold: DEFAULT_THRESHOLD, prefer: 'earliest' });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { corpus, ...result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

describe('near-duplicate detection at scale', () => {
  it('finds every planted pair among 100,000 posts, with no false positive and linear work', () => {
    const small = run(10_000, 100);
    const large = run(100_000, 1_000);
    for (const { corpus, matches, stats, wallMs, cpuMs } of [small, large]) {
      const n = corpus.texts.length;
      // The planted pairs really are near-duplicates (else the test would prove nothing).
      for (const pair of corpus.planted) {
        expect(
          textSimilarity(corpus.texts[pair.original]!, corpus.texts[pair.variant]!),
          pair.kind,
        ).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
      }
      const found = new Map<number, number>();
      matches.forEach((match, index) => {
        if (match) found.set(index, match.earlier);
      });
      const missed = corpus.planted.filter((pair) => found.get(pair.variant) !== pair.original);
      expect(missed).toEqual([]);
      // Nothing but the planted variants matched: no false positives among the distinct texts.
      expect(found.size).toBe(corpus.planted.length);
      expect(stats.candidatePairs).toBeLessThan(5 * n);
      console.log(
        `${n} posts: ${Math.round(wallMs)} ms wall, ${Math.round(cpuMs)} ms CPU; ` +
          `${stats.candidatePairs} candidate pairs (${(stats.candidatePairs / n).toFixed(3)} per post), ` +
          `${stats.jaccardComputations} Jaccard, ${stats.exactMatches} exact`,
      );
    }
    // Generous bounds for a shared CI machine; quadratic work would make the ratio about 100.
    expect(large.wallMs).toBeLessThan(90_000);
    expect(large.cpuMs / small.cpuMs).toBeLessThan(30);
  }, 240_000);
});
