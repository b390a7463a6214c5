// unknown-account: every calendar belongs to an account file; otherwise its posts are silently never published.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { closest } from '../model/suggest.js';

export default defineRule({
  id: 'unknown-account',
  meta: {
    description:
      'Calendars live in content/<id>/ for an existing accounts/<id>.yaml; files directly in content/ are not read.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    // What it finds is wrong whatever the time: published and missed posts are judged too.
    judges: 'every',
    messages: {
      noAccount:
        'There is no account "{{account}}" (no accounts/{{account}}.yaml), so the posts in content/{{account}}/ are never published.{{didYouMean}} Create accounts/{{account}}.yaml, or move this calendar into the folder of an existing account.',
      strayFile:
        'A file directly in content/ belongs to no account and is not read; move it into content/<account>/ (e.g. content/{{example}}/{{name}}).',
    },
  },
  check(context) {
    const { workspace } = context;
    // Reports here are about files, not accounts: the workspace-level severity applies.
    if (!context.options()) return;
    const known = [...workspace.accounts.keys()].sort();
    const start = { line: 1, column: 1 };
    for (const [account, files] of workspace.calendarsWithoutAccount) {
      const suggestion = closest(account, known);
      const didYouMean = suggestion ? ` Did you mean "${suggestion}" (content/${suggestion}/)?` : '';
      for (const file of files)
        context.report({ file, position: start, messageId: 'noAccount', data: { account, didYouMean } });
    }
    for (const file of workspace.strayFiles) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      context.report({
        file,
        position: start,
        messageId: 'strayFile',
        data: { name, example: known[0] ?? '<account>' },
      });
    }
  },
});
