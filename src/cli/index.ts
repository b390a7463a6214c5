// The command-line interface: declares commands and options, then hands off to one file per command.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ChorusError, ExitCode, WorkspaceError } from '../errors.js';
import { type CliIO, processIO } from './io.js';
import { collectAccounts, parseCount, parseDateOption, parseNowOption } from './options.js';

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
    .command('plan')
    .description('show the schedule: queued posts placed into slots, per account and local day')
    .addOption(accountOption())
    .addOption(
      new Option(
        '--from <date>',
        "first local date to show (default: today in each account's zone)",
      ).argParser(parseDateOption),
    )
    .addOption(
      new Option(
        '--to <date>',
        'last local date to show, inclusive (default: the end of the planning horizon)',
      ).argParser(parseDateOption),
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'ics']).default('table'),
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nQueued posts (no `at`, or a date only) get the next free slot after --now that breaks no rule;\n' +
        'posts that find none are listed as unplaced (and are `no-free-slot` lint errors).\n' +
        'Exit codes: 0 printed (lint problems are counted on stderr), 2 usage error or no workspace.\n' +
        'Examples:\n  chorus plan\n  chorus plan --account acme-news --from 2026-12-01 --to 2026-12-07\n' +
        '  chorus plan --format json --now 2026-11-23T08:00:00Z\n  chorus plan --account acme-news --format ics > acme-news.ics',
    )
    .action(async (options, command: Command) => {
      const { planCommand } = await import('./plan.js');
      setExit(
        await planCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            from: options.from,
            to: options.to,
            format: options.format,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });

  program
    .command('add')
    .description(
      "write a post into an account's calendar (linted first; nothing is written if it adds an error)",
    )
    .requiredOption('--account <id>', 'the account')
    .addOption(
      new Option('--category <category>', 'news, deals, blog or community')
        .choices(['news', 'deals', 'blog', 'community'])
        .makeOptionMandatory(),
    )
    .requiredOption('--text <text>', 'the post text')
    .option(
      '--at <when>',
      'YYYY-MM-DD HH:MM (account zone), YYYY-MM-DD (first free slot that day) or ISO with offset; default: the queue',
    )
    .option('--link <url>', 'link appended to the text (gets a tracking code)')
    .option('--expires <when>', 'when a deal ends (a date means the end of that local day)')
    .option('--id <id>', 'post id (default: derived from the text, e.g. winter-sale-starts-3f9a1c)')
    .option(
      '--file <path>',
      "calendar file under content/<account>/ (default: the account's last calendar file, or content/<account>/<yyyy-mm>.yaml)",
    )
    .option('--dry-run', 'print what would be written, write nothing', false)
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 added (or --dry-run), 1 the post would add a lint error or its id exists (nothing written), 2 usage error.\n' +
        'Examples:\n  chorus add --account acme-news --category news --text "Stores open late on Thursdays"\n' +
        '  chorus add --account acme-outlet --category deals --text "20% off boots" --link https://shop.example.com/boots --expires 2026-12-24 --at 2026-12-01\n' +
        '  chorus add --account acme-news --category blog --text "New post" --dry-run',
    )
    .action(async (options, command: Command) => {
      const { addCommand } = await import('./add.js');
      setExit(
        await addCommand(
          {
            root: globals(command).root,
            account: options.account,
            category: options.category,
            text: options.text,
            at: options.at,
            link: options.link,
            expires: options.expires,
            id: options.id,
            file: options.file,
            dryRun: options.dryRun,
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
