// The core holds no process state: what one analysis remembers lives in its RunCache, which the pipeline
// creates per run (or the caller passes in); a second run with a fresh one learns everything again.
import { describe, expect, it } from 'vitest';
import { createRunCache } from '../../src/lint/run-cache.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

const NOW = new Date('2026-11-22T08:00:00Z');
const TEXT = 'Our winter boots are back in every size and colour today #boots';
const files = {
  'accounts/a.yaml': accountYaml(),
  'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
  'content/a/1.yaml': `- id: p1\n  category: news\n  text: "${TEXT}"\n  at: 2026-12-01 09:00\n`,
  'content/b/1.yaml': `- id: q1\n  category: news\n  text: "${TEXT}"\n  at: 2026-12-03 09:00\n`,
};

describe('RunCache: per-run memory', () => {
  it('each analysis learns into its own cache; nothing carries over to the next run', () => {
    const raw = rawWorkspaceFromFiles(files);
    const first = createRunCache();
    const a = analyseWorkspace(raw, { now: NOW, cache: first });
    expect(a.problems.map((p) => p.ruleId)).toContain('cross-account-duplicate');
    expect(first.similarity.known(TEXT)?.shingles.length).toBeGreaterThan(0);
    expect(first.similarity.computed).toBeGreaterThan(0);
    expect(first.matches.computed).toBeGreaterThan(0);

    // A fresh cache computes the same facts again (no process-wide memo answered them) and gives the
    // same answer.
    const second = createRunCache();
    const b = analyseWorkspace(raw, { now: NOW, cache: second });
    expect(b.problems).toEqual(a.problems);
    expect(second.similarity.computed).toBe(first.similarity.computed);

    // The same cache again (what lint --cache restores): everything is remembered, nothing recomputed.
    const prepared = first.similarity.computed;
    const searches = first.matches.computed;
    expect(analyseWorkspace(raw, { now: NOW, cache: first }).problems).toEqual(a.problems);
    expect([first.similarity.computed, first.matches.computed]).toEqual([prepared, searches]);
  });
});
