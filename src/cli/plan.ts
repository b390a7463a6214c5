// `chorus plan`: the schedule at a glance (queued posts placed into slots) as a table, JSON or an iCalendar feed.
import { selectsFinding } from '../model/channels.js';
import { accountIdOf } from '../model/types.js';
import chalk from 'chalk';
import { ExitCode, UsageError } from '../errors.js';
import type { PlanFormat } from '../format/formats.js';
import { formatPlanIcs } from '../format/plan-ics.js';
import { planCost } from '../format/plan-cost.js';
import { formatPlanJson } from '../format/plan-json.js';
import { selectPlan } from '../format/plan-posts.js';
import { formatPlanTable } from '../format/plan-table.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { priceTable } from '../report/cost.js';
import { readWorkspace } from '../workspace/read.js';
import { analyseWithLedgers } from './analysis.js';
import type { CliIO } from './io.js';
import { checkAccountIds, fileBelongsTo } from './options.js';

export interface PlanOptions {
  root: string;
  accounts: string[];
  /** Local dates "YYYY-MM-DD", inclusive, per account. */
  from: string | undefined;
  to: string | undefined;
  format: PlanFormat;
  now: Date;
}

/** Plan and print; returns the exit code (0 even with lint problems, which are counted on stderr). */
export async function planCommand(options: PlanOptions, io: CliIO): Promise<number> {
  if (options.from && options.to && options.from > options.to) {
    throw new UsageError(
      `--from ${options.from} is after --to ${options.to}`,
      'Give --from on or before --to.',
    );
  }
  const raw = await readWorkspace(options.root);
  const outcome = await analyseWithLedgers(options.root, raw, options.now, io);
  checkAccountIds(options.accounts, outcome.workspace.accounts.keys(), outcome.workspace.brokenAccounts);
  const plan = selectPlan(outcome.timeline, outcome.workspace.accounts, {
    accounts: options.accounts,
    from: options.from,
    to: options.to,
    now: options.now,
    horizonDays: outcome.workspace.settings.horizonDays,
  });
  // What the posts still to be sent in the shown range will cost (chorus.yaml `prices:`, X's by default).
  const cost = planCost(plan, outcome.timeline, outcome.workspace.accounts, priceTable(raw.config?.value));
  if (options.format === 'json') io.stdout(formatPlanJson(plan, cost));
  else if (options.format === 'ics') io.stdout(formatPlanIcs(plan, { now: options.now }));
  else io.stdout(formatPlanTable(plan, { style: io.color ? chalkStyle(chalk) : plainStyle, cost }));

  const selected = options.accounts.length > 0 ? new Set(options.accounts.map(accountIdOf)) : undefined;
  const problems = selected
    ? outcome.problems.filter((p) =>
        p.account ? selectsFinding(options.accounts, p.account, p.channel) : fileBelongsTo(p.file, selected),
      )
    : outcome.problems;
  if (problems.length > 0) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    io.stderr(
      `chorus: the calendars have ${problems.length} lint problem${problems.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}); run \`chorus lint\` to see them.\n`,
    );
  }
  return ExitCode.ok;
}
