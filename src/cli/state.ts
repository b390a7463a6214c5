// `chorus state migrate|export|import`: bring the PostgreSQL state's schema up to date, and move ledger
// records between the files under state/ and the database (both ways idempotent).

import { accountIdOf } from '../model/types.js';
import { ExitCode, UsageError } from '../errors.js';
import { fileStateStore } from '../state/file-store.js';
import type { StateStore } from '../state/store.js';
import { readWorkspace } from '../workspace/read.js';
import type { CliIO } from './io.js';
import { checkAccountIds } from './options.js';
import { openPostgres, STATE_URL_VARIABLE, stateLocation } from './state-store.js';

export type StateAction = 'migrate' | 'export' | 'import';

export interface StateCommandOptions {
  root: string;
  action: StateAction;
  /** Only these accounts (export and import); empty: every account of the workspace. */
  accounts: string[];
}

/** Run `chorus state <action>`; returns the exit code (0 done, 1 the database failed, 2 not configured). */
export async function stateCommand(options: StateCommandOptions, io: CliIO): Promise<number> {
  const raw = await readWorkspace(options.root);
  const location = stateLocation(raw, io);
  if (location.kind === 'files') {
    throw new UsageError(
      `the ledger is in files (state/): \`chorus state ${options.action}\` works with the PostgreSQL state only`,
      `Set ${STATE_URL_VARIABLE} to the database URL (or name a variable with \`state: { url_env: … }\` in chorus.yaml).`,
    );
  }
  const database = await openPostgres(location, options.action !== 'migrate');
  try {
    if (options.action === 'migrate') {
      const applied = await database.migrate();
      const { current } = await database.schema();
      for (const migration of applied) {
        io.stdout(`applied ${String(migration.version).padStart(4, '0')}_${migration.name}\n`);
      }
      io.stdout(
        applied.length === 0
          ? `${database.description}: up to date (schema version ${current})\n`
          : `${database.description}: now at schema version ${current}\n`,
      );
      return ExitCode.ok;
    }
    const files = fileStateStore(options.root);
    const ids = raw.accounts.map((account) => account.id);
    checkAccountIds(options.accounts, ids);
    const wanted = new Set(options.accounts.length > 0 ? options.accounts : ids);
    const [from, to]: [StateStore, StateStore] =
      options.action === 'export' ? [database, files] : [files, database];
    const records = await from.exportRecords();
    let added = 0;
    let total = 0;
    let accounts = 0;
    for (const [account, list] of records) {
      // Only this workspace's accounts (and their channels: `<account>@<network>`): a database may serve
      // several repositories.
      if (!wanted.has(accountIdOf(account))) continue;
      accounts++;
      total += list.length;
      added += await to.importRecords(account, list);
    }
    const direction = `${from.description} → ${to.description}`;
    io.stdout(
      `${direction}: ${added} record${added === 1 ? '' : 's'} added, ${total - added} already there (${accounts} account${accounts === 1 ? '' : 's'})\n`,
    );
    return ExitCode.ok;
  } finally {
    await database.close();
  }
}
