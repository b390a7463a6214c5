// Every lint rule, by id. Adding a rule: create src/rules/<id>.ts and list it here.
import type { AnyRule } from '../lint/define-rule.js';
import dealUntracked from './deal-untracked.js';
import maxLength from './max-length.js';
import minGap from './min-gap.js';
import trackingCodeUnique from './tracking-code-unique.js';
import uniqueId from './unique-id.js';

/** The rule registry; `satisfies` makes a missing or mistyped rule a type error. */
export const rules = {
  'unique-id': uniqueId,
  'max-length': maxLength,
  'min-gap': minGap,
  'tracking-code-unique': trackingCodeUnique,
  'deal-untracked': dealUntracked,
} satisfies Record<string, AnyRule>;

export type RuleId = keyof typeof rules;
