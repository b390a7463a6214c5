// Every lint rule, by id. Adding a rule: create src/rules/<id>.ts and list it here.
import type { AnyRule } from '../lint/define-rule.js';
import crossAccountDuplicate from './cross-account-duplicate.js';
import duplicateText from './duplicate-text.js';
import dealUntracked from './deal-untracked.js';
import maxLength from './max-length.js';
import minGap from './min-gap.js';
import trackingCodeUnique from './tracking-code-unique.js';
import uniqueId from './unique-id.js';
// content rules
import approval from './approval.js';
import categoryAllowed from './category-allowed.js';
import dealLink from './deal-link.js';
import disclosure from './disclosure.js';
import hashtagLimit from './hashtag-limit.js';
import linkLimit from './link-limit.js';
import mentionLimit from './mention-limit.js';
import secretInConfig from './secret-in-config.js';
import shouting from './shouting.js';
import unknownAccount from './unknown-account.js';

/** The rule registry; `satisfies` makes a missing or mistyped rule a type error. */
export const rules = {
  'unique-id': uniqueId,
  'max-length': maxLength,
  'min-gap': minGap,
  // content rules
  'unknown-account': unknownAccount,
  'category-allowed': categoryAllowed,
  'hashtag-limit': hashtagLimit,
  'mention-limit': mentionLimit,
  'link-limit': linkLimit,
  shouting,
  'deal-link': dealLink,
  approval,
  disclosure,
  'secret-in-config': secretInConfig,
  // duplicate rules
  'duplicate-text': duplicateText,
  'cross-account-duplicate': crossAccountDuplicate,
  // tracking rules
  'tracking-code-unique': trackingCodeUnique,
  'deal-untracked': dealUntracked,
} satisfies Record<string, AnyRule>;

export type RuleId = keyof typeof rules;
