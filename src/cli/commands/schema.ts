// `chorus schema`: the command's declaration (options, help); the work is in ../schema.ts.
import { Option } from '@commander-js/extra-typings';
import { SCHEMA_KINDS } from '../../model/schema-kinds.js';
import type { CommandContext, Program } from './context.js';

/** Declare `chorus schema`. */
export function register(program: Program, { io, setExit }: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of account, content or chorus.yaml files (for editors)')
    .addOption(
      new Option(
        '--kind <kind>',
        'account (accounts/*.yaml), content (calendars) or config (chorus.yaml); default content',
      ).choices(SCHEMA_KINDS),
    )
    .option('--out <dir>', 'write <kind>.schema.json files into DIR (all three unless --kind is given)')
    .addHelpText(
      'after',
      '\nPoint your editor at a schema with a first line like\n' +
        '  # yaml-language-server: $schema=../schemas/account.schema.json\n' +
        'Examples:\n  chorus schema --kind account\n  chorus schema --out schemas',
    )
    .action(async (options) => {
      const { schemaCommand } = await import('../schema.js');
      setExit(await schemaCommand({ kind: options.kind, out: options.out }, io));
    });
}
