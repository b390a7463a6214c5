// Runs every rule over the timeline and turns their reports into located Problems.
import { MAX_QUOTED_CHARS, shorten } from '../model/list.js';
import { InternalError } from '../errors.js';
import type { Post, Problem } from '../model/types.js';
import type { Workspace } from '../model/validate.js';
import type { Timeline } from '../schedule/timeline.js';
import type { AnyRule, RuleContext, RuleReport } from './define-rule.js';
import type { RuleSettings } from './rule-settings.js';
import { createRunCache, type RunCache } from './run-cache.js';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Fill a message template; a placeholder without data is a bug in the rule. */
export function fillMessage(
  ruleId: string,
  template: string,
  data: Record<string, string | number> = {},
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in data)) throw new InternalError(`Rule ${ruleId} reported without data for {{${name}}}`);
    // A safety net under every rule: no value makes a message longer than a few hundred characters.
    return shorten(String(data[name]), MAX_QUOTED_CHARS * 2);
  });
}

/** Order problems by file, line, column, rule. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Run `rules` and return their problems (unsorted). Pure. Problems that rules judging upcoming posts found
 * on published or missed posts are not problems to fix; they go to `history` when given (the scorecard
 * reports them), else nowhere.
 */
export function runRules(
  rules: readonly AnyRule[],
  input: { workspace: Workspace; timeline: Timeline; now: Date; settings: RuleSettings; cache?: RunCache },
  history?: Problem[],
): Problem[] {
  const problems: Problem[] = [];
  const { workspace, timeline, now, settings } = input;
  const cache = input.cache ?? createRunCache();
  const accountIds = [...workspace.accounts.keys()].sort();
  // Published and missed posts are history: context for the rules, never a problem of their own.
  const past = new Set<Post>();
  for (const entry of timeline.entries) if (entry.published || entry.missed) past.add(entry.post);
  for (const rule of rules) {
    const upcomingOnly = (rule.meta.judges ?? 'upcoming') === 'upcoming';
    const context: RuleContext<unknown, string> = {
      workspace,
      timeline,
      now,
      cache,
      platform(account) {
        return workspace.platforms.get(account.platform)!;
      },
      options(account) {
        const setting = settings.get(rule.id, account);
        return setting.severity === 'off' ? undefined : setting.options;
      },
      accounts() {
        return accountIds
          .filter((id) => settings.get(rule.id, id).severity !== 'off')
          .map((id) => workspace.accounts.get(id)!);
      },
      report(report: RuleReport<string>) {
        const template = rule.meta.messages[report.messageId];
        if (template === undefined)
          throw new InternalError(`Rule ${rule.id} reported unknown messageId "${report.messageId}"`);
        const account = report.post?.account ?? report.account;
        const { severity } = settings.get(rule.id, account);
        if (severity === 'off') return;
        const post = report.post;
        const sink = upcomingOnly && post && past.has(post) ? history : problems;
        if (!sink) return;
        const position =
          report.position ??
          (post ? (report.field && post.fieldPositions[report.field]) || post.position : undefined);
        const file =
          report.file ?? post?.file ?? (account ? workspace.accounts.get(account)?.file : undefined);
        if (!file || !position) throw new InternalError(`Rule ${rule.id} reported without a location`);
        sink.push({
          ruleId: rule.id,
          messageId: report.messageId,
          severity,
          file,
          line: position.line,
          column: position.column,
          message: fillMessage(rule.id, template, report.data),
          ...(account ? { account } : {}),
          ...(post ? { postId: post.id } : {}),
        });
      },
    };
    rule.check(context);
  }
  return problems;
}
