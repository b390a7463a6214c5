// `chorus codes`: every post's tracking code with account, category, planned time and final URL.
import { selectsChannel } from '../model/channels.js';
import { ExitCode } from '../errors.js';
import { type CodeFormat, codeRows, formatCodes } from '../format/codes.js';
import { validateWorkspace } from '../model/validate.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { readStateLedgers } from './state-store.js';
import { readWorkspace } from '../workspace/read.js';
import { type CliIO, platformsOf } from './io.js';
import { checkAccountIds } from './options.js';

export interface CodesOptions {
  root: string;
  accounts: string[];
  format: CodeFormat;
  now: Date;
}

/** List tracking codes; returns the exit code (0; schema problems are reported on stderr, their posts left out). */
export async function codesCommand(options: CodesOptions, io: CliIO): Promise<number> {
  const raw = await readWorkspace(options.root);
  // Validated first, so a wrong --account is refused before any ledger is read; the pipeline goes on from there.
  const validated = validateWorkspace(raw, platformsOf(io));
  const { workspace, problems } = validated;
  checkAccountIds(options.accounts, workspace.accounts.keys(), workspace.brokenAccounts);
  const published = (
    await readStateLedgers(options.root, raw, io, workspace.accounts.values(), { warn: io.stderr })
  ).published;
  const { timeline } = analyseWorkspace(raw, {
    now: options.now,
    published,
    validated,
    platforms: platformsOf(io),
  });
  const entries = timeline.entries.filter((e) => selectsChannel(options.accounts, e.account.id));
  io.stdout(formatCodes(codeRows(entries), options.format));
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    io.stderr(
      `chorus: ${errors} schema problem${errors > 1 ? 's' : ''} in the workspace; posts that fail the schema are not listed (run chorus lint).\n`,
    );
  }
  return ExitCode.ok;
}
