// `chorus metrics`: the command's declaration (options, help); the work is in ../metrics.ts.
import { Option } from '@commander-js/extra-typings';
import { RUN_FORMATS } from '../../format/formats.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus metrics`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('metrics')
    .description("snapshot followers and published posts' public metrics from X (see docs/scorecards.md)")
    .addOption(accountOption())
    .addOption(nowOption())
    .addOption(new Option('--format <format>', 'output format').choices(RUN_FORMATS).default('text'))
    .addHelpText(
      'after',
      '\nAppends one record per published post part and one per account to state/<account>.metrics.jsonl\n' +
        '(append-only, safe to commit). Credentials and CHORUS_X_API_URL as for chorus publish.\n' +
        'Exit codes: 0 every account complete, 1 an account failed or stopped early (rate limit), 2 usage error.\n' +
        'Examples:\n  chorus metrics\n  chorus metrics --account larkspur-outlet --format json',
    )
    .action(async (options, command) => {
      const { metricsCommand } = await import('../metrics.js');
      setExit(
        await metricsCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            now: options.now,
            format: options.format,
          },
          io,
        ),
      );
    });
}
