// Ledgers per channel: each channel of an account keeps its own ledger (state/<account>@<network>.jsonl),
// and the first channel of an account that gained `channels:` also owns the ledger written before.
import { type AccountLedger, accountLedger, type Ledgers } from './ledger-file.js';

/** What the state needs to know of a channel (src/model/types.ts `Account`). */
export interface ChannelRef {
  /** The channel key: the ledger's name (`<account>` or `<account>@<network>`). */
  id: string;
  accountId: string;
  /** Whether the account's ledger from before it had channels is this channel's history too. */
  inheritsLedger: boolean;
}

/** The ledgers to read for these channels: each channel's own, and the old ledger of each account that inherits one. */
export function ledgerKeysFor(channels: Iterable<ChannelRef>): string[] {
  const keys = new Set<string>();
  for (const channel of channels) {
    keys.add(channel.id);
    if (channel.inheritsLedger) keys.add(channel.accountId);
  }
  return [...keys];
}

/** One channel's history: the inherited ledger's records first (they are older), then its own. */
export function inheritedLedger(own: AccountLedger, inherited: AccountLedger | undefined): AccountLedger {
  if (!inherited || (inherited.records.length === 0 && inherited.problem === undefined)) return own;
  const problem = inherited.problem ?? own.problem;
  if (problem !== undefined) return accountLedger(own.account, undefined, problem);
  return accountLedger(
    own.account,
    { records: [...inherited.records, ...own.records], tornTail: own.tornTail, problems: [] },
    undefined,
  );
}

/**
 * The ledgers read for {@link ledgerKeysFor}, by channel: a channel that inherits gets the account's old
 * records before its own; the old ledger is not listed on its own.
 */
export function channelLedgers(ledgers: Ledgers, channels: Iterable<ChannelRef>): Ledgers {
  const out: Ledgers = { accounts: new Map(), published: new Map() };
  for (const channel of channels) {
    const own = ledgers.accounts.get(channel.id);
    if (!own) continue;
    const ledger = channel.inheritsLedger
      ? inheritedLedger(own, ledgers.accounts.get(channel.accountId))
      : own;
    out.accounts.set(channel.id, ledger);
    if (ledger.problem === undefined && ledger.records.length > 0)
      out.published.set(channel.id, ledger.published);
  }
  return out;
}
