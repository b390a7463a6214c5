// `chorus publish`: send what is due, exactly once, to X; report one line per post and an exit code.

import { randomBytes } from 'node:crypto';
import chalk from 'chalk';
import { ExitCode, WorkspaceError } from '../errors.js';
import { formatPublishJson, formatPublishText } from '../format/publish.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { publishSettingsSchema } from '../model/schema.js';
import { DEFAULT_LATE_WINDOW_MINUTES, validateWorkspace } from '../model/validate.js';
import { channelKey, type Problem } from '../model/types.js';
import { selectsChannel } from '../model/channels.js';
import { accountOfFile, skippedOffTimeline } from '../publish/due.js';
import { type AccountJob, publish } from '../publish/publisher.js';
import { readWorkspace } from '../workspace/read.js';
import { checkEndpoints, lookupCredentials, workspaceEnv } from './env.js';
import { type CliIO, platformsOf, rememberCredentials } from './io.js';
import type { OpenFile } from '../state/ledger-file.js';
import type { LockTiming } from '../state/lock.js';
import { checkAccountIds, type Shard, shardOf } from './options.js';
import { openStateStore, readChannelLedgers } from './state-store.js';
import type { StateStore } from '../state/store.js';
import type { RawWorkspace } from '../workspace/read.js';

/** Defaults of the `publish:` section of chorus.yaml (documented in docs/publishing.md). */
export const PUBLISH_DEFAULTS = {
  late_window_minutes: DEFAULT_LATE_WINDOW_MINUTES,
  concurrency: 64,
  max_rate_limit_wait_seconds: 60,
  lock_wait_seconds: 5,
} as const;

export interface PublishCommandOptions {
  root: string;
  accounts: string[];
  dryRun: boolean;
  /** --now, or undefined for the clock. */
  now: Date | undefined;
  shard: Shard | undefined;
  format: 'text' | 'json';
}

/** What tests replace in an in-process run: waits, the ledger's file layer, lock ageing. */
export interface PublishTestHooks {
  sleep?: (ms: number) => Promise<void>;
  openLedgerFile?: OpenFile;
  lockTiming?: LockTiming;
}

/** Run `chorus publish`; returns the exit code. */
export async function publishCommand(
  options: PublishCommandOptions,
  io: CliIO,
  hooks: PublishTestHooks = {},
): Promise<number> {
  checkEndpoints(io.env);
  const raw = await readWorkspace(options.root);
  const env = await workspaceEnv(options.root, io.env, io.stderr);
  // The ledger and the locks: files under state/, or PostgreSQL (its connections closed at the end).
  const state = await openStateStore(options.root, raw, io, hooks);
  try {
    return await publishWith(options, io, hooks, { raw, env, state });
  } finally {
    await state.close();
  }
}

async function publishWith(
  options: PublishCommandOptions,
  io: CliIO,
  hooks: PublishTestHooks,
  context: {
    raw: RawWorkspace;
    env: Record<string, string | undefined>;
    state: StateStore;
  },
): Promise<number> {
  const { raw, env, state } = context;

  const rawPublish = (raw.config?.value as { publish?: unknown } | null | undefined)?.publish;
  const parsedSettings = publishSettingsSchema.optional().safeParse(rawPublish);
  const settings = { ...PUBLISH_DEFAULTS, ...(parsedSettings.success ? parsedSettings.data : {}) };

  // Ledgers first (all at once), so published posts keep their real time on the timeline that lint checks.
  // A damaged ledger stops only its own account (the publisher reads it again and reports it, located);
  // lint sees it empty.
  const validated = validateWorkspace(raw, platformsOf(io));
  const { accounts: ledgers, published } = await readChannelLedgers(
    state,
    validated.workspace.accounts.values(),
  );
  const start = options.now ?? io.now();
  const outcome = analyseWorkspace(raw, { now: start, published, validated, platforms: platformsOf(io) });
  const { workspace, timeline } = outcome;

  const configError = outcome.problems.find((p) => p.file === 'chorus.yaml' && p.severity === 'error');
  if (configError) {
    throw new WorkspaceError(`chorus.yaml has errors, so nothing is published: ${configError.message}`, {
      file: configError.file,
      line: configError.line,
      column: configError.column,
      hint: 'Run `chorus lint` to see every problem.',
    });
  }
  checkAccountIds(options.accounts, workspace.accounts.keys(), workspace.brokenAccounts);

  const selected = (id: string) =>
    selectsChannel(options.accounts, id) &&
    (!options.shard || shardOf(id, options.shard.count) === options.shard.index);

  // Errors by channel and post: one found on a channel's version holds that channel back; one without a
  // channel (the same on every channel, or about the post as written) holds back every channel of the account.
  const errorsByAccount = new Map<string, Map<string, Problem[]>>();
  for (const problem of outcome.problems) {
    if (problem.severity !== 'error' || !problem.account || !problem.postId) continue;
    const keys = problem.channel
      ? [channelKey(problem.account, problem.channel)]
      : (workspace.channels.get(problem.account)?.map((channel) => channel.id) ?? [problem.account]);
    for (const key of keys) {
      let byPost = errorsByAccount.get(key);
      if (!byPost) errorsByAccount.set(key, (byPost = new Map()));
      const list = byPost.get(problem.postId);
      if (list) list.push(problem);
      else byPost.set(problem.postId, [problem]);
    }
  }

  // An account file with an error (a duplicate handle, a secret in it, …) publishes nothing for that
  // account; skippedOffTimeline reports it once, located.
  const accountFileErrors = new Set(
    outcome.problems
      .filter((p) => p.severity === 'error' && p.file.startsWith('accounts/'))
      .map((p) => p.file),
  );
  const jobs: AccountJob[] = [...workspace.accounts.values()]
    .filter((account) => selected(account.id) && !accountFileErrors.has(account.file))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((account) => {
      const minGap = outcome.settings.get('min-gap', account.id);
      return {
        account,
        entries: timeline.byAccount.get(account.id) ?? [],
        errorsByPost: errorsByAccount.get(account.id) ?? new Map(),
        minGapMinutes: minGap.severity === 'off' ? 0 : Number(minGap.options.minutes ?? 0),
        // A damaged ledger is read again (and reported, located) by the publisher.
        ledgerRecords:
          ledgers.get(account.id)?.problem === undefined ? ledgers.get(account.id)?.records : undefined,
      };
    });

  const onTimeline = new Set(
    timeline.entries.map((entry) => `${entry.account.accountId}\u0000${entry.post.id}`),
  );
  const offTimeline = skippedOffTimeline(
    outcome.problems.filter((p) => {
      const account = p.account ?? accountOfFile(p.file);
      return account !== undefined && selected(account);
    }),
    (account, postId) => onTimeline.has(`${account}\u0000${postId}`),
  );

  const t0 = Date.now();
  const result = await publish({
    root: options.root,
    jobs,
    clock: () => new Date(start.getTime() + (Date.now() - t0)),
    lateWindowMinutes: workspace.settings.lateWindowMinutes,
    concurrency: settings.concurrency,
    maxRateLimitWaitSeconds: settings.max_rate_limit_wait_seconds,
    lockWaitSeconds: settings.lock_wait_seconds,
    dryRun: options.dryRun,
    runId: `${start.toISOString().slice(0, 19).replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`,
    credentials: (account) =>
      rememberCredentials(
        io,
        lookupCredentials(account, workspace.platforms.get(account.platform)!.account.credentials, env),
        workspace.platforms.get(account.platform)!.account.credentials,
      ),
    platforms: workspace.platforms,
    env,
    redact: (text) => io.secrets?.redact(text) ?? text,
    ...hooks,
    state,
  });
  result.skipped.unshift(...offTimeline);

  if (options.format === 'json') io.stdout(formatPublishJson(result, { dryRun: options.dryRun }));
  else {
    io.stdout(
      formatPublishText(result, { dryRun: options.dryRun, style: io.color ? chalkStyle(chalk) : plainStyle }),
    );
  }
  return result.failed.length > 0 || result.skipped.length > 0 ? ExitCode.problems : ExitCode.ok;
}
