// `chorus accounts`: the command's declaration (options, help); the work is in ../accounts.ts.
import { Option } from '@commander-js/extra-typings';
import { LISTING_FORMATS } from '../../format/formats.js';
import { accountOption, type CommandContext, type Program } from './context.js';

/** Declare `chorus accounts`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('accounts')
    .description('list accounts with handle, owner, categories and which credential variables are set')
    .addOption(accountOption())
    .option('--check', "ask each account's network whom its credentials belong to", false)
    .addOption(new Option('--format <format>', 'output format').choices(LISTING_FORMATS).default('table'))
    .addHelpText(
      'after',
      '\n--check also warns when the network disagrees with the account file on what lint relies on (Mastodon: the\n' +
        "instance's max_characters); a warning does not change the exit code.\n" +
        'Exit codes: 0 ok, 1 with --check when credentials are missing or belong to another handle, 2 usage error.',
    )
    .action(async (options, command) => {
      const { accountsCommand } = await import('../accounts.js');
      setExit(
        await accountsCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            check: options.check,
            format: options.format,
          },
          io,
        ),
      );
    });
}
