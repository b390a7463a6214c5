// `chorus sandbox`: the command's declaration (options, help); the work is in ../sandbox.ts.
import { Option } from '@commander-js/extra-typings';
import { parsePort } from '../options.js';
import { type CommandContext, nowOption, type Program } from './context.js';

/** Declare `chorus sandbox`. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
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
    .action(async (options, command) => {
      const { sandboxCommand } = await import('../sandbox.js');
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
}
