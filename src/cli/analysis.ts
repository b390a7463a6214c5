// The analysis that lint and plan run: the workspace as read, with what the ledgers say went out
// (a damaged ledger is a located warning on stderr, the account shown as if nothing was published).

import type { RunCache } from '../lint/run-cache.js';
import { type Analysis, analyseWorkspace } from '../pipeline/analyse.js';
import { readStateLedgers } from './state-store.js';
import { validateWorkspace } from '../model/validate.js';
import type { RawWorkspace } from '../workspace/read.js';
import { type CliIO, platformsOf } from './io.js';

/** Read every account's ledger and run the one pipeline at `now` (with `cache`, the run's memory, when the caller fills or saves it). */
export async function analyseWithLedgers(
  root: string,
  raw: RawWorkspace,
  now: Date,
  io: Pick<CliIO, 'stderr' | 'env' | 'secrets' | 'platforms'>,
  cache?: RunCache,
): Promise<Analysis> {
  const validated = validateWorkspace(raw, platformsOf(io));
  const { published } = await readStateLedgers(root, raw, io, validated.workspace.accounts.values(), {
    warn: io.stderr,
  });
  return analyseWorkspace(raw, {
    now,
    published,
    validated,
    platforms: platformsOf(io),
    ...(cache ? { cache } : {}),
  });
}
