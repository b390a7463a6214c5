// `chorus import`: the command's declaration (options, help, their normalisation); the work is in ../import.ts.
import path from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { parseCount } from '../options.js';
import { type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus import`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('import')
    .description('turn a discount feed (CSV or JSON) into deal posts in content/<account>/feed.yaml')
    .argument('<feed>', 'the feed file (.csv or .json)')
    .requiredOption('--account <id>', 'the account whose calendar gets the deals')
    .option('--template <name>', 'text template from the account file (default: deal)')
    .option(
      '--approved-by <person>',
      "who approved this feed's deals (owner or team member; the approval rule needs it for deals)",
    )
    .option('--author <person>', 'who is named as the author of the imported posts')
    .addOption(
      new Option(
        '--default-expiry <days>',
        'days an open-ended row (empty ends) runs (default: import.default_expiry_days in chorus.yaml, else 7)',
      ).argParser(parseCount),
    )
    .option('--dry-run', 'show what would change, write nothing', false)
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nRows whose ends is past are skipped; a row with an empty ends runs --default-expiry days; each post is\n' +
        'linted before the file is written, and nothing is written when the file would be over 5 MB or unreadable.\n' +
        'Exit codes: 0 every row handled (expired rows are fine), 1 a row was invalid or broke a rule (the others\n' +
        'were written) or the import was refused as a whole (nothing written), 2 usage error.\n' +
        'Examples:\n  chorus import feeds/2026-11-23.csv --account acme-outlet --approved-by maya\n  chorus import deals.json --account acme-outlet --template deal_short --dry-run',
    )
    .action(async (feed, options, command) => {
      const { importCommand } = await import('../import.js');
      setExit(
        await importCommand(
          {
            root: globals(command).root,
            feed: path.resolve(io.cwd, feed),
            feedName: feed,
            account: options.account,
            template: options.template,
            dryRun: options.dryRun,
            approvedBy: options.approvedBy,
            author: options.author,
            defaultExpiryDays: options.defaultExpiry,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });
}
