// The command-line interface: declares commands and options, then hands off to one file per command.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ChorusError, ExitCode, WorkspaceError } from '../errors.js';
import { SecretSet } from '../platforms/redact.js';
import { type CliIO, processIO } from './io.js';
import {
  collectAccounts,
  parseCount,
  parseDateOption,
  parseMaxWarnings,
  parseNowOption,
  parsePort,
  parseShardOption,
} from './options.js';

const ISSUES_URL = 'https://github.com/chorus-cli/chorus/issues';

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * What lint's cache depends on besides the files: the Chorus version and, for a built CLI, the build
 * (scripts/bundle.js writes a hash of the bundle to build-id.txt), so a cache written by another build
 * of the same version (e.g. after pulling main) is never used.
 */
export function lintCacheKey(): string {
  let build = '';
  try {
    build = readFileSync(new URL('./build-id.txt', import.meta.url), 'utf8').trim();
  } catch {
    // Not the bundle (dist/cli or tests): the version alone.
  }
  return build ? `${packageVersion()}+${build}` : packageVersion();
}

interface GlobalOptions {
  root: string;
  debug: boolean;
}

/**
 * The workspace a command run without --root works on, as ESLint finds its config: the current folder or
 * the nearest one above it that holds an accounts/ folder (so `chorus lint 2027-01.yaml` works from
 * content/acme/); the current folder when none does (the command then says it is not a workspace).
 */
export function findWorkspaceRoot(cwd: string): string {
  const uid = process.getuid?.();
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const accounts = statSync(path.join(dir, 'accounts'), { throwIfNoEntry: false });
    // Only a folder of this user's: on a shared machine anyone can create /tmp/accounts.
    const owned = uid === undefined || statSync(dir).uid === uid;
    if (accounts?.isDirectory() && owned && (uid === undefined || accounts.uid === uid)) return dir;
    // Never above the repository the current folder is in, nor above the filesystem's root.
    if (statSync(path.join(dir, '.git'), { throwIfNoEntry: false }) || path.dirname(dir) === dir)
      return path.resolve(cwd);
  }
}

/** Build the commander program. `setExit` receives each command's exit code. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('chorus');
  program
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

  let announced = false;
  /** --root as given; without it, the nearest folder upward from the current one that holds accounts/. */
  const globals = (command: Command, options: { search?: boolean } = {}): GlobalOptions => {
    // root is undefined when --root was not given: then the workspace is searched upward.
    const all = command.optsWithGlobals() as { root?: string; debug: boolean };
    const given = all.root !== undefined;
    const root =
      given || options.search === false ? path.resolve(io.cwd, all.root ?? '.') : findWorkspaceRoot(io.cwd);
    // Say which workspace is used when it is not the current folder, so nothing runs on a surprise.
    if (root !== path.resolve(io.cwd) && !given && options.search !== false && !announced) {
      announced = true;
      io.stderr(`chorus: using the workspace ${root}\n`);
    }
    return { root, debug: all.debug };
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
    .argument(
      '[paths...]',
      'report only the problems in these files or folders (the whole workspace is still checked)',
    )
    .addOption(accountOption())
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['stylish', 'json', 'github'])
        .default('stylish'),
    )
    .addOption(
      new Option('--max-warnings <n>', 'exit 1 when there are more than n warnings (-1: no limit)').argParser(
        parseMaxWarnings,
      ),
    )
    .option('--quiet', 'report errors only (warnings are neither shown nor counted)', false)
    .option(
      '--print-config <account>',
      'print the rule settings that apply to ACCOUNT (defaults, chorus.yaml, the account file) as JSON; no lint',
    )
    .addOption(nowOption())
    .option('--cache', 'reuse the results of calendar files unchanged since the last --cache run', false)
    .option(
      '--cache-location <dir>',
      'where the cache lives; implies --cache (default: .chorus-cache in the workspace)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 clean (warnings allowed unless --max-warnings), 1 problems found, 2 usage error or no workspace.\n' +
        'Examples:\n  chorus lint\n  chorus lint content/acme-news/2027-01.yaml accounts/acme-news.yaml   # e.g. the changed files\n' +
        '  chorus lint --account acme-outlet --format github\n  chorus lint --quiet --max-warnings -1\n' +
        '  chorus lint --print-config acme-outlet\n  chorus lint --format json --now 2026-11-23T08:00:00Z\n  chorus lint --cache',
    )
    .action(async (paths: string[], options, command: Command) => {
      const { lintCommand } = await import('./lint.js');
      setExit(
        await lintCommand(
          {
            root: globals(command).root,
            accounts: options.account,
            paths,
            quiet: options.quiet,
            printConfig: options.printConfig,
            format: options.format,
            maxWarnings: options.maxWarnings === -1 ? undefined : options.maxWarnings,
            now: options.now ?? io.now(),
            cache: options.cache || options.cacheLocation !== undefined,
            cacheLocation:
              options.cacheLocation === undefined ? undefined : path.resolve(io.cwd, options.cacheLocation),
            cacheKey: lintCacheKey(),
            debug: globals(command).debug,
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

  /** Collect a repeatable option's values in order (`--thread a --thread b` → ['a', 'b']). */
  const repeatable = (value: string, previous: string[]): string[] => [...previous, value];
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

  program
    .command('schema')
    .description('print the JSON Schema of account, content or chorus.yaml files (for editors)')
    .addOption(
      new Option(
        '--kind <kind>',
        'account (accounts/*.yaml), content (calendars) or config (chorus.yaml); default content',
      ).choices(['account', 'content', 'config']),
    )
    .option('--out <dir>', 'write <kind>.schema.json files into DIR (all three unless --kind is given)')
    .addHelpText(
      'after',
      '\nPoint your editor at a schema with a first line like\n' +
        '  # yaml-language-server: $schema=../schemas/account.schema.json\n' +
        'Examples:\n  chorus schema --kind account\n  chorus schema --out schemas',
    )
    .action(async (options) => {
      const { schemaCommand } = await import('./schema.js');
      setExit(await schemaCommand({ kind: options.kind, out: options.out }, io));
    });

  program
    .command('rules')
    .description('list the lint rules with their default severity and options')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options) => {
      const { rulesCommand } = await import('./rules.js');
      setExit(await rulesCommand({ format: options.format }, io));
    });

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
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nDue: planned at or before now, not published, within the late window (chorus.yaml publish.late_window_minutes,\n' +
        "default 60), not past its deal's expires, free of lint errors. Queued posts take free slots from now minus the\n" +
        'late window, so a slot that passed since the last run is still served (docs/scheduling.md).\n' +
        'Missed (reported once, recorded): an explicit post later than the late window, a date-only post whose day went\n' +
        'by, a deal past its expiry. Queued posts are never missed.\n' +
        'Credentials: CHORUS_X_APP_KEY, CHORUS_X_APP_SECRET, CHORUS_<ACCOUNT>_ACCESS_TOKEN, CHORUS_<ACCOUNT>_ACCESS_SECRET\n' +
        '(or the CHORUS_ names in the account file), from the environment or a .env file at the workspace root.\n' +
        'Bluesky accounts: CHORUS_<ACCOUNT>_IDENTIFIER and CHORUS_<ACCOUNT>_APP_PASSWORD; credentials go only to\n' +
        'https://bsky.social or a server in CHORUS_ALLOWED_SERVERS (environment only); one login per run when due.\n' +
        'CHORUS_X_API_URL (another X API host): from the environment only, https (http only for 127.0.0.1/::1/localhost).\n' +
        'Exit codes: 0 all due posts published or deliberately deferred/missed, 1 a post failed or was skipped for errors,\n' +
        '2 usage or configuration error.\n' +
        'Examples:\n  chorus publish --dry-run\n  chorus publish --account acme-outlet --format json\n  chorus publish --shard 2/4',
    )
    .action(async (options, command: Command) => {
      const { publishCommand } = await import('./publish.js');
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

  program
    .command('accounts')
    .description('list accounts with handle, owner, categories and which credential variables are set')
    .addOption(accountOption())
    .option('--check', 'ask X whom each set of credentials belongs to', false)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 with --check when credentials are missing or belong to another handle, 2 usage error.',
    )
    .action(async (options, command: Command) => {
      const { accountsCommand } = await import('./accounts.js');
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

  program
    .command('codes')
    .description("list every post's tracking code with account, category, planned time and final URL")
    .addOption(accountOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nPlanned times are UTC ISO 8601, empty (or "-") for a queued post that has no time yet.\n' +
        'Examples:\n  chorus codes\n  chorus codes --account acme-outlet --format csv > codes.csv\n  chorus codes --format json',
    )
    .action(async (options, command: Command) => {
      const { codesCommand } = await import('./codes.js');
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
    .action(async (feed: string, options, command: Command) => {
      const { importCommand } = await import('./import.js');
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

  program
    .command('metrics')
    .description("snapshot followers and published posts' public metrics from X (see docs/scorecards.md)")
    .addOption(accountOption())
    .addOption(nowOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nAppends one record per published post part and one per account to state/<account>.metrics.jsonl\n' +
        '(append-only, safe to commit). Credentials and CHORUS_X_API_URL as for chorus publish.\n' +
        'Exit codes: 0 every account complete, 1 an account failed or stopped early (rate limit), 2 usage error.\n' +
        'Examples:\n  chorus metrics\n  chorus metrics --account larkspur-outlet --format json',
    )
    .action(async (options, command: Command) => {
      const { metricsCommand } = await import('./metrics.js');
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

  program
    .command('report')
    .description("scorecards: what each account's posting earned (see docs/scorecards.md)")
    .addOption(accountOption())
    .option('--from <date>', 'only posts published on or after this date (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'only posts published on or before this date (YYYY-MM-DD, UTC, inclusive)')
    .option('--conversions <file>', "the shop's conversions CSV (code,orders,revenue,currency[,date])")
    .option(
      '--state <dir>',
      'folder with the ledgers and metrics snapshots, relative to --root (default: state)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'csv', 'html'])
        .default('table'),
    )
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
    .action(async (options, command: Command) => {
      const { reportCommand } = await import('./report.js');
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

  program
    .command('init')
    .description(
      'create a workspace: package.json, chorus.yaml, an example account and calendar, and CI workflows',
    )
    .argument(
      '[dir]',
      'the folder to create it in (created when missing; default: --root, the current folder)',
    )
    .option('--workflows', 'also write the GitHub workflows (.github/workflows/chorus-*.yml)', false)
    .option('--workflows-only', 'write only the GitHub workflows, into an existing workspace', false)
    .option('--account <id>', 'id of the example account (its file is accounts/<id>.yaml)', 'example')
    .option('--timezone <zone>', "the example account's IANA time zone (default: this computer's)")
    .option(
      '--dependency <spec>',
      'how package.json refers to Chorus: a version range (^0.1.0), a git URL or file:chorus-cli-0.1.0.tgz (default: github:chorus-cli/chorus)',
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nNever overwrites a file: when any file it would write exists, it names them and writes nothing\n' +
        '(a package.json that already depends on chorus-cli is kept).\n' +
        'Exit codes: 0 created, 2 a file exists or bad option.\n' +
        'Examples:\n  chorus init my-posts\n  chorus init --workflows\n  chorus init --workflows-only',
    )
    .action(async (dir: string | undefined, options, command: Command) => {
      const { DEFAULT_DEPENDENCY, initCommand } = await import('./init.js');
      const target = dir === undefined ? globals(command, { search: false }).root : path.resolve(io.cwd, dir);
      setExit(
        await initCommand(
          {
            dir: target,
            dirName: dir ?? (path.relative(io.cwd, target) || '.'),
            account: options.account,
            timezone: options.timezone,
            dependency: options.dependency ?? DEFAULT_DEPENDENCY,
            workspace: !options.workflowsOnly,
            workflows: options.workflows || options.workflowsOnly,
            now: options.now ?? io.now(),
          },
          io,
        ),
      );
    });

  program
    .command('sandbox')
    .description('rehearse without an X account: a local stand-in for X with users matching your accounts')
    .addOption(
      new Option('--port <n>', 'port on 127.0.0.1 for the stand-in (default: any free port)').argParser(
        parsePort,
      ),
    )
    .addOption(nowOption())
    .addHelpText(
      'after',
      '\nCopies the workspace to a scratch folder (your state/ is never touched), starts the stand-in and prints\n' +
        'the environment to use (made-up credentials only the stand-in accepts). Runs until Ctrl-C.\n' +
        'Example:\n  chorus sandbox     # then, in another terminal, the commands it prints',
    )
    .action(async (options, command: Command) => {
      const { sandboxCommand } = await import('./sandbox.js');
      const until = new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      setExit(
        await sandboxCommand(
          { root: globals(command).root, port: options.port ?? 0, now: options.now ?? io.now(), until },
          io,
        ),
      );
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
