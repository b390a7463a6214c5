// The `limits` section: anti-spam thresholds written in account files and chorus.yaml.
import { z } from 'zod';
import { clockTimeSchema } from './fields.js';
import { CATEGORIES } from './types.js';

/**
 * Each key feeds one rule option (the rule's `meta.limits` names it), so
 * `limits: { min_gap_minutes: 90 }` is the same as `rules: { min-gap: { minutes: 90 } }`.
 */
export const limitsSchema = z
  .strictObject({
    max_posts_per_day: z.int().min(1).optional().describe('Posts per local day (rule max-posts-per-day)'),
    max_per_category_per_day: z
      .partialRecord(z.enum(CATEGORIES), z.int().min(0))
      .optional()
      .describe('Posts per category per local day (rule max-per-category-per-day)'),
    min_gap_minutes: z
      .int()
      .min(0)
      .optional()
      .describe('Minutes between two posts of the account (rule min-gap)'),
    promo_share: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Largest share of deals in any rolling 7 days, 0..1 (rule promo-share)'),
    quiet_hours: z
      .strictObject({ start: clockTimeSchema, end: clockTimeSchema })
      .optional()
      .describe('Local hours with no posts, e.g. {start: "22:00", end: "07:00"} (rule quiet-hours)'),
    max_hashtags: z.int().min(0).optional().describe('Hashtags per post (rule hashtag-limit)'),
    max_mentions: z.int().min(0).optional().describe('Mentions per post (rule mention-limit)'),
    max_links: z.int().min(0).optional().describe('Links per post (rule link-limit)'),
    duplicate_window_days: z
      .int()
      .min(1)
      .optional()
      .describe('Days within which the same text may not repeat (rule duplicate-text)'),
  })
  .describe('Anti-spam thresholds');

export const LIMIT_KEYS = Object.keys(limitsSchema.shape) as (keyof z.infer<typeof limitsSchema>)[];
