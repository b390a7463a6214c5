// `chorus rules`: the command's declaration (options, help); the work is in ../rules.ts.
import { Option } from '@commander-js/extra-typings';
import { LISTING_FORMATS } from '../../format/formats.js';
import type { CommandContext, Program } from './context.js';

/** Declare `chorus rules`. */
export function register(program: Program, { io, setExit }: CommandContext): void {
  program
    .command('rules')
    .description('list the lint rules with their default severity and options')
    .addOption(new Option('--format <format>', 'output format').choices(LISTING_FORMATS).default('table'))
    .action(async (options) => {
      const { rulesCommand } = await import('../rules.js');
      setExit(await rulesCommand({ format: options.format }, io));
    });
}
