// `chorus init`: the command's declaration (options, help, their normalisation); the work is in ../init.ts.
import path from 'node:path';
import { type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus init`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
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
    .action(async (dir, options, command) => {
      const { DEFAULT_DEPENDENCY, initCommand } = await import('../init.js');
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
}
