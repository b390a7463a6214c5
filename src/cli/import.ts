// `chorus import`: turn a discount feed (CSV or JSON) into deal posts in the account's calendar, linted first.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, InternalError, UsageError, WorkspaceError } from '../errors.js';
import { BUILT_IN_DEAL_TEMPLATE, DEFAULT_TEMPLATE_NAME } from '../import/deal-post.js';
import { type FeedFormat, parseFeed } from '../import/feed.js';
import { DEFAULT_EXPIRY_DAYS, feedCalendarFile, type ImportPlan, planImport } from '../import/plan.js';
import { importSettingsSchema } from '../model/schema.js';
import { didYouMean } from '../model/suggest.js';
import { validateWorkspace } from '../model/validate.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { readStateLedgers } from './state-store.js';
import { type RawWorkspace, readCalendarText, readWorkspace } from '../workspace/read.js';
import { writeWorkspaceFile } from '../workspace/write.js';
import { type CliIO, platformsOf } from './io.js';
import { checkAccountIds, refuseChannelKey } from './options.js';

export interface ImportOptions {
  root: string;
  /** The feed file, absolute or relative to the current directory. */
  feed: string;
  /** How to name the feed in messages (the path as typed). */
  feedName: string;
  account: string;
  template: string | undefined;
  dryRun: boolean;
  now: Date;
  approvedBy: string | undefined;
  author: string | undefined;
  /** `--default-expiry`: days an open-ended row runs (else chorus.yaml's import.default_expiry_days, else 7). */
  defaultExpiryDays: number | undefined;
}

/** Days an open-ended row runs: the option, else chorus.yaml's `import.default_expiry_days`, else the default. */
function defaultExpiryDays(options: ImportOptions, raw: RawWorkspace): number {
  if (options.defaultExpiryDays !== undefined) {
    if (options.defaultExpiryDays < 1 || options.defaultExpiryDays > 3660)
      throw new UsageError('--default-expiry must be a whole number of days from 1 to 3660.');
    return options.defaultExpiryDays;
  }
  const value = (raw.config?.value as { import?: unknown } | null | undefined)?.import;
  const parsed = importSettingsSchema.optional().safeParse(value);
  if (!parsed.success) {
    const where = raw.config!.locate(['import', ...(parsed.error.issues[0]?.path ?? [])] as string[]);
    throw new WorkspaceError(`import: ${parsed.error.issues[0]?.message ?? 'is not valid'}`, {
      file: raw.config!.file,
      line: where.line,
      column: where.column,
      hint: 'import.default_expiry_days is a whole number of days from 1 to 3660 (docs/reference.md).',
    });
  }
  return parsed.data?.default_expiry_days ?? DEFAULT_EXPIRY_DAYS;
}

function feedFormat(file: string): FeedFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new UsageError(
    `Cannot tell the format of ${file}: Chorus reads .csv and .json feeds.`,
    'Rename the file to end in .csv or .json.',
  );
}

/** The summary line, e.g. "added 2, updated 1, unchanged 0, skipped 2 (expired 1, invalid 1, rejected by lint 0)". */
export function importSummary(plan: ImportPlan): string {
  const c = plan.counts;
  const skipped = c.expired + c.invalid + c.rejected;
  return `added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${skipped} (expired ${c.expired}, invalid ${c.invalid}, rejected by lint ${c.rejected})`;
}

/**
 * Run an import; returns the exit code (0 every row handled, 1 some row invalid or rejected). Throws a
 * WorkspaceError with exit 1 when the import is refused as a whole (nothing written).
 */
export async function importCommand(options: ImportOptions, io: CliIO): Promise<number> {
  const format = feedFormat(options.feed);
  const raw = await readWorkspace(options.root);
  const expiryDays = defaultExpiryDays(options, raw);
  const { workspace, problems } = validateWorkspace(raw, platformsOf(io));
  refuseChannelKey(options.account);
  // An account with channels: its first channel stands for it (templates, zone and people are the account's).
  const account = workspace.channels.get(options.account)?.[0];
  if (!account) {
    const broken = problems.find(
      (p) => p.file === `accounts/${options.account}.yaml` || p.file === `accounts/${options.account}.yml`,
    );
    if (broken) {
      throw new WorkspaceError(`The account file has a problem: ${broken.message}`, {
        file: broken.file,
        line: broken.line,
        column: broken.column,
        hint: 'Fix the account file first (chorus lint shows every problem).',
      });
    }
    checkAccountIds([options.account], workspace.accounts.keys());
    throw new InternalError(`account ${options.account} passed the check but is missing`);
  }
  // An approver named by the command line is one person of the account, or a usage error (not a rule
  // problem on every row of the feed).
  if (options.approvedBy !== undefined) {
    const people = [account.owner, ...account.team];
    if (!people.includes(options.approvedBy)) {
      throw new UsageError(
        options.approvedBy.trim() === ''
          ? '--approved-by is empty.'
          : `--approved-by ${options.approvedBy} is not the owner or a team member of ${account.accountId}${didYouMean(options.approvedBy, people) || '.'}`,
        `Deals of ${account.accountId} are approved by one of: ${people.join(', ')} (${account.file}).`,
      );
    }
  }
  const accountNow = account;
  const templateName = options.template ?? DEFAULT_TEMPLATE_NAME;
  const template =
    accountNow.templates[templateName] ??
    (options.template === undefined ? BUILT_IN_DEAL_TEMPLATE : undefined);
  if (template === undefined) {
    const names = Object.keys(accountNow.templates);
    throw new UsageError(
      `The account ${accountNow.accountId} has no template "${templateName}".`,
      names.length > 0
        ? `Templates in ${accountNow.file}: ${names.join(', ')}.`
        : `Add one under templates: in ${accountNow.file}, e.g. ${templateName}: "{title}: {price} instead of {list_price}".`,
    );
  }

  let feedText: string;
  try {
    feedText = await readFile(options.feed, 'utf8');
  } catch {
    throw new UsageError(
      `Cannot read the feed ${options.feedName}.`,
      'Check the path (it is relative to the current folder).',
    );
  }
  const feed = parseFeed(feedText, format);

  const file = feedCalendarFile(accountNow.accountId);
  if (workspace.brokenFiles.has(file)) {
    const broken = problems.find((p) => p.file === file);
    throw new WorkspaceError(`Cannot add posts to this calendar: ${broken?.message ?? 'it does not parse'}`, {
      file,
      line: broken?.line,
      column: broken?.column,
      hint: 'Fix the file (chorus lint shows every problem) and import again.',
    });
  }
  const calendarText = (await readCalendarText(options.root, file)) ?? '';
  const { published } = await readStateLedgers(options.root, raw, io, workspace.accounts.values(), {
    warn: io.stderr,
  });
  let plan: ImportPlan;
  try {
    plan = planImport({
      raw,
      account: accountNow,
      file,
      calendarText,
      rows: feed.rows,
      problems: feed.problems,
      template,
      now: options.now,
      approvedBy: options.approvedBy,
      author: options.author,
      analyse: (candidate) =>
        analyseWorkspace(candidate, { now: options.now, published, platforms: platformsOf(io) }),
      defaultExpiryDays: expiryDays,
    });
  } catch (error) {
    throw new WorkspaceError(
      `Cannot add posts to this calendar: ${(error as Error).message.split('\n')[0]}`,
      {
        file,
        hint: 'Fix the file (chorus lint shows where) and import again.',
      },
    );
  }

  // Refused as a whole (the file would be too large or unreadable): nothing is written, no row is listed.
  if (plan.refused) {
    throw new WorkspaceError(plan.refused.message, {
      file,
      line: plan.refused.line,
      column: plan.refused.column,
      hint: plan.refused.hint,
      exitCode: ExitCode.problems,
    });
  }

  for (const row of plan.rows) {
    const where = `${options.feedName}:${row.line}`;
    if (row.action === 'invalid') io.stderr(`${where}: ${row.reason}\n`);
    else if (row.action === 'rejected')
      io.stderr(`${where}: not imported, ${row.postId} would break a rule: ${row.reason}\n`);
    else if (row.action === 'added' || row.action === 'updated')
      io.stdout(`${where}: ${row.action} ${row.postId}\n`);
  }
  if (
    options.approvedBy === undefined &&
    plan.rows.some((r) => r.action === 'rejected' && r.reason?.endsWith('(approval)'))
  ) {
    io.stderr(
      '  hint: deals need an approver; pass --approved-by <owner or team member> for the whole feed.\n',
    );
  }
  const changed = plan.text !== calendarText;
  if (changed && !options.dryRun) await writeWorkspaceFile(options.root, file, plan.text);
  const written = options.dryRun ? ' (dry run: nothing written)' : changed ? '' : ' (nothing to write)';
  io.stdout(`${file}: ${importSummary(plan)}${written}\n`);
  return plan.counts.invalid + plan.counts.rejected > 0 ? ExitCode.problems : ExitCode.ok;
}
