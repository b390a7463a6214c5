// `chorus lint`: validate calendars against the schema and the anti-spam rules.
import path from 'node:path';
import chalk from 'chalk';
import { ExitCode } from '../errors.js';
import { formatGithub } from '../format/github.js';
import { formatJson } from '../format/json.js';
import { toLintResults } from '../format/lint-results.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { formatStylish } from '../format/stylish.js';
import { lintWorkspace } from '../lint/lint-workspace.js';
import { readPublishedPosts } from '../publish/ledger-file.js';
import { DEFAULT_CACHE_LOCATION } from '../workspace/lint-cache.js';
import { cacheSecret } from '../workspace/cache-secret.js';
import { readWorkspace } from '../workspace/read.js';
import { resolveInWorkspace, UnsafeFileError } from '../workspace/safe-file.js';
import { loadTextCache, saveTextCache } from '../workspace/text-cache.js';
import type { CliIO } from './io.js';
import { checkAccountIds, fileBelongsTo } from './options.js';

export const LINT_FORMATS = ['stylish', 'json', 'github'] as const;

export interface LintOptions {
  root: string;
  accounts: string[];
  format: (typeof LINT_FORMATS)[number];
  /** Exit 1 when there are more warnings than this. */
  maxWarnings: number | undefined;
  now: Date;
  /** Reuse results of unchanged calendar files (see src/workspace/lint-cache.ts). */
  cache: boolean;
  /** The cache folder (absolute); default `.chorus-cache` in the workspace. */
  cacheLocation: string | undefined;
  /** The Chorus version and build (see lintCacheKey): a cache made by another one is not used. */
  cacheKey: string;
}

/** Run lint and print the results; returns the exit code. */
export async function lintCommand(options: LintOptions, io: CliIO): Promise<number> {
  // The cache is sealed with a key from outside the workspace; without one (or when the default cache
  // folder is a link out of the workspace) lint runs without a cache.
  const secret = options.cache ? await cacheSecret(io.env) : undefined;
  const cacheLocation =
    secret === undefined ? undefined : (options.cacheLocation ?? (await defaultCacheLocation(options.root)));
  const [raw] = await Promise.all([
    readWorkspace(options.root, {
      ...(cacheLocation !== undefined
        ? { cacheLocation, cacheKey: options.cacheKey, cacheSecret: secret }
        : {}),
      workers: parseWorkers(io.env.CHORUS_PARSE_WORKERS),
    }),
    cacheLocation !== undefined && secret
      ? loadTextCache(cacheLocation, options.cacheKey, secret)
      : undefined,
  ]);
  const published = await readPublishedPosts(
    options.root,
    raw.accounts.map((a) => a.id),
  );
  const outcome = lintWorkspace(raw, { now: options.now, published });
  checkAccountIds(options.accounts, outcome.workspace.accounts.keys());
  const selected = options.accounts.length > 0 ? new Set(options.accounts) : undefined;
  const problems = selected
    ? outcome.problems.filter((p) => (p.account ? selected.has(p.account) : fileBelongsTo(p.file, selected)))
    : outcome.problems;
  const files = selected
    ? outcome.workspace.files.filter((f) => fileBelongsTo(f, selected))
    : outcome.workspace.files;
  const results = toLintResults(problems, files);
  if (options.format === 'json') io.stdout(formatJson(results));
  else if (options.format === 'github') io.stdout(formatGithub(results));
  else io.stdout(formatStylish(results, { style: io.color ? chalkStyle(chalk) : plainStyle }));

  if (cacheLocation !== undefined && secret) {
    const texts = outcome.timeline.entries.flatMap((entry) => [
      entry.post.text,
      ...entry.rendered.parts.map((part) => part.text),
    ]);
    await saveTextCache(cacheLocation, options.cacheKey, texts, secret);
  }

  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (errors > 0) return ExitCode.problems;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`chorus: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return ExitCode.problems;
  }
  return ExitCode.ok;
}

/** CHORUS_PARSE_WORKERS: how many worker threads parse calendars (0 = none); unset or invalid = automatic. */
function parseWorkers(value: string | undefined): number | 'auto' {
  if (value === undefined || !/^\d+$/.test(value.trim())) return 'auto';
  return Number(value.trim());
}

/** `.chorus-cache` in the workspace, unless it is a link out of the workspace (then: no cache). */
async function defaultCacheLocation(root: string): Promise<string | undefined> {
  try {
    await resolveInWorkspace(root, DEFAULT_CACHE_LOCATION);
  } catch (error) {
    if (!(error instanceof UnsafeFileError && error.reason === 'missing')) return undefined;
  }
  return path.join(root, DEFAULT_CACHE_LOCATION);
}
