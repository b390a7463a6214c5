// `chorus add`: the command's declaration (options, help, their normalisation); the work is in ../add.ts.
import { Option } from '@commander-js/extra-typings';
import { CATEGORIES } from '../../model/types.js';
import { type CommandContext, nowOption, type Program, repeatable } from './context.js';

/** "news, deals, blog or community". */
const categoryList = `${CATEGORIES.slice(0, -1).join(', ')} or ${CATEGORIES.at(-1)}`;

/** Declare `chorus add`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('add')
    .description(
      "write a post into an account's calendar (linted first; nothing is written if it adds an error)",
    )
    .requiredOption('--account <id>', 'the account')
    .addOption(new Option('--category <category>', categoryList).choices(CATEGORIES).makeOptionMandatory())
    .requiredOption('--text <text>', 'the post text')
    .option(
      '--at <when>',
      'YYYY-MM-DD HH:MM (account zone), YYYY-MM-DD (a free slot that day) or ISO with offset; default: the queue',
    )
    .option(
      '--pin',
      'write the slot the post gets as its explicit at (for a queued or date-only post)',
      false,
    )
    .option('--link <url>', 'link appended to the text (gets a tracking code)')
    .option('--expires <when>', 'when a deal ends (a date means the end of that local day)')
    .option(
      '--thread <text>',
      'a reply part of a thread, posted after the text (repeat, in order)',
      repeatable,
      [],
    )
    .option(
      '--media <file>',
      'an image in the workspace, e.g. media/boots.png (repeat, up to 4)',
      repeatable,
      [],
    )
    .option('--alt <text>', 'alt text of the --media of the same rank (one for each --media)', repeatable, [])
    .option('--author <person>', 'who wrote the post')
    .option('--approved-by <person>', 'who approved it (owner or team member, not the author; deals need it)')
    .option('--id <id>', 'post id (default: derived from the text, e.g. winter-sale-starts-3f9a1c)')
    .option(
      '--file <path>',
      'calendar file under content/<account>/ (default: content/<account>/<yyyy-mm>.yaml, the month the post goes out)',
    )
    .option('--dry-run', 'print what would be written, write nothing', false)
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nWithout --at (or with a date only) the post is queued: Chorus says when it would go out, but that\n' +
        'time is not written and can move as the calendar changes; --pin writes it.\n' +
        'Exit codes: 0 added (or --dry-run), 1 the post would add a lint error or its id exists (nothing written), 2 usage error.\n' +
        'Examples:\n  chorus add --account acme-news --category news --text "Stores open late on Thursdays" --pin\n' +
        '  chorus add --account acme-outlet --category deals --text "20% off boots" --link https://shop.example.com/boots --expires 2026-12-24 --at 2026-12-01 --author ben --approved-by maya --media media/boots.png --alt "Brown leather boots on a wooden floor"\n' +
        '  chorus add --account acme-news --category blog --text "How we test rain jackets, a thread:" --thread "1. Two hours under the shower rig." --thread "2. Then a day on the hill." --dry-run',
    )
    .action(async (options, command) => {
      const { addCommand } = await import('../add.js');
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
            thread: options.thread,
            media: options.media,
            alt: options.alt,
            author: options.author,
            approvedBy: options.approvedBy,
            pin: options.pin,
            file: options.file,
            dryRun: options.dryRun,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });
}
