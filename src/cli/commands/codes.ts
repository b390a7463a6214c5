// `chorus codes`: the command's declaration (options, help, their normalisation); the work is in ../codes.ts.
import { Option } from '@commander-js/extra-typings';
import { CODE_FORMATS } from '../../format/formats.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus codes`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('codes')
    .description("list every post's tracking code with account, category, planned time and final URL")
    .addOption(accountOption())
    .addOption(new Option('--format <format>', 'output format').choices(CODE_FORMATS).default('table'))
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nPlanned times are UTC ISO 8601, empty (or "-") for a queued post that has no time yet.\n' +
        'Examples:\n  chorus codes\n  chorus codes --account acme-outlet --format csv > codes.csv\n  chorus codes --format json',
    )
    .action(async (options, command) => {
      const { codesCommand } = await import('../codes.js');
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
}
