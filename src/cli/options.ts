// Parsers for option values shared by several commands (--now, --account, --max-warnings).
import { accountIdOf } from '../model/types.js';
import { InvalidArgumentError } from 'commander';
import { UsageError, WorkspaceError } from '../errors.js';
import { didYouMean } from '../model/suggest.js';
import { parseWhen } from '../model/time.js';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

const EXAMPLE = 'like 2026-11-22T09:00:00Z or 2026-11-22T10:00+01:00';

/**
 * `--now`: an ISO 8601 instant with a time and an offset ("2026-11-22T09:00:00Z"). A date alone, a time
 * without an offset (whose zone would be a guess) and a day or time that does not exist (2027-02-30,
 * 24:00) are refused rather than silently rolled over.
 */
export function parseNowOption(value: string): Date {
  const match = INSTANT.exec(value);
  if (!match) {
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? ` (a date alone is ambiguous: add a time and an offset, e.g. ${value}T00:00:00Z)`
      : /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)
        ? ` (add an offset, e.g. ${value}Z for UTC)`
        : '';
    throw new InvalidArgumentError(`expected an ISO 8601 instant with an offset, ${EXAMPLE}${hint}`);
  }
  const [, year, month, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (
    Number(month) < 1 ||
    Number(month) > 12 ||
    Number(day) < 1 ||
    Number(day) > daysInMonth ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    Number(offsetHours) > 23 ||
    Number(offsetMinutes) > 59
  )
    throw new InvalidArgumentError(`"${value}" is not a real date and time (${EXAMPLE})`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`"${value}" is not a real date and time`);
  return date;
}

/** A non-negative whole number. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, like 0 or 10');
  return Number(value);
}

/** `--max-warnings`: a whole number, or -1 for no limit (as in ESLint). */
export function parseMaxWarnings(value: string): number {
  if (value.trim() === '-1') return -1;
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError('expected a whole number, or -1 for no limit');
  return Number(value.trim());
}

/** `--port`: 0 to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('expected a port number, like 8787');
  return port;
}

/** Collect `--account a --account b,c` into one list. */
export function collectAccounts(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/**
 * Check `--account` values against the workspace's accounts. An id whose account file has errors
 * (`broken`: id → file) is named as such, not as unknown.
 */
export function checkAccountIds(
  requested: readonly string[],
  known: Iterable<string>,
  broken: ReadonlyMap<string, string> = new Map(),
): void {
  // An account with channels is known by its id and by each channel's key (`acme-news@bluesky`).
  const knownSet = new Set<string>();
  for (const key of known) {
    knownSet.add(key);
    knownSet.add(accountIdOf(key));
  }
  for (const id of requested) {
    const brokenFile = knownSet.has(id) ? undefined : broken.get(id);
    if (brokenFile !== undefined) {
      throw new WorkspaceError(`The account file of "${id}" has errors, so the account cannot be used.`, {
        file: brokenFile,
        hint: `Run chorus lint --account ${id} to see them.`,
      });
    }
    if (!knownSet.has(id)) {
      throw new UsageError(
        `There is no account "${id}"${didYouMean(id, knownSet)}`,
        `Accounts in this workspace: ${[...knownSet].sort().join(', ') || '(none)'}.`,
      );
    }
  }
}

/**
 * `add` and `import` write to an account's calendar, which every channel of the account shares: a channel
 * key (`news@x`) is a usage error that says so.
 */
export function refuseChannelKey(requested: string): void {
  const at = requested.indexOf('@');
  if (at < 0) return;
  const account = requested.slice(0, at);
  throw new UsageError(
    `--account ${requested} names a channel; a post belongs to its account's calendar, which every channel shares`,
    `Use --account ${account}; to send the post to one network only, give it \`channels: [${requested.slice(at + 1)}]\` in the calendar.`,
  );
}

/** Whether a workspace file belongs to one of the selected accounts (chorus.yaml belongs to all). */
export function fileBelongsTo(file: string, accounts: ReadonlySet<string>): boolean {
  if (file === 'chorus.yaml') return true;
  const account = file.startsWith('accounts/')
    ? file.slice('accounts/'.length).replace(/\.ya?ml$/, '')
    : file.startsWith('content/')
      ? file.split('/')[1]
      : undefined;
  return account !== undefined && accounts.has(account);
}

/** `--shard I/N`: the I-th of N parallel jobs (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** Parse `--shard 2/4`. */
export function parseShardOption(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError('expected I/N with 1 <= I <= N, like 1/4');
  }
  return { index, count };
}

/** Which shard (1-based) an account belongs to: FNV-1a of its id, so adding accounts never moves others. */
export function shardOf(accountId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(accountId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

/** `--from`/`--to`: a calendar date "YYYY-MM-DD" (validated like dates in calendars). */
export function parseDateOption(value: string): string {
  const parsed = parseWhen(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  if (parsed.kind !== 'date')
    throw new InvalidArgumentError(`expected a date like 2026-12-01, not "${value}"`);
  return parsed.date;
}
