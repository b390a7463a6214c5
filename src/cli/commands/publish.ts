// `chorus publish`: the command's declaration (options, help); the work is in ../publish.ts.
import { Option } from '@commander-js/extra-typings';
import { RUN_FORMATS } from '../../format/formats.js';
import { parseShardOption } from '../options.js';
import { accountOption, type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus publish`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  program
    .command('publish')
    .description('send what is due, exactly once, to X (see docs/publishing.md)')
    .addOption(accountOption())
    .option('--dry-run', 'show the exact payloads that would be sent; no network, no ledger', false)
    .addOption(nowOption())
    .addOption(
      new Option('--shard <i/n>', 'only the accounts of shard I of N (for parallel CI jobs)').argParser(
        parseShardOption,
      ),
    )
    .addOption(new Option('--format <format>', 'output format').choices(RUN_FORMATS).default('text'))
    .addHelpText(
      'after',
      '\nDue: planned at or before now, not published, within the late window (chorus.yaml publish.late_window_minutes,\n' +
        "default 60), not past its deal's expires, free of lint errors. Queued posts take free slots from now minus the\n" +
        'late window, so a slot that passed since the last run is still served (docs/scheduling.md).\n' +
        'Missed (reported once, recorded): an explicit post later than the late window, a date-only post whose day went\n' +
        'by, a deal past its expiry. Queued posts are never missed.\n' +
        'Credentials: X: CHORUS_X_APP_KEY, CHORUS_X_APP_SECRET, CHORUS_<ACCOUNT>_ACCESS_TOKEN, CHORUS_<ACCOUNT>_ACCESS_SECRET;\n' +
        'Bluesky: CHORUS_<ACCOUNT>_IDENTIFIER and CHORUS_<ACCOUNT>_APP_PASSWORD (one login per run when something is due);\n' +
        'Mastodon and Weibo: CHORUS_<ACCOUNT>_ACCESS_TOKEN (or the CHORUS_ names in the account file), from the\n' +
        'environment or a .env file at the workspace root.\n' +
        'CHORUS_X_API_URL, CHORUS_WEIBO_API_URL (another API host) and CHORUS_ALLOWED_SERVERS (Bluesky servers other than\n' +
        'bsky.social, Mastodon instances other than mastodon.social that may receive credentials): from the environment\n' +
        'only, https (http only for 127.0.0.1/::1/localhost).\n' +
        'CHORUS_STATE_URL (postgres://…): the ledger and the account locks in PostgreSQL instead of state/ (docs/publishing.md).\n' +
        'Exit codes: 0 all due posts published or deliberately deferred/missed, 1 a post failed or was skipped for errors,\n' +
        '2 usage or configuration error.\n' +
        'Examples:\n  chorus publish --dry-run\n  chorus publish --account acme-outlet --format json\n  chorus publish --shard 2/4',
    )
    .action(async (options, command) => {
      const { publishCommand } = await import('../publish.js');
      setExit(
        await publishCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            dryRun: options.dryRun,
            now: options.now,
            shard: options.shard,
            format: options.format,
          },
          io,
        ),
      );
    });
}
