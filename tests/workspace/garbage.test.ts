// Garbage in: every kind of broken file gives a located problem, never a throw, and the other files are still linted.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { MAX_FILE_BYTES, parseYamlSource } from '../../src/workspace/yaml-source.js';
import { type GarbageCase, garbageCases as cases, witness } from '../helpers/garbage-cases.js';

const NOW = new Date('2026-11-22T08:00:00Z');

describe('garbage in, located problems out', () => {
  for (const testCase of cases as GarbageCase[]) {
    it(testCase.name, () => {
      const raw = rawWorkspaceFromFiles({ ...witness, [testCase.file]: testCase.content });
      const outcome = analyseWorkspace(raw, { now: NOW });
      const here = outcome.problems.filter((p) => p.file === testCase.file);
      expect(
        here.map((p, i) => ({
          line: p.line,
          column: p.column,
          message: p.message,
          // A hint is compared only where the case names one.
          ...(testCase.expected[i]?.hint ? { hint: p.hint } : {}),
        })),
      ).toEqual(
        testCase.expected.map((e) => ({
          line: e.line,
          column: e.column ?? expect.any(Number),
          message: expect.stringMatching(e.message),
          ...(e.hint ? { hint: expect.stringMatching(e.hint) } : {}),
        })),
      );
      for (const p of here) expect(p.severity).toBe('error');
      // The other files are still linted.
      expect(outcome.problems.filter((p) => p.file === 'content/b/witness.yaml')).toEqual([
        expect.objectContaining({ line: 3, column: 3, message: expect.stringContaining('`catgory`') }),
      ]);
    });
  }

  it('empty calendars and calendars of only comments are fine', () => {
    const outcome = analyseWorkspace(
      rawWorkspaceFromFiles({
        ...witness,
        'content/a/empty.yaml': '',
        'content/a/comments.yaml': '# nothing planned yet\n# see the wiki\n',
        'content/a/blank.yaml': '\n\n   \n',
      }),
      { now: NOW },
    );
    expect(outcome.problems.map((p) => p.file)).toEqual(['content/b/witness.yaml']);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const huge = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    const started = performance.now();
    const source = parseYamlSource('content/a/huge.yaml', huge);
    expect(performance.now() - started).toBeLessThan(200);
    expect(source.value).toBeUndefined();
    expect(source.problems).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/up to 5 MB/) }),
    ]);
  });
});
