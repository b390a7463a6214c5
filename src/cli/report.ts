// `chorus report`: scorecards per account from the workspace, the ledgers, metrics snapshots and the shop's
// conversions CSV, as a table, JSON, CSV or a self-contained HTML page (see docs/scorecards.md).

import { mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ExitCode, UsageError, WorkspaceError } from '../errors.js';
import { formatReport, type ReportFormat } from '../format/report.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { readMetricsLenient } from '../state/metrics-file.js';
import type { MetricsRecord } from '../state/metrics.js';
import { fileStateStore } from '../state/file-store.js';
import { readChannelLedgers, withStateStore } from './state-store.js';
import { validateWorkspace } from '../model/validate.js';
import type { LedgerState } from '../report/scorecard.js';
import { type ConversionRow, parseConversions } from '../report/conversions.js';
import { priceTable } from '../report/cost.js';
import { buildReport } from '../report/scorecard.js';
import type { PublishedPost } from '../schedule/timeline.js';
import { readWorkspace } from '../workspace/read.js';
import { type CliIO, platformsOf } from './io.js';
import { checkAccountIds } from './options.js';

export interface ReportCommandOptions {
  root: string;
  accounts: string[];
  from: string | undefined;
  to: string | undefined;
  /** Path of the conversions CSV as given (relative to the current folder). */
  conversions: string | undefined;
  /** Folder of ledgers and metrics, relative to the workspace root. */
  state: string;
  /** Whether --state was given: then the folder must exist (the default `state` may not, before any publish). */
  stateGiven?: boolean;
  format: ReportFormat;
  out: string | undefined;
  now: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string | undefined): void {
  if (value === undefined) return;
  if (
    !DATE.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new UsageError(
      `--${name} "${value}" is not a date`,
      'Write dates as YYYY-MM-DD, e.g. --from 2026-12-01.',
    );
  }
}

/** Run `chorus report`; returns the exit code (1 when conversions had codes matching no published post). */
export async function reportCommand(options: ReportCommandOptions, io: CliIO): Promise<number> {
  checkDate('from', options.from);
  checkDate('to', options.to);
  if (options.from && options.to && options.from > options.to) {
    throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  }
  const raw = await readWorkspace(options.root);
  // Relative to the workspace root, like every other workspace path; messages name it as given.
  const stateDir = options.state.replace(/\/+$/, '') || '.';
  if (options.stateGiven) {
    const info = await stat(path.resolve(options.root, stateDir)).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new UsageError(
        `--state ${options.state}: ${info ? 'is not a folder' : 'there is no such folder'} in the workspace`,
        'Give the folder that holds the ledgers (state/<account>.jsonl), relative to --root; leave --state out for state/.',
      );
    }
  }

  const ledgers = new Map<string, LedgerState>();
  const metrics = new Map<string, MetricsRecord[]>();
  const published = new Map<string, Map<string, PublishedPost>>();
  // Damaged state stops only its own part of the report: a bad ledger leaves its account without published
  // posts, a bad metrics line is left out; each is named on stderr and the exit code is 1.
  let damaged = false;
  // --state names a folder of ledgers (a copy, say); without it, the configured state (files or PostgreSQL).
  // By channel: an account with `channels:` is one ledger (and one scorecard) per network.
  const validated = validateWorkspace(raw, platformsOf(io));
  const channels = [...validated.workspace.accounts.values()];
  const allLedgers = options.stateGiven
    ? await readChannelLedgers(fileStateStore(options.root, { stateDir }), channels)
    : await withStateStore(options.root, raw, io, (store) => readChannelLedgers(store, channels), {
        stateDir,
      });
  for (const { id, accountId, inheritsLedger } of channels) {
    const ledger = allLedgers.accounts.get(id)!;
    const error = ledger.problem;
    if (error === undefined) {
      if (ledger.records.length > 0) {
        // The last failure of each post, so the scorecard can count posts that failed and never went out.
        const failed = new Map<string, Date>();
        for (const record of ledger.records)
          if (record.type === 'failed' && record.part === 0) failed.set(record.post, new Date(record.at));
        ledgers.set(id, { posts: ledger.state.posts, failed });
        published.set(id, ledger.published);
      }
    } else {
      if (!(error instanceof WorkspaceError)) throw error;
      damaged = true;
      io.stderr(
        `chorus: ${error.file}${error.line === undefined ? '' : `:${error.line}`}: ${error.message} The account ${id} is reported without its ledger.\n`,
      );
    }
    // A metrics file that cannot be read at all (a FIFO, a link) leaves its account without metrics only.
    // The first channel of an account that gained channels also has the account's older snapshots.
    const read = await (
      inheritsLedger
        ? Promise.all([
            readMetricsLenient(options.root, accountId, stateDir),
            readMetricsLenient(options.root, id, stateDir),
          ]).then(([before, own]) => ({
            records: [...before.records, ...own.records],
            skipped: [...before.skipped, ...own.skipped],
          }))
        : readMetricsLenient(options.root, id, stateDir)
    ).catch((error: unknown) => {
      if (!(error instanceof WorkspaceError)) throw error;
      return error;
    });
    if (read instanceof WorkspaceError) {
      damaged = true;
      io.stderr(
        `chorus: ${read.file}${read.line === undefined ? '' : `:${read.line}`}: ${read.message} The account ${id} is reported without its metrics.\n`,
      );
      metrics.set(id, []);
      continue;
    }
    const { records, skipped } = read;
    for (const line of skipped) {
      damaged = true;
      io.stderr(`chorus: ${line.file}:${line.line}: ${line.message}; left out of the report.\n`);
    }
    metrics.set(id, records);
  }
  const outcome = analyseWorkspace(raw, {
    now: options.now,
    published,
    validated,
    platforms: platformsOf(io),
  });
  checkAccountIds(options.accounts, outcome.workspace.accounts.keys(), outcome.workspace.brokenAccounts);

  let conversions: ConversionRow[] | undefined;
  if (options.conversions !== undefined) {
    const file = path.resolve(io.cwd, options.conversions);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `Cannot read the conversions file ${options.conversions}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        'Pass the CSV exported by the shop, e.g. --conversions exports/conversions.csv.',
      );
    }
    const parsed = parseConversions(text);
    const first = parsed.problems[0];
    if (first) {
      for (const problem of parsed.problems.slice(1)) {
        io.stderr(`chorus: ${options.conversions}:${problem.line}: ${problem.message}\n`);
      }
      throw new WorkspaceError(first.message, {
        file: options.conversions,
        line: first.line,
        hint: 'The conversions CSV has a header code,orders,revenue,currency (date optional); see docs/scorecards.md#conversions.',
      });
    }
    conversions = parsed.rows;
  }

  const report = buildReport({
    outcome,
    ledgers,
    metrics,
    conversions,
    accounts: options.accounts,
    from: options.from,
    to: options.to,
    now: options.now,
    prices: priceTable(raw.config?.value),
  });

  let chartScript = '';
  if (options.format === 'html') {
    // Chart.js's UMD build is inlined so the page opens without any network.
    const require = createRequire(import.meta.url);
    // The UMD build is not in chart.js's "exports", so it is found next to the CommonJS entry point.
    const main = require.resolve('chart.js');
    chartScript = await readFile(path.join(path.dirname(main), 'chart.umd.min.js'), 'utf8');
  }
  const text = formatReport(report, options.format, { chartScript });
  if (options.out) {
    const target = path.resolve(io.cwd, options.out);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, text, { encoding: 'utf8' });
    io.stderr(`chorus: report written to ${options.out}\n`);
  } else io.stdout(text);

  for (const row of report.business.unmatched) {
    const what =
      row.reason === 'unknown'
        ? 'matches no post of any account'
        : `belongs to ${row.account}/${row.post}, which the ledger does not show as published`;
    io.stderr(
      `chorus: ${options.conversions}:${row.line}: tracking code "${row.code}" ${what} (${row.orders} orders, ${row.revenue} ${row.currency})\n`,
    );
  }
  return report.business.unmatched.length > 0 || damaged ? ExitCode.problems : ExitCode.ok;
}
