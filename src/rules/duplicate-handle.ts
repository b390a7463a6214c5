// duplicate-handle: one X account, one account file; two files claiming the same handle would mix calendars.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import type { Account } from '../model/types.js';

export default defineRule({
  id: 'duplicate-handle',
  meta: {
    description:
      'No two account files claim the same handle (compared without @, ignoring case): with swapped credentials one account’s posts would go to the other.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    messages: {
      duplicate:
        'The handle @{{handle}} is already claimed by {{first}}; each X account has one account file, or one account’s posts could go out as the other.',
    },
  },
  check(context) {
    const seen = new Map<string, Account>();
    const accounts = [...context.workspace.accounts.values()].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
    );
    for (const account of accounts) {
      const key = `${account.platform}\u0000${account.handle.toLowerCase()}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, account);
        continue;
      }
      if (!context.options(account.id)) continue;
      context.report({
        account: account.id,
        file: account.file,
        position: account.fieldPositions.handle ?? account.position,
        messageId: 'duplicate',
        data: { handle: account.handle, first: first.file },
      });
    }
  },
});
