// `chorus plan`: the command's declaration (options, help, their normalisation); the work is in ../plan.ts.
import { Option } from '@commander-js/extra-typings';
import { PLAN_FORMATS } from '../../format/formats.js';
import { parseDateOption } from '../options.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus plan`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
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
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('table'))
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nQueued posts (no `at`, or a date only) get the next free slot after --now that breaks no rule;\n' +
        'posts that find none are listed as unplaced (and are `no-free-slot` lint errors).\n' +
        'Each account ends with what its posts still to be sent cost (chorus.yaml `prices:`, X pay-per-use by default).\n' +
        'Exit codes: 0 printed (lint problems are counted on stderr), 2 usage error or no workspace.\n' +
        'Examples:\n  chorus plan\n  chorus plan --account acme-news --from 2026-12-01 --to 2026-12-07\n' +
        '  chorus plan --format json --now 2026-11-23T08:00:00Z\n  chorus plan --account acme-news --format ics > acme-news.ics',
    )
    .action(async (options, command) => {
      const { planCommand } = await import('../plan.js');
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
}
