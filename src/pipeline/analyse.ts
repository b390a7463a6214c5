// The pipeline every command runs on a workspace it has read: validate → resolve rule settings → schedule →
// render → check, returning one typed result. Pure: `now` and the published posts are parameters.
import type { Problem } from '../model/types.js';
import { findingsByChannel } from '../model/channels.js';
import { validateWorkspace, type Workspace } from '../model/validate.js';
import type { AnyRule } from '../lint/define-rule.js';
import { compareProblems, runRules } from '../lint/engine.js';
import { type RuleSettings, resolveRuleSettings } from '../lint/rule-settings.js';
import { rules as allRules } from '../rules/index.js';
import { createRunCache, type RunCache } from '../lint/run-cache.js';
import { buildTimeline } from '../schedule/build.js';
import { renderPost } from '../tracking/render.js';
import { type AccountConstraints, NO_CONSTRAINTS } from '../schedule/constraints.js';
import type { PublishedPost, Timeline } from '../schedule/timeline.js';
import type { RawWorkspace } from '../workspace/read.js';
import { BUILTIN_PLATFORMS } from '../platforms/index.js';
import { memoiseRegistry } from '../platforms/memo.js';
import type { PlatformRegistry } from '../platforms/registry.js';

/** What the pipeline makes of a workspace. */
export interface Analysis {
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

/**
 * What the planner must respect for each account: for every rule that declares a scheduling constraint and
 * is not off for the account, the constraint its options set (`warn` rules are respected too).
 */
export function schedulingConstraints(
  workspace: Workspace,
  settings: RuleSettings,
  rules: readonly AnyRule[],
): Map<string, AccountConstraints> {
  const out = new Map<string, AccountConstraints>();
  const constraining = rules.filter((rule) => rule.meta.schedulingConstraint);
  for (const id of workspace.accounts.keys()) {
    let constraints: AccountConstraints = { ...NO_CONSTRAINTS };
    for (const rule of constraining) {
      const setting = settings.get(rule.id, id);
      if (setting.severity === 'off') continue;
      constraints = { ...constraints, ...rule.meta.schedulingConstraint!(setting.options) };
    }
    out.set(id, constraints);
  }
  return out;
}

/** Analyse a workspace that has been read. Pure: `now` is a parameter. */
export function analyseWorkspace(
  raw: RawWorkspace,
  options: {
    now: Date;
    rules?: readonly AnyRule[];
    /** Published posts from the ledger (account id → post id → record); they keep their real time. */
    published?: ReadonlyMap<string, ReadonlyMap<string, PublishedPost>>;
    /** The networks accounts may name (default: the ones Chorus ships with; tests add a test double). */
    platforms?: PlatformRegistry;
    /** `validateWorkspace(raw)`, when the caller already has it (codes checks accounts first): not done twice. */
    validated?: { workspace: Workspace; problems: Problem[] };
    /** This run's memory (see run-cache.ts); a fresh one when absent. */
    cache?: RunCache;
  },
): Analysis {
  const rules = options.rules ?? Object.values(allRules);
  const cache = options.cache ?? createRunCache();
  const { workspace, problems: schemaProblems } =
    options.validated ?? validateWorkspace(raw, memoiseRegistry(options.platforms ?? BUILTIN_PLATFORMS));
  const settings = resolveRuleSettings(workspace, rules);
  const timeline = buildTimeline({
    workspace,
    constraints: schedulingConstraints(workspace, settings, rules),
    render: (post, account, at) =>
      renderPost(post, account, at, workspace.platforms.get(account.platform)!.text),
    now: options.now,
    ...(options.published ? { published: options.published } : {}),
  });
  const history: Problem[] = [];
  const ruleProblems = runRules(rules, { workspace, timeline, now: options.now, settings, cache }, history);
  // Rules judge channels; users read findings per account, with the channel when only one is concerned.
  const problems = findingsByChannel(
    [...schemaProblems, ...settings.problems, ...ruleProblems],
    workspace.accounts,
  ).sort(compareProblems);
  return {
    workspace,
    timeline,
    settings,
    problems,
    history: findingsByChannel(history, workspace.accounts).sort(compareProblems),
  };
}
