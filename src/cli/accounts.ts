// `chorus accounts`: list accounts with their credential variables (names only) and, with --check, ask X
// whom each set of credentials belongs to.

import chalk from 'chalk';
import { ExitCode } from '../errors.js';
import { type AccountRow, formatAccountsJson, formatAccountsTable } from '../format/publish.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { validateWorkspace } from '../model/validate.js';
import { readWorkspace } from '../workspace/read.js';
import { apiUrlFrom, lookupCredentials, workspaceEnv } from './env.js';
import { type CliIO, rememberCredentials } from './io.js';
import { checkAccountIds } from './options.js';

export interface AccountsOptions {
  root: string;
  accounts: string[];
  check: boolean;
  format: 'table' | 'json';
}

/** Run `chorus accounts`; exit 1 when --check finds credentials missing or belonging to someone else. */
export async function accountsCommand(options: AccountsOptions, io: CliIO): Promise<number> {
  const apiUrl = apiUrlFrom(io.env);
  const raw = await readWorkspace(options.root);
  const env = await workspaceEnv(options.root, io.env, io.stderr);
  const { workspace } = validateWorkspace(raw);
  checkAccountIds(options.accounts, workspace.accounts.keys(), workspace.brokenAccounts);
  const accounts = [...workspace.accounts.values()]
    .filter((a) => options.accounts.length === 0 || options.accounts.includes(a.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const rows: AccountRow[] = await Promise.all(
    accounts.map(async (account) => {
      const c = account.credentials;
      const names = [c.appKey, c.appSecret, c.accessToken, c.accessSecret];
      const lookup = rememberCredentials(io, lookupCredentials(account, env));
      const missing = 'missing' in lookup ? lookup.missing : [];
      const row: AccountRow = {
        id: account.id,
        platform: account.platform,
        handle: account.handle.startsWith('@') ? account.handle : `@${account.handle}`,
        owner: account.owner,
        categories: account.categories,
        credentials: { set: names.filter((n) => !missing.includes(n)), missing },
      };
      if (!options.check) return row;
      if ('missing' in lookup) {
        row.check = { ok: false, detail: `cannot check: ${missing.join(', ')} not set` };
        return row;
      }
      const { createXClient } = await import('../publish/x-client.js');
      try {
        const client = await createXClient({
          credentials: lookup.credentials,
          apiUrl,
          redact: io.secrets?.redact,
        });
        const me = await client.me();
        const ok = me.username.toLowerCase() === row.handle.slice(1).toLowerCase();
        row.check = { ok, detail: ok ? 'ok' : `belongs to @${me.username}, not ${row.handle}` };
      } catch (error) {
        row.check = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      return row;
    }),
  );
  if (options.format === 'json') io.stdout(formatAccountsJson(rows));
  else io.stdout(formatAccountsTable(rows, { style: io.color ? chalkStyle(chalk) : plainStyle }));
  return options.check && rows.some((row) => !row.check?.ok) ? ExitCode.problems : ExitCode.ok;
}
