// The ledger on disk: reads state/<account>.jsonl and appends records with fsync, checking that every byte
// was written, so a record written before a request survives a crash and a full disk is never missed.
// Only call `openLedger` while holding the account's lock.

import { constants } from 'node:fs';
import { type FileHandle, lstat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, WorkspaceError } from '../errors.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';
import { brokenStateLink, openStateFile, STATE_FILE_HINT } from './state-file.js';
import { repairTail, writeFully } from './json-lines.js';
import type { PublishedPost } from '../schedule/timeline.js';
import {
  formatLedgerRecord,
  type LedgerRecord,
  type LedgerState,
  type ParsedLedger,
  parseLedger,
  ledgerKeyOf,
  publishedPosts,
  replayLedger,
} from './ledger.js';

/** Workspace-relative path of an account's ledger. */
export function ledgerPath(accountId: string, stateDir = 'state'): string {
  return `${stateDir}/${accountId}.jsonl`;
}

/** Ledgers larger than this are refused when read (years of posts take a few MB). */
export const MAX_LEDGER_BYTES = 256 * 1024 * 1024;

/** Read and parse an account's ledger; a missing file is an empty ledger. Bad lines are a located WorkspaceError. */
async function readLedgerFile(root: string, accountId: string, stateDir = 'state'): Promise<ParsedLedger> {
  const relative = ledgerPath(accountId, stateDir);
  let text: string;
  try {
    // Through the safe door: a FIFO, a device or a link out of the workspace fails this account, never hangs.
    text = (await readWorkspaceFile(root, relative, { maxBytes: MAX_LEDGER_BYTES })).toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'missing') {
      // A broken link is no missing ledger: a new one would be created where it points (outside, maybe).
      const broken = await brokenStateLink(root, relative);
      if (broken) throw broken;
      return { records: [], tornTail: false, problems: [] };
    }
    if (error instanceof UnsafeFileError) {
      throw new WorkspaceError(`This file ${error.detail}`, {
        file: relative,
        line: 1,
        column: 1,
        // A ledger or metrics file is Chorus's own: "copy the file into the workspace" would be wrong here.
        hint: error.reason === 'outside' || error.reason === 'not-regular' ? STATE_FILE_HINT : error.hint,
      });
    }
    throw error;
  }
  // Even a link inside the workspace is refused: it would give this account another account's history
  // (its posts would count as published and never be sent).
  if ((await lstat(path.join(root, relative)).catch(() => undefined))?.isSymbolicLink()) {
    throw new WorkspaceError(
      "This file is a symbolic link; a ledger is read and written as a regular file, never through a link (it would give this account another file's history).",
      { file: relative, line: 1, column: 1, hint: STATE_FILE_HINT },
    );
  }
  const parsed = parseLedger(text);
  const first = parsed.problems[0] ?? otherAccountRecord(text, parsed, accountId);
  if (first) {
    throw new WorkspaceError(`The ledger is damaged: ${first.message}.`, {
      file: relative,
      line: first.line,
      column: 1,
      hint: `Ledger lines are written by \`chorus publish\` only; restore the file from git (\`git checkout -- ${relative}\`).`,
    });
  }
  return parsed;
}

/** The first record that belongs to another account (a copied or swapped ledger), located by line. */
function otherAccountRecord(
  text: string,
  parsed: ParsedLedger,
  accountId: string,
): { line: number; message: string } | undefined {
  if (parsed.records.every((record) => ledgerKeyOf(record) === accountId)) return undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let account: unknown;
    try {
      const record = JSON.parse(line) as { account?: unknown; channel?: unknown };
      account =
        typeof record.channel === 'string' ? `${String(record.account)}@${record.channel}` : record.account;
    } catch {
      continue;
    }
    if (account !== accountId)
      return {
        line: index + 1,
        message: `this record is of the account "${String(account)}", not "${accountId}"`,
      };
  }
  return undefined;
}

/**
 * Where the platform has O_SYNC (not Windows), the ledger is opened with it: each write returns once the
 * record is on disk, as write + fsync would, in one step instead of two. Elsewhere appends fsync.
 */
const O_SYNC: number | undefined = constants.O_SYNC;
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (O_SYNC ?? 0);

/** Opens a file as `fs/promises.open` does; replaceable in tests to simulate short writes or a full disk. */
export type OpenFile = (file: string, flags: number) => Promise<FileHandle>;

/** A ledger append that did not reach the disk whole; the file is left as it was before the append. */
export class LedgerWriteError extends WorkspaceError {
  readonly code: string | undefined;
  /** `hint` replaces the one for files (the PostgreSQL state gives its own). */
  constructor(relative: string, cause: unknown, hint?: string) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot write the ledger: ${reason}`, {
      file: relative,
      exitCode: ExitCode.problems,
      hint:
        hint ??
        'Free disk space (or fix the permissions of state/) and run again; what went out is found on X and recorded then.',
    });
    this.code = code;
  }
}

/** An open ledger that appends durable records. */
export interface LedgerWriter {
  /**
   * Append one record; resolves once all of it is on disk (O_SYNC write, or write + fsync). Rejects with a
   * LedgerWriteError when it is not (a short write, a full disk): the ledger is then as it was before.
   */
  append(record: LedgerRecord): Promise<void>;
  /** Close the file; a ledger this writer created and never wrote to is removed, so it leaves no trace. */
  close(): Promise<void>;
}

/** Whether a ledger's last line, written without its newline, is a whole valid record (kept, not cut). */
const isWholeRecord = (line: string) => {
  const parsed = parseLedger(`${line}\n`);
  return parsed.records.length === 1 && parsed.problems.length === 0;
};

/**
 * Open an account's ledger for appending, first cutting off a torn last line left by a crash (a whole
 * record that only lacks its newline, as an editor or a merge tool leaves it, is kept). Only inside the
 * workspace: state/ must be a folder there and the ledger no link (O_NOFOLLOW). It may be
 * opened ahead of the first record (the publisher does, while X answers): a file created here and left
 * empty is removed again on close.
 */
export async function openLedger(
  root: string,
  accountId: string,
  options: { open?: OpenFile } = {},
): Promise<LedgerWriter> {
  const relative = ledgerPath(accountId);
  // O_EXCL creates the file or fails because it exists, so whether this writer created it is certain.
  let created = true;
  let handle: FileHandle;
  let file: string;
  try {
    ({ handle, file } = await openStateFile(root, relative, APPEND_FLAGS | constants.O_EXCL, options.open));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
    ({ handle, file } = await openStateFile(root, relative, APPEND_FLAGS, options.open));
    // A torn tail is a record whose write never finished: an intent whose request was never sent, or an
    // outcome whose intent is still there (so the next step reconciles it). Dropping it is safe. A whole
    // record without its newline gets the newline instead: cutting it could lose a `published` record.
    try {
      await repairTail(handle, isWholeRecord);
    } catch (repairError) {
      await handle.close().catch(() => undefined);
      throw new LedgerWriteError(relative, repairError);
    }
  }
  // The size up to the last complete record: a failed append is cut back to it.
  let size = (await handle.stat()).size;
  let written = false;
  return {
    async append(record) {
      written = true;
      const bytes = Buffer.from(formatLedgerRecord(record), 'utf8');
      try {
        await writeFully(handle, bytes);
        if (O_SYNC === undefined) await handle.sync();
      } catch (error) {
        // Leave no part of the record behind: a torn intent must not look like one whose request was sent
        // later, and a torn outcome must leave its intent last, so the next run reconciles it. If the cut
        // fails too, the next open cuts the torn tail.
        await handle
          .truncate(size)
          .then(() => handle.sync())
          .catch(() => undefined);
        throw new LedgerWriteError(relative, error);
      }
      size += bytes.length;
    },
    async close() {
      await handle.close();
      if (created && !written) await unlink(file).catch(() => undefined);
    },
  };
}

/** Append records in one go (used by tests and tools that hold the lock). */
export async function appendRecords(root: string, accountId: string, records: LedgerRecord[]): Promise<void> {
  const writer = await openLedger(root, accountId);
  try {
    for (const record of records) await writer.append(record);
  } finally {
    await writer.close();
  }
}

/**
 * The warning for a ledger that plan, codes, lint, add and import cannot read: located, one line, saying
 * that the account is shown as if nothing was published from it (`chorus publish` stops at it instead).
 */
export function damagedLedgerWarning(accountId: string, error: unknown): string {
  const relative = ledgerPath(accountId);
  if (error instanceof WorkspaceError) {
    const where = `${error.file ?? relative}${error.line === undefined ? '' : `:${error.line}`}`;
    const hint = error.hint ? ` ${error.hint}` : '';
    return `chorus: ${where}: ${error.message.replace(/\.$/, '')}; shown as if nothing was published from account "${accountId}" (publish stops for it until the file is fixed).${hint}\n`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `chorus: ${relative}: cannot be read (${reason}); shown as if nothing was published from account "${accountId}".\n`;
}

/** An account's ledger as every command sees it: its records, their replay, and why it could not be read. */
export interface AccountLedger {
  account: string;
  /** The records, oldest first; empty when the file is missing or could not be read. */
  records: LedgerRecord[];
  /** Whether the last line was torn (written without its end) and left out. */
  tornTail: boolean;
  /** What the records say per post and part (replayed on first use). */
  readonly state: LedgerState;
  /** The account's published posts, for the timeline (derived on first use). */
  readonly published: Map<string, PublishedPost>;
  /**
   * Why the ledger could not be read, when it could not: a located WorkspaceError (a bad line, a FIFO, a
   * link out of the workspace) or another error. The records are then empty.
   */
  problem: unknown;
}

/** The ledgers of several accounts, read by {@link readLedgers}. */
export interface Ledgers {
  /** Every account asked for, in the order given. */
  accounts: Map<string, AccountLedger>;
  /** Published posts of the accounts whose ledger was read and has records, for the timeline. */
  published: Map<string, Map<string, PublishedPost>>;
}

/** An account's ledger from its parsed records, replayed only when asked (every StateStore builds these). */
export function accountLedger(
  account: string,
  parsed: ParsedLedger | undefined,
  problem: unknown,
): AccountLedger {
  const records = parsed?.records ?? [];
  let state: LedgerState | undefined;
  let published: Map<string, PublishedPost> | undefined;
  return {
    account,
    records,
    tornTail: parsed?.tornTail ?? false,
    get state() {
      return (state ??= replayLedger(records));
    },
    get published() {
      return (published ??= publishedPosts(this.state));
    },
    problem,
  };
}

/**
 * The one reader of ledgers: every command gets an account's records, published posts and problems here.
 * A missing ledger is empty. A ledger that cannot be read is empty too, with its `problem` set; with `warn`,
 * each such account also gets the located warning of {@link damagedLedgerWarning} (plan, codes, lint, add
 * and import show the account as if nothing was published from it; `chorus publish` and `chorus report`
 * report the problem in their own way).
 */
export async function readLedgers(
  root: string,
  accountIds: Iterable<string>,
  options: { stateDir?: string; warn?: (text: string) => void } = {},
): Promise<Ledgers> {
  const ids = [...accountIds];
  const read = await Promise.all(
    ids.map((id) =>
      readLedgerFile(root, id, options.stateDir).then(
        (parsed) => accountLedger(id, parsed, undefined),
        (error: unknown) => accountLedger(id, undefined, error),
      ),
    ),
  );
  const ledgers: Ledgers = { accounts: new Map(), published: new Map() };
  for (const ledger of read) {
    ledgers.accounts.set(ledger.account, ledger);
    if (ledger.problem !== undefined) options.warn?.(damagedLedgerWarning(ledger.account, ledger.problem));
    else if (ledger.records.length > 0) ledgers.published.set(ledger.account, ledger.published);
  }
  return ledgers;
}

/** One account's ledger ({@link readLedgers} for a single account). */
export async function readAccountLedger(
  root: string,
  accountId: string,
  stateDir?: string,
): Promise<AccountLedger> {
  return (await readLedgers(root, [accountId], stateDir === undefined ? {} : { stateDir })).accounts.get(
    accountId,
  )!;
}
