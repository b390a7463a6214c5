// The command-line interface: declares commands and options, then hands off to one file per command.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ChorusError, ExitCode, WorkspaceError } from '../errors.js';
import { type CliIO, processIO } from './io.js';
import { collectAccounts, parseCount, parseNowOption } from './options.js';

const ISSUES_URL = 'https://github.com/chorus-cli/chorus/issues';

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

interface GlobalOptions {
  root: string;
  debug: boolean;
}

/** Build the commander program. `setExit` receives each command's exit code. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('chorus');
  program
    .description(
      'Publish to many microblog accounts from YAML content calendars kept in git,\nwith anti-spam rules, posting slots and tracking codes.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--root <dir>', 'workspace folder (holds accounts/ and content/)', '.')
    .option('--debug', 'print stack traces for errors', false)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  const globals = (command: Command): GlobalOptions => {
    const all = command.optsWithGlobals() as GlobalOptions;
    return { root: path.resolve(io.cwd, all.root), debug: all.debug };
  };
  const nowOption = () =>
    new Option('--now <iso>', 'pretend the time is this ISO 8601 instant (default: the clock)').argParser(
      parseNowOption,
    );
  const accountOption = () =>
    new Option('--account <id>', 'only these accounts (repeat or separate with commas)')
      .argParser(collectAccounts)
      .default([]);

  program
    .command('lint')
    .description('check calendars against the schema and the anti-spam rules')
    .addOption(accountOption())
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['stylish', 'json', 'github'])
        .default('stylish'),
    )
    .addOption(
      new Option('--max-warnings <n>', 'exit 1 when there are more than n warnings').argParser(parseCount),
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 clean (warnings allowed unless --max-warnings), 1 problems found, 2 usage error or no workspace.\n' +
        'Examples:\n  chorus lint\n  chorus lint --account acme-outlet --format github\n  chorus lint --format json --now 2026-11-23T08:00:00Z',
    )
    .action(async (options, command: Command) => {
      const { lintCommand } = await import('./lint.js');
      setExit(
        await lintCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            format: options.format,
            maxWarnings: options.maxWarnings,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });

  program
    .command('schema')
    .description('print the JSON Schema of account, content or chorus.yaml files (for editors)')
    .addOption(
      new Option('--kind <kind>', 'which file').choices(['account', 'content', 'config']).default('content'),
    )
    .action(async (options) => {
      const { schemaCommand } = await import('./schema.js');
      setExit(await schemaCommand({ kind: options.kind }, io));
    });

  program
    .command('rules')
    .description('list the lint rules with their default severity and options')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options) => {
      const { rulesCommand } = await import('./rules.js');
      setExit(await rulesCommand({ format: options.format }, io));
    });

  program
    .command('codes')
    .description("list every post's tracking code with account, category, planned time and final URL")
    .addOption(accountOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nPlanned times are UTC ISO 8601, empty (or "-") for a queued post that has no time yet.\n' +
        'Examples:\n  chorus codes\n  chorus codes --account acme-outlet --format csv > codes.csv\n  chorus codes --format json',
    )
    .action(async (options, command: Command) => {
      const { codesCommand } = await import('./codes.js');
      setExit(
        await codesCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            format: options.format,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });

  program
    .command('import')
    .description('turn a discount feed (CSV or JSON) into deal posts in content/<account>/feed.yaml')
    .argument('<feed>', 'the feed file (.csv or .json)')
    .requiredOption('--account <id>', 'the account whose calendar gets the deals')
    .option('--template <name>', 'text template from the account file (default: deal)')
    .option('--dry-run', 'show what would change, write nothing', false)
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nRows whose ends is past are skipped; each post is linted before the file is written.\n' +
        'Exit codes: 0 every row handled (expired rows are fine), 1 a row was invalid or broke a rule, 2 usage error.\n' +
        'Examples:\n  chorus import feeds/2026-11-23.csv --account acme-outlet\n  chorus import deals.json --account acme-outlet --template deal_short --dry-run',
    )
    .action(async (feed: string, options, command: Command) => {
      const { importCommand } = await import('./import.js');
      setExit(
        await importCommand(
          {
            root: globals(command).root,
            feed: path.resolve(io.cwd, feed),
            feedName: feed,
            account: options.account,
            template: options.template,
            dryRun: options.dryRun,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });

  return program;
}

function describeError(error: unknown, debug: boolean): string {
  if (error instanceof ChorusError) {
    const where =
      error instanceof WorkspaceError && error.file
        ? `${error.file}${error.line ? `:${error.line}:${error.column ?? 1}` : ''}: `
        : '';
    return `chorus: ${where}${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}${debug && error.stack ? `${error.stack}\n` : ''}`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return (
    `chorus: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
    `  This is a bug in Chorus, not in your files. Please report it at ${ISSUES_URL} with the command you ran.\n` +
    (debug ? `${stack}\n` : '  Run again with --debug to see the stack trace.\n')
  );
}

/** Run the CLI with `argv` (without node and script) and return the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    io.stderr(describeError(error, argv.includes('--debug')));
    return error instanceof ChorusError ? error.exitCode : ExitCode.internal;
  }
}
