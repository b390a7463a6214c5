// `chorus report`: the command's declaration (options, help, their normalisation); the work is in ../report.ts.
import { Option } from '@commander-js/extra-typings';
import { REPORT_FORMATS } from '../../format/formats.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus report`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('report')
    .description(
      'scorecards: what each account earned and cost, and whether it kept its limits (see docs/scorecards.md)',
    )
    .addOption(accountOption())
    .option('--from <date>', 'only posts published on or after this date (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'only posts published on or before this date (YYYY-MM-DD, UTC, inclusive)')
    .option('--conversions <file>', "the shop's conversions CSV (code,orders,revenue,currency[,date])")
    .option(
      '--state <dir>',
      'folder with the ledgers and metrics snapshots, relative to --root (default: state)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('--out <file>', 'write the report to FILE (atomically) instead of stdout')
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 the conversions file has codes that match no published post (listed on stderr\n' +
        'and in the report) or damaged state was left out (named on stderr), 2 usage error or bad conversions file.\n' +
        'Examples:\n  chorus report\n  chorus report --account larkspur-outlet --from 2026-12-01 --to 2026-12-31\n' +
        '  chorus report --state examples/scorecards/state --conversions examples/scorecards/conversions.csv \\\n' +
        '    --format html --out report.html',
    )
    .action(async (options, command) => {
      const { reportCommand } = await import('../report.js');
      setExit(
        await reportCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            from: options.from,
            to: options.to,
            conversions: options.conversions,
            state: options.state ?? 'state',
            stateGiven: options.state !== undefined,
            format: options.format,
            out: options.out,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });
}
