// quiet-hours: no posts in the account's local quiet hours (e.g. 22:00-07:00); none are set by default.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { clockTimeSchema } from '../model/fields.js';
import { localParts } from '../model/time.js';
import { isQuietTime, type QuietHours } from '../schedule/constraints.js';

export default defineRule({
  id: 'quiet-hours',
  meta: {
    description:
      'No posts between `hours.start` (inclusive) and `hours.end` (exclusive), local time; may wrap midnight. Off until hours are set.',
    defaultSeverity: 'error',
    defaultOptions: { hours: null as QuietHours | null },
    optionsSchema: z
      .strictObject({ hours: z.strictObject({ start: clockTimeSchema, end: clockTimeSchema }).nullable() })
      .partial(),
    messages: {
      quiet: 'Goes out at {{time}} ({{zone}}), inside the quiet hours {{start}}-{{end}}.',
    },
    limits: { quiet_hours: 'hours' },
    schedulingConstraint: ({ hours }) => ({
      quietHours: hours && hours.start !== hours.end ? hours : undefined,
    }),
  },
  check(context) {
    for (const account of context.accounts()) {
      const { hours } = context.options(account.id)!;
      if (!hours) continue;
      for (const entry of context.timeline.byAccount.get(account.id) ?? []) {
        if (!entry.at) continue;
        const { time } = localParts(entry.at, account.timezone);
        if (isQuietTime(time, hours)) {
          context.report({
            post: entry.post,
            field: entry.post.at ? 'at' : undefined,
            messageId: 'quiet',
            data: { time, zone: account.timezone, start: hours.start, end: hours.end },
          });
        }
      }
    }
  },
});
