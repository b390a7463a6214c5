// The lint pipeline: validate → resolve rule settings → schedule → render → check.
import type { Problem } from '../model/types.js';
import { validateWorkspace, type Workspace } from '../model/validate.js';
import { rules as allRules } from '../rules/index.js';
import { buildTimeline } from '../schedule/build.js';
import type { PublishedPost, Timeline } from '../schedule/timeline.js';
import type { RawWorkspace } from '../workspace/read.js';
import type { AnyRule } from './define-rule.js';
import { compareProblems, runRules } from './engine.js';
import { type RuleSettings, resolveRuleSettings } from './rule-settings.js';

export interface LintOutcome {
  workspace: Workspace;
  timeline: Timeline;
  settings: RuleSettings;
  /** Every problem, sorted by file, line and column. */
  problems: Problem[];
  /**
   * What the rules found on published and missed posts: history, not problems to fix (lint must not turn
   * red as time passes), but the scorecard reports them. Sorted like `problems`.
   */
  history: Problem[];
}

/** Lint a workspace that has been read. Pure: `now` is a parameter. */
export function lintWorkspace(
  raw: RawWorkspace,
  options: {
    now: Date;
    rules?: readonly AnyRule[];
    /** Published posts from the ledger (account id → post id → record); they keep their real time. */
    published?: ReadonlyMap<string, ReadonlyMap<string, PublishedPost>>;
  },
): LintOutcome {
  const rules = options.rules ?? Object.values(allRules);
  const { workspace, problems: schemaProblems } = validateWorkspace(raw);
  const settings = resolveRuleSettings(workspace, rules);
  const timeline = buildTimeline({
    workspace,
    settings,
    now: options.now,
    ...(options.published ? { published: options.published } : {}),
  });
  const history: Problem[] = [];
  const ruleProblems = runRules(rules, { workspace, timeline, now: options.now, settings }, history);
  const problems = [...schemaProblems, ...settings.problems, ...ruleProblems].sort(compareProblems);
  return { workspace, timeline, settings, problems, history: history.sort(compareProblems) };
}
