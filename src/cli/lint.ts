// `chorus lint`: validate calendars against the schema and the anti-spam rules.
import { selectsFinding } from '../model/channels.js';
import { accountIdOf } from '../model/types.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import chalk from 'chalk';
import { ExitCode, UsageError, WorkspaceError } from '../errors.js';
import type { LintFormat } from '../format/formats.js';
import { formatGithub } from '../format/github.js';
import { formatJson } from '../format/json.js';
import { toLintResults } from '../format/lint-results.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { formatStylish } from '../format/stylish.js';
import type { Analysis } from '../pipeline/analyse.js';
import { createRunCache } from '../lint/run-cache.js';
import { rules } from '../rules/index.js';
import { DEFAULT_CACHE_LOCATION } from '../workspace/lint-cache.js';
import { cacheSecret } from '../workspace/cache-secret.js';
import { readWorkspace } from '../workspace/read.js';
import { resolveInWorkspace, UnsafeFileError } from '../workspace/safe-file.js';
import { loadTextCache, saveTextCache } from '../workspace/text-cache.js';
import { analyseWithLedgers } from './analysis.js';
import type { CliIO } from './io.js';
import { checkAccountIds, fileBelongsTo } from './options.js';

export interface LintOptions {
  root: string;
  accounts: string[];
  format: LintFormat;
  /** Exit 1 when there are more warnings than this (undefined: no limit). */
  maxWarnings: number | undefined;
  /** Files or folders (absolute) whose problems are reported; empty = the whole workspace. */
  paths: string[];
  /** Report errors only (warnings are neither printed nor counted). */
  quiet: boolean;
  /** Print the rule settings that apply to this account instead of linting. */
  printConfig: string | undefined;
  now: Date;
  /** Reuse results of unchanged calendar files (see src/workspace/lint-cache.ts). */
  cache: boolean;
  /** The cache folder (absolute); default `.chorus-cache` in the workspace. */
  cacheLocation: string | undefined;
  /** The Chorus version and build (see lintCacheKey in ./version.ts): a cache made by another one is not used. */
  cacheKey: string;
  /** --debug: say on stderr why a cache file was not used (otherwise a refused cache is silent). */
  debug?: boolean;
}

/** Run lint and print the results; returns the exit code. */
export async function lintCommand(options: LintOptions, io: CliIO): Promise<number> {
  // The cache is sealed with a key from outside the workspace; without one (or when the default cache
  // folder is a link out of the workspace) lint runs without a cache.
  const secret = options.cache ? await cacheSecret(io.env) : undefined;
  const cacheLocation =
    secret === undefined
      ? undefined
      : await cacheLocationIn(
          options.root,
          options.cacheLocation ?? path.join(options.root, DEFAULT_CACHE_LOCATION),
        );
  // Cache files in the workspace are read through the workspace door (a committed link out is refused);
  // a refused or forged cache file only makes the run cold, said on stderr with --debug only.
  const cacheDebug = options.debug ? io.stderr : undefined;
  // This run's memory: filled from the text cache before the analysis, saved to it afterwards.
  const runCache = createRunCache();
  const [raw] = await Promise.all([
    readWorkspace(options.root, {
      ...(cacheLocation !== undefined
        ? {
            cacheLocation,
            cacheKey: options.cacheKey,
            cacheSecret: secret,
            ...(cacheDebug ? { cacheDebug } : {}),
          }
        : {}),
    }),
    cacheLocation !== undefined && secret
      ? loadTextCache(runCache, cacheLocation, options.cacheKey, secret, {
          root: options.root,
          ...(cacheDebug ? { debug: cacheDebug } : {}),
        })
      : undefined,
  ]);
  const outcome = await analyseWithLedgers(options.root, raw, options.now, io, runCache);
  checkAccountIds(
    options.printConfig === undefined ? options.accounts : [...options.accounts, options.printConfig],
    [...outcome.workspace.accounts.keys(), ...outcome.workspace.brokenAccounts.keys()],
  );
  if (options.printConfig !== undefined) {
    io.stdout(printConfig(outcome, options.printConfig));
    return ExitCode.ok;
  }
  // Every file is linted (cross-file rules need them all); only these paths' problems are reported.
  const inPaths = await pathFilter(options.root, options.paths, io.cwd);
  const selected = options.accounts.length > 0 ? new Set(options.accounts.map(accountIdOf)) : undefined;
  const problems = outcome.problems.filter(
    (p) =>
      (!selected ||
        (p.account
          ? selectsFinding(options.accounts, p.account, p.channel)
          : fileBelongsTo(p.file, selected))) &&
      inPaths(p.file) &&
      (!options.quiet || p.severity === 'error'),
  );
  const files = outcome.workspace.files.filter(
    (f) => (!selected || fileBelongsTo(f, selected)) && inPaths(f),
  );
  const results = toLintResults(problems, files);
  if (options.format === 'json') io.stdout(formatJson(results));
  else if (options.format === 'github') io.stdout(formatGithub(results));
  else io.stdout(formatStylish(results, { style: io.color ? chalkStyle(chalk) : plainStyle }));

  if (cacheLocation !== undefined && secret) {
    const texts = outcome.timeline.entries.flatMap((entry) => [
      entry.post.text,
      ...entry.rendered.parts.map((part) => part.text),
    ]);
    await saveTextCache(runCache, cacheLocation, options.cacheKey, texts, secret);
  }

  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (errors > 0) return ExitCode.problems;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(
      `chorus: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings}.\n`,
    );
    return ExitCode.problems;
  }
  return ExitCode.ok;
}

/**
 * Which workspace files (relative, "/"-separated) lie in the given paths. A path that does not exist, or
 * lies outside the workspace, is a usage error, as in ESLint.
 */
async function pathFilter(
  root: string,
  paths: readonly string[],
  cwd: string,
): Promise<(file: string) => boolean> {
  if (paths.length === 0) return () => true;
  const prefixes: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    try {
      await stat(absolute);
    } catch {
      throw new UsageError(
        `No such file or folder: ${given}`,
        'Give files or folders of the workspace, e.g. chorus lint content/acme-news/.',
      );
    }
    const relative = path.relative(root, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UsageError(
        `${given} is outside the workspace (${path.relative(cwd, root) || 'this folder'})`,
        'Give files or folders inside the workspace, or point --root at the workspace that holds them.',
      );
    }
    if (relative === '') return () => true;
    prefixes.push(relative.split(path.sep).join('/'));
  }
  return (file) => prefixes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`));
}

/** The rule settings that apply to one account after chorus.yaml and the account file, as JSON (like eslint --print-config). */
function printConfig(outcome: Analysis, account: string): string {
  const broken = outcome.workspace.brokenAccounts.get(account);
  if (broken) {
    const problem = outcome.problems.find((p) => p.file === broken && p.severity === 'error');
    throw new WorkspaceError(
      `The account file has errors, so its rule settings are unknown: ${problem?.message ?? 'it does not parse'}`,
      {
        file: broken,
        line: problem?.line,
        column: problem?.column,
        hint: 'Fix the account file first (chorus lint shows every problem).',
      },
    );
  }
  const settings: Record<string, [string, Record<string, unknown>]> = {};
  for (const id of Object.keys(rules).sort()) {
    const { severity, options } = outcome.settings.get(id, account);
    settings[id] = [severity, options];
  }
  const file =
    outcome.workspace.accounts.get(account)?.file ?? outcome.workspace.channels.get(account)?.[0]?.file;
  return `${JSON.stringify({ account, files: ['chorus.yaml', file].filter((f) => f !== undefined && outcome.workspace.files.includes(f)), rules: settings }, null, 2)}\n`;
}

/**
 * The cache folder to use: one inside the workspace (the default `.chorus-cache`, or a --cache-location
 * there) only while it and the folders on its way are not links out of the workspace (else: no cache, so
 * nothing is read or written outside through a committed link); one outside the workspace as given.
 */
async function cacheLocationIn(root: string, location: string): Promise<string | undefined> {
  const relative = path.relative(root, location);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return location;
  try {
    await resolveInWorkspace(root, relative.split(path.sep).join('/'));
  } catch (error) {
    if (!(error instanceof UnsafeFileError && error.reason === 'missing')) return undefined;
  }
  return location;
}
