// The command-line interface: the program, its global options, the list of commands (one file each under
// commands/, which hands off to the command's implementation) and the mapping of errors to exit codes.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { ChorusError, ExitCode, WorkspaceError } from '../errors.js';
import { SecretSet } from '../platforms/redact.js';
import * as accounts from './commands/accounts.js';
import * as add from './commands/add.js';
import * as codes from './commands/codes.js';
import { commandContext, type Program, type RegisterCommand } from './commands/context.js';
import * as importFeed from './commands/import.js';
import * as init from './commands/init.js';
import * as lint from './commands/lint.js';
import * as metrics from './commands/metrics.js';
import * as plan from './commands/plan.js';
import * as publish from './commands/publish.js';
import * as report from './commands/report.js';
import * as rules from './commands/rules.js';
import * as sandbox from './commands/sandbox.js';
import * as schema from './commands/schema.js';
import * as state from './commands/state.js';
import { type CliIO, processIO } from './io.js';
import { packageVersion } from './version.js';

const ISSUES_URL = 'https://github.com/chorus-cli/chorus/issues';

/** The commands, in the order `chorus --help` lists them. */
const COMMANDS: readonly { register: RegisterCommand }[] = [
  lint,
  plan,
  add,
  schema,
  rules,
  publish,
  accounts,
  codes,
  importFeed,
  metrics,
  report,
  init,
  sandbox,
  state,
];

/** Build the commander program. `setExit` receives each command's exit code. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Program {
  const program: Program = new Command('chorus')
    .description(
      'Publish to many microblog accounts from YAML content calendars kept in git,\nwith anti-spam rules, posting slots and tracking codes.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option(
      '--root <dir>',
      'workspace folder (holds accounts/ and content/); default: the current folder, or the nearest one above it with accounts/',
    )
    .option('--debug', 'print stack traces for errors, and why a lint cache was not used', false)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors read like every other Chorus message: "chorus: unknown option '--bogus'".
      outputError: (text, write) => write(text.replace(/^error: /, 'chorus: ')),
    })
    .exitOverride();
  const context = commandContext(io, setExit);
  for (const command of COMMANDS) command.register(program, context);
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
export async function run(argv: readonly string[], outside: CliIO = processIO()): Promise<number> {
  // Every byte the CLI prints goes through the run's secrets: credential values never reach the output.
  const secrets = outside.secrets ?? new SecretSet();
  const io: CliIO = {
    ...outside,
    secrets,
    stdout: (text) => outside.stdout(secrets.redact(text)),
    stderr: (text) => outside.stderr(secrets.redact(text)),
  };
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
