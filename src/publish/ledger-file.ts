// The ledger on disk: reads state/<account>.jsonl and appends records with fsync, so a record written
// before a request survives a crash. Only call `openLedger` while holding the account's lock.

import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';
import { cutTornTail } from './json-lines.js';
import type { PublishedPost } from '../schedule/timeline.js';
import {
  formatLedgerRecord,
  type LedgerRecord,
  type ParsedLedger,
  parseLedger,
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
export async function readLedger(root: string, accountId: string, stateDir = 'state'): Promise<ParsedLedger> {
  const relative = ledgerPath(accountId, stateDir);
  let text: string;
  try {
    // Through the safe door: a FIFO, a device or a link out of the workspace fails this account, never hangs.
    text = (await readWorkspaceFile(root, relative, { maxBytes: MAX_LEDGER_BYTES })).toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'missing')
      return { records: [], tornTail: false, problems: [] };
    if (error instanceof UnsafeFileError) {
      throw new WorkspaceError(`This file ${error.detail}`, {
        file: relative,
        line: 1,
        column: 1,
        hint: error.hint,
      });
    }
    throw error;
  }
  const parsed = parseLedger(text);
  const first = parsed.problems[0];
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

/**
 * Where the platform has O_SYNC (not Windows), the ledger is opened with it: each write returns once the
 * record is on disk, as write + fsync would, in one step instead of two. Elsewhere appends fsync.
 */
const O_SYNC: number | undefined = constants.O_SYNC;
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (O_SYNC ?? 0);

/** An open ledger that appends durable records. */
export interface LedgerWriter {
  /** Append one record; resolves once it is on disk (O_SYNC write, or write + fsync). */
  append(record: LedgerRecord): Promise<void>;
  /** Close the file; a ledger this writer created and never wrote to is removed, so it leaves no trace. */
  close(): Promise<void>;
}

/**
 * Open an account's ledger for appending, first cutting off a torn last line left by a crash. It may be
 * opened ahead of the first record (the publisher does, while X answers): a file created here and left
 * empty is removed again on close.
 */
export async function openLedger(root: string, accountId: string): Promise<LedgerWriter> {
  const file = path.join(root, ledgerPath(accountId));
  await mkdir(path.dirname(file), { recursive: true });
  // O_EXCL creates the file or fails because it exists, so whether this writer created it is certain.
  let created = true;
  let handle: FileHandle;
  try {
    handle = await open(file, APPEND_FLAGS | constants.O_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
    handle = await open(file, APPEND_FLAGS);
    // A torn tail is a record whose write never finished: an intent whose request was never sent, or an
    // outcome whose intent is still there (so the next step reconciles it). Dropping it is safe.
    await cutTornTail(handle);
  }
  let written = false;
  return {
    async append(record) {
      written = true;
      await handle.write(formatLedgerRecord(record));
      if (O_SYNC === undefined) await handle.sync();
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
 * Published posts of every account, from their ledgers, for the timeline (lint, plan, codes, add, import):
 * a published post keeps the time it really went out and takes its slot. A damaged ledger counts as empty
 * here; `chorus publish` reports it, located, and stops only that account.
 */
export async function readPublishedPosts(
  root: string,
  accountIds: Iterable<string>,
): Promise<Map<string, Map<string, PublishedPost>>> {
  const published = new Map<string, Map<string, PublishedPost>>();
  for (const id of accountIds) {
    const ledger = await readLedger(root, id).catch(() => undefined);
    if (ledger && ledger.records.length > 0) published.set(id, publishedPosts(replayLedger(ledger.records)));
  }
  return published;
}
