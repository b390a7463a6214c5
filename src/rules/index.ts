// Every lint rule, by id. Adding a rule: create src/rules/<id>.ts and list it here.
import type { AnyRule } from '../lint/define-rule.js';
import dealExpiry from './deal-expiry.js';
import maxLength from './max-length.js';
import maxPerCategoryPerDay from './max-per-category-per-day.js';
import maxPostsPerDay from './max-posts-per-day.js';
import minGap from './min-gap.js';
import noFreeSlot from './no-free-slot.js';
import promoShare from './promo-share.js';
import quietHours from './quiet-hours.js';
import uniqueId from './unique-id.js';

/** The rule registry; `satisfies` makes a missing or mistyped rule a type error. */
export const rules = {
  'unique-id': uniqueId,
  'max-length': maxLength,
  'min-gap': minGap,
  'max-posts-per-day': maxPostsPerDay,
  'max-per-category-per-day': maxPerCategoryPerDay,
  'promo-share': promoShare,
  'quiet-hours': quietHours,
  'deal-expiry': dealExpiry,
  'no-free-slot': noFreeSlot,
} satisfies Record<string, AnyRule>;

export type RuleId = keyof typeof rules;
