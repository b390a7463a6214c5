// A RuleTester in ESLint's spirit: tables of valid and invalid workspaces for one rule.
import { describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/lint/define-rule.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import type { PlatformRegistry } from '../../src/platforms/registry.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  /** Defaults to 2026-11-22T08:00:00Z. */
  now?: string;
  /** The networks accounts may name; defaults to the ones Chorus ships with. */
  platforms?: PlatformRegistry;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  file?: string;
  postId?: string;
}

export const DEFAULT_NOW = '2026-11-22T08:00:00Z';

/** Lint with only `rule` enabled (plus schema); fixtures must be schema-clean. */
export function lintWithRule(rule: AnyRule, testCase: RuleCase) {
  const outcome = analyseWorkspace(rawWorkspaceFromFiles(testCase.files), {
    now: new Date(testCase.now ?? DEFAULT_NOW),
    rules: [rule],
    ...(testCase.platforms ? { platforms: testCase.platforms } : {}),
  });
  const schema = outcome.problems.filter((p) => p.ruleId === 'schema');
  expect(schema, `fixture "${testCase.name}" has schema problems`).toEqual([]);
  return outcome.problems.filter((p) => p.ruleId === rule.id);
}

/** Table-driven tests: every valid case yields no problem; each invalid case yields exactly `errors`. */
export function testRule(
  rule: AnyRule,
  cases: { valid: RuleCase[]; invalid: (RuleCase & { errors: ExpectedError[] })[] },
): void {
  describe(`rule ${rule.id}`, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        expect(lintWithRule(rule, testCase)).toEqual([]);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const problems = lintWithRule(rule, testCase);
        // Compare only the fields each expected error names (messageId and line always).
        const actual = problems.map((p, index) => {
          const keys = Object.keys(testCase.errors[index] ?? testCase.errors[0] ?? { messageId: 1, line: 1 });
          return Object.fromEntries(keys.map((key) => [key, p[key as keyof typeof p]]));
        });
        expect(actual).toEqual(testCase.errors);
      });
    }
  });
}
