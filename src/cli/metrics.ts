// `chorus metrics`: take a dated snapshot of each account's followers and its published posts' public
// metrics from X, appended to state/<account>.metrics.jsonl (see docs/scorecards.md).

import { accountIdOf, withChannel } from '../model/types.js';
import { selectsChannel } from '../model/channels.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ExitCode } from '../errors.js';
import { type AccountMetricsOutcome, fetchAccountMetrics } from '../metrics/fetch.js';
import { appendMetrics, metricsPath } from '../state/metrics-file.js';
import { validateWorkspace } from '../model/validate.js';
import { publishSettingsSchema } from '../model/schema.js';
import { readStateLedgers } from './state-store.js';
import { readWorkspace } from '../workspace/read.js';
import { checkEndpoints, lookupCredentials, workspaceEnv } from './env.js';
import { WorkspaceError } from '../errors.js';
import { type CliIO, platformsOf, rememberCredentials } from './io.js';
import { checkAccountIds } from './options.js';
import { PUBLISH_DEFAULTS } from './publish.js';

export interface MetricsCommandOptions {
  root: string;
  accounts: string[];
  /** --now, or undefined for the clock: the `at` of every record of this run. */
  now: Date | undefined;
  format: 'text' | 'json';
}

/** Run `chorus metrics`; returns the exit code (0 all accounts complete, 1 an account failed or stopped early). */
export async function metricsCommand(options: MetricsCommandOptions, io: CliIO): Promise<number> {
  checkEndpoints(io.env);
  const raw = await readWorkspace(options.root);
  const { workspace } = validateWorkspace(raw, platformsOf(io));
  checkAccountIds(options.accounts, workspace.accounts.keys(), workspace.brokenAccounts);
  const env = await workspaceEnv(options.root, io.env, io.stderr);
  const rawPublish = (raw.config?.value as { publish?: unknown } | null | undefined)?.publish;
  const parsedSettings = publishSettingsSchema.optional().safeParse(rawPublish);
  const maxWait =
    (parsedSettings.success ? parsedSettings.data?.max_rate_limit_wait_seconds : undefined) ??
    PUBLISH_DEFAULTS.max_rate_limit_wait_seconds;
  const at = options.now ?? io.now();
  const run = `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`;

  const accounts = [...workspace.accounts.values()]
    .filter((a) => selectsChannel(options.accounts, a.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const ledgers = (await readStateLedgers(options.root, raw, io, accounts)).accounts;
  const outcomes: AccountMetricsOutcome[] = [];
  for (const account of accounts) {
    // A damaged ledger stops only its own account, located.
    const ledger = ledgers.get(account.id)!;
    const damage = ledger.problem;
    if (damage !== undefined) {
      if (!(damage instanceof WorkspaceError)) throw damage;
      const where = `${damage.file}${damage.line === undefined ? '' : `:${damage.line}`}`;
      outcomes.push({
        account: account.id,
        status: 'failed',
        records: [],
        parts: 0,
        fetched: 0,
        missing: [],
        followers: undefined,
        reason: `${where}: ${damage.message} ${damage.hint ?? ''}`.trim(),
      });
      continue;
    }
    const platform = workspace.platforms.get(account.platform)!;
    const sleep = (ms: number): Promise<void> => delay(Math.min(2 ** 31 - 1, Math.max(0, ms)));
    const outcome = await fetchAccountMetrics({
      account,
      platform,
      ledger: ledger.state,
      credentials: rememberCredentials(
        io,
        lookupCredentials(account, platform.account.credentials, env),
        platform.account.credentials,
      ),
      createClient: (credentials) =>
        platform.client({ account, credentials, env, redact: io.secrets?.redact, sleep }),
      at,
      run,
      clock: io.now,
      sleep,
      maxRateLimitWaitSeconds: maxWait,
    });
    try {
      await appendMetrics(options.root, account.id, outcome.records);
    } catch (error) {
      // A full disk, an unwritable file or a link out of the workspace fails this account only; the file is
      // as it was before (and nothing is written where a link points).
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const reason =
        error instanceof WorkspaceError
          ? `${error.file ?? metricsPath(account.id)}: ${error.message}${error.hint ? ` ${error.hint}` : ''}; nothing of this run is kept for the account`
          : `cannot write ${metricsPath(account.id)} (${code}); nothing of this run is kept for the account`;
      outcomes.push({ ...outcome, status: 'failed', records: [], reason });
      continue;
    }
    outcomes.push(outcome);
  }

  if (options.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          at: at.toISOString(),
          accounts: outcomes.map((o) => ({
            account: accountIdOf(o.account),
            ...withChannel(o.account),
            status: o.status,
            file: o.status === 'failed' ? null : metricsPath(o.account),
            followers: o.followers ?? null,
            parts: o.parts,
            fetched: o.fetched,
            missing: o.missing,
            reason: o.reason ?? null,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const width = Math.max(0, ...outcomes.map((o) => o.account.length));
    for (const o of outcomes) {
      const name = o.account.padEnd(width);
      if (o.status === 'failed') {
        io.stdout(`failed   ${name}  ${o.reason}\n`);
        continue;
      }
      const missing = o.missing.length > 0 ? `, ${o.missing.length} not found on X (deleted?)` : '';
      io.stdout(
        `${o.status === 'ok' ? 'ok      ' : 'partial '} ${name}  ${o.followers} followers, metrics of ${o.fetched}/${o.parts} post parts${missing} → ${metricsPath(o.account)}\n`,
      );
      if (o.reason) io.stdout(`         ${' '.repeat(width)}  ${o.reason}\n`);
    }
    if (outcomes.length === 0) io.stdout('No accounts.\n');
  }
  return outcomes.some((o) => o.status !== 'ok') ? ExitCode.problems : ExitCode.ok;
}
