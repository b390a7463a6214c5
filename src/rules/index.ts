// Every lint rule, by id. Adding a rule: create src/rules/<id>.ts and list it here.
import type { AnyRule } from '../lint/define-rule.js';
import crossAccountDuplicate from './cross-account-duplicate.js';
import duplicateHandle from './duplicate-handle.js';
import duplicateText from './duplicate-text.js';
import dealUntracked from './deal-untracked.js';
import dealExpiry from './deal-expiry.js';
import maxLength from './max-length.js';
import maxPerCategoryPerDay from './max-per-category-per-day.js';
import maxPostsPerDay from './max-posts-per-day.js';
import minGap from './min-gap.js';
import missed from './missed.js';
import trackingCodeUnique from './tracking-code-unique.js';
import noFreeSlot from './no-free-slot.js';
import promoShare from './promo-share.js';
import quietHours from './quiet-hours.js';
import uniqueId from './unique-id.js';
// content rules
import approval from './approval.js';
import categoryAllowed from './category-allowed.js';
import dealLink from './deal-link.js';
import disclosure from './disclosure.js';
import hashtagLimit from './hashtag-limit.js';
import linkLimit from './link-limit.js';
import mediaFile from './media-file.js';
import networkFit from './network-fit.js';
import mentionLimit from './mention-limit.js';
import secretInConfig from './secret-in-config.js';
import shouting from './shouting.js';
import unknownAccount from './unknown-account.js';
import weiboShare from './weibo-share.js';

/** The rule registry; `satisfies` makes a missing or mistyped rule a type error. */
export const rules = {
  'unique-id': uniqueId,
  'duplicate-handle': duplicateHandle,
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
  'media-file': mediaFile,
  'network-fit': networkFit,
  'weibo-share': weiboShare,
  // duplicate rules
  'duplicate-text': duplicateText,
  'cross-account-duplicate': crossAccountDuplicate,
  // tracking rules
  'tracking-code-unique': trackingCodeUnique,
  'deal-untracked': dealUntracked,
  // time rules (also constraints of the planner)
  'max-posts-per-day': maxPostsPerDay,
  'max-per-category-per-day': maxPerCategoryPerDay,
  'promo-share': promoShare,
  'quiet-hours': quietHours,
  'deal-expiry': dealExpiry,
  'no-free-slot': noFreeSlot,
  missed,
} satisfies Record<string, AnyRule>;

export type RuleId = keyof typeof rules;
