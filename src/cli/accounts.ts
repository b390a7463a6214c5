// `chorus accounts`: list accounts with their credential variables (names only) and, with --check, ask
// each account's network whom its credentials belong to.

import { selectsChannel } from '../model/channels.js';
import chalk from 'chalk';
import { ExitCode } from '../errors.js';
import { type AccountRow, formatAccountsJson, formatAccountsTable } from '../format/publish.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { validateWorkspace } from '../model/validate.js';
import { readWorkspace } from '../workspace/read.js';
import { memoiseRegistry } from '../platforms/memo.js';
import { askIdentity } from '../publish/publisher.js';
import { checkEndpoints, lookupCredentials, workspaceEnv } from './env.js';
import { type CliIO, platformsOf, rememberCredentials } from './io.js';
import { checkAccountIds } from './options.js';

export interface AccountsOptions {
  root: string;
  accounts: string[];
  check: boolean;
  format: 'table' | 'json';
}

/** Run `chorus accounts`; exit 1 when --check finds credentials missing or belonging to someone else. */
export async function accountsCommand(options: AccountsOptions, io: CliIO): Promise<number> {
  checkEndpoints(io.env);
  const raw = await readWorkspace(options.root);
  const env = await workspaceEnv(options.root, io.env, io.stderr);
  const { workspace } = validateWorkspace(raw, memoiseRegistry(platformsOf(io)));
  checkAccountIds(options.accounts, workspace.accounts.keys(), workspace.brokenAccounts);
  const accounts = [...workspace.accounts.values()]
    .filter((a) => selectsChannel(options.accounts, a.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const rows: AccountRow[] = await Promise.all(
    accounts.map(async (account) => {
      const platform = workspace.platforms.get(account.platform)!;
      const names = Object.values(account.credentials);
      const roles = platform.account.credentials;
      const lookup = rememberCredentials(io, lookupCredentials(account, roles, env), roles);
      const missing = 'missing' in lookup ? lookup.missing : [];
      const row: AccountRow = {
        id: account.id,
        platform: account.platform,
        handle: platform.account.displayHandle(account.handle),
        owner: account.owner,
        categories: account.categories,
        credentials: { set: names.filter((n) => !missing.includes(n)), missing },
      };
      if (!options.check) return row;
      if ('missing' in lookup) {
        row.check = { ok: false, detail: `cannot check: ${missing.join(', ')} not set` };
        return row;
      }
      const answer = await askIdentity(account, platform, lookup.credentials, {
        env,
        redact: io.secrets?.redact,
      });
      if (answer.kind === 'confirmed') {
        // Settings lint relies on that the network says otherwise (Mastodon's max_characters): a warning.
        const warnings = await Promise.resolve(answer.client.accountWarnings?.() ?? []).catch(
          (error: unknown) => [
            `cannot compare the account's settings with the network's: ${error instanceof Error ? error.message : String(error)}`,
          ],
        );
        row.check = { ok: true, detail: 'ok', ...(warnings.length > 0 ? { warnings } : {}) };
        await Promise.resolve(answer.client.close?.()).catch(() => undefined);
      } else if (answer.kind === 'refused') {
        row.check = {
          ok: false,
          detail: answer.belongsTo ? `belongs to ${answer.belongsTo}, not ${row.handle}` : answer.reason,
        };
      } else {
        const error = answer.error;
        row.check = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      return row;
    }),
  );
  if (options.format === 'json') io.stdout(formatAccountsJson(rows));
  else io.stdout(formatAccountsTable(rows, { style: io.color ? chalkStyle(chalk) : plainStyle }));
  return options.check && rows.some((row) => !row.check?.ok) ? ExitCode.problems : ExitCode.ok;
}
