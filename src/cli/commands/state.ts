// `chorus state migrate|import|export`: the command's declaration (subcommands, help); the work is in ../state.ts.
import { accountOption, type CommandContext, type Program } from './context.js';

/** The subcommands, in the order `chorus state --help` lists them. */
export const STATE_ACTIONS = [
  ['migrate', 'apply the schema migrations the database lacks (run once per Chorus upgrade)'],
  ['import', 'add the records of state/<account>.jsonl that the database lacks (idempotent)'],
  ['export', "append the database's records that state/<account>.jsonl lacks (idempotent)"],
] as const;

/** Declare `chorus state` and its subcommands. */
export function register(program: Program, { io, setExit, globals }: CommandContext): void {
  const state = program
    .command('state')
    .description(
      'the PostgreSQL state: migrate its schema, move ledger records between state/ and the database',
    )
    .addHelpText(
      'after',
      '\nThe database is the one CHORUS_STATE_URL (or the variable named by `state: { url_env: … }` in chorus.yaml)\n' +
        'points to; its password is never shown. Exit codes: 0 done, 1 the database failed, 2 not configured.\n' +
        'Examples:\n  chorus state migrate\n  chorus state import     # state/*.jsonl → database\n  chorus state export     # database → state/*.jsonl',
    );
  for (const [action, description] of STATE_ACTIONS) {
    const sub = state.command(action).description(description).addOption(accountOption());
    sub.action(async (options, command) => {
      const { stateCommand } = await import('../state.js');
      setExit(await stateCommand({ root: globals(command).root, action, accounts: options.account }, io));
    });
  }
}
