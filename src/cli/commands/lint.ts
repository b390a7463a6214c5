// `chorus lint`: the command's declaration (options, help, their normalisation); the work is in ../lint.ts.
import path from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { LINT_FORMATS } from '../../format/formats.js';
import { parseMaxWarnings } from '../options.js';
import { lintCacheKey } from '../version.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus lint`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('lint')
    .description('check calendars against the schema and the anti-spam rules')
    .argument(
      '[paths...]',
      'report only the problems in these files or folders (the whole workspace is still checked)',
    )
    .addOption(accountOption())
    .addOption(new Option('--format <format>', 'output format').choices(LINT_FORMATS).default('stylish'))
    .addOption(
      new Option('--max-warnings <n>', 'exit 1 when there are more than n warnings (-1: no limit)').argParser(
        parseMaxWarnings,
      ),
    )
    .option('--quiet', 'report errors only (warnings are neither shown nor counted)', false)
    .option(
      '--print-config <account>',
      'print the rule settings that apply to ACCOUNT (defaults, chorus.yaml, the account file) as JSON; no lint',
    )
    .addOption(nowOption())
    .option('--cache', 'reuse the results of calendar files unchanged since the last --cache run', false)
    .option(
      '--cache-location <dir>',
      'where the cache lives; implies --cache (default: .chorus-cache in the workspace)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 clean (warnings allowed unless --max-warnings), 1 problems found, 2 usage error or no workspace.\n' +
        'Examples:\n  chorus lint\n  chorus lint content/acme-news/2027-01.yaml accounts/acme-news.yaml   # e.g. the changed files\n' +
        '  chorus lint --account acme-outlet --format github\n  chorus lint --quiet --max-warnings -1\n' +
        '  chorus lint --print-config acme-outlet\n  chorus lint --format json --now 2026-11-23T08:00:00Z\n  chorus lint --cache',
    )
    .action(async (paths, options, command) => {
      const { lintCommand } = await import('../lint.js');
      const { root, debug } = globals(command);
      setExit(
        await lintCommand(
          {
            root,
            accounts: options.account,
            paths,
            quiet: options.quiet,
            printConfig: options.printConfig,
            format: options.format,
            maxWarnings: options.maxWarnings === -1 ? undefined : options.maxWarnings,
            now: options.now ?? io.now(),
            cache: options.cache || options.cacheLocation !== undefined,
            cacheLocation:
              options.cacheLocation === undefined ? undefined : path.resolve(io.cwd, options.cacheLocation),
            cacheKey: lintCacheKey(),
            debug,
          },
          io,
        ),
      );
    });
}
