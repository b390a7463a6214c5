// Resolves each rule's severity and options per account: rule defaults ← chorus.yaml ← account file.
import { z } from 'zod';
import { findingsFromIssues } from '../model/issues.js';
import { didYouMean } from '../model/suggest.js';
import type { Problem, Severity } from '../model/types.js';
import type { RuleSettingsSource, Workspace } from '../model/validate.js';
import type { AnyRule } from './define-rule.js';

export interface ResolvedSetting {
  severity: Severity;
  options: Record<string, unknown>;
}

/** Resolved settings: `get(ruleId, accountId)`; accountId undefined means the workspace level. */
export interface RuleSettings {
  get(ruleId: string, account?: string): ResolvedSetting;
  /** Whether the rule is known (settings can be resolved for a subset of the rules, e.g. in tests). */
  has(ruleId: string): boolean;
  problems: Problem[];
}

/** Rule ids that exist but cannot be configured. */
const FIXED_RULES = new Set(['schema']);

function applySource(
  source: RuleSettingsSource,
  rules: readonly AnyRule[],
  base: Map<string, ResolvedSetting>,
  problems: Problem[],
): Map<string, ResolvedSetting> {
  const out = new Map<string, ResolvedSetting>();
  for (const rule of rules) {
    const inherited = base.get(rule.id)!;
    out.set(rule.id, { severity: inherited.severity, options: { ...inherited.options } });
  }
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  // limits first, so an explicit `rules:` entry in the same file wins.
  for (const rule of rules) {
    const mapping = rule.meta.limits ?? {};
    for (const [limitKey, optionKey] of Object.entries(mapping)) {
      const value = source.limits[limitKey as keyof typeof source.limits];
      if (value !== undefined) out.get(rule.id)!.options[optionKey as string] = value;
    }
  }
  for (const [ruleId, setting] of Object.entries(source.rules)) {
    const rule = byId.get(ruleId);
    const position = source.locate(['rules', ruleId], { key: true });
    if (!rule) {
      problems.push({
        ruleId: 'schema',
        severity: 'error',
        file: source.file,
        ...position,
        message: FIXED_RULES.has(ruleId)
          ? `The \`${ruleId}\` rule cannot be configured: a file that does not match the schema cannot be used.`
          : `\`${ruleId}\` is not a rule${didYouMean(ruleId, byId.keys())}`,
        hint: 'Run `chorus rules` to list the rules.',
      });
      continue;
    }
    const target = out.get(ruleId)!;
    if (typeof setting === 'string') {
      target.severity = setting as Severity;
      continue;
    }
    const { severity, ...options } = setting as { severity?: Severity } & Record<string, unknown>;
    if (severity) target.severity = severity;
    const schema = rule.meta.optionsSchema;
    const parsed = schema.safeParse(options, { reportInput: true });
    if (!parsed.success) {
      const locateInRule = {
        file: source.file,
        value: undefined,
        problems: [],
        locate: (path: readonly (string | number)[], o?: { key?: boolean }) =>
          source.locate(['rules', ruleId, ...path], o),
        itemPositions: () => [],
        keyPositions: () => ({}),
        hashtagComment: () => undefined,
      };
      for (const f of findingsFromIssues(
        parsed.error.issues,
        locateInRule,
        schema as z.core.$ZodType,
        () => `a \`${ruleId}\` option`,
      )) {
        problems.push({
          ruleId: 'schema',
          severity: 'error',
          file: source.file,
          line: f.line,
          column: f.column,
          message: f.message,
          ...(f.hint ? { hint: f.hint } : {}),
        });
      }
      continue;
    }
    Object.assign(target.options, parsed.data);
  }
  return out;
}

/** Resolve every rule's settings for the workspace and each account, reporting bad settings as schema problems. */
export function resolveRuleSettings(workspace: Workspace, rules: readonly AnyRule[]): RuleSettings {
  const problems: Problem[] = [];
  const defaults = new Map<string, ResolvedSetting>(
    rules.map((rule) => [
      rule.id,
      { severity: rule.meta.defaultSeverity, options: { ...(rule.meta.defaultOptions as object) } },
    ]),
  );
  const workspaceSource = workspace.ruleSettings.find((s) => s.scope === 'workspace');
  const workspaceLevel = workspaceSource ? applySource(workspaceSource, rules, defaults, problems) : defaults;
  const perAccount = new Map<string, Map<string, ResolvedSetting>>();
  // Accounts first, then their channels (a channel's settings apply over its account's).
  for (const source of workspace.ruleSettings) {
    if (source.scope === 'workspace' || source.parent !== undefined) continue;
    perAccount.set(source.scope, applySource(source, rules, workspaceLevel, problems));
  }
  for (const source of workspace.ruleSettings) {
    if (source.parent === undefined) continue;
    const base = perAccount.get(source.parent) ?? workspaceLevel;
    perAccount.set(source.scope, applySource(source, rules, base, problems));
  }
  return {
    has(ruleId) {
      return workspaceLevel.has(ruleId);
    },
    get(ruleId, account) {
      const table = (account !== undefined ? perAccount.get(account) : undefined) ?? workspaceLevel;
      const setting = table.get(ruleId);
      if (!setting) throw new Error(`Unknown rule ${ruleId}`);
      return setting;
    },
    problems,
  };
}

/** Options schemas are strict objects; this builds one from a shape with every key optional. */
export function optionsSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape).partial();
}
