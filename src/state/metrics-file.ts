// The metrics file on disk: state/<account>.metrics.jsonl, read whole and appended to in one write per run.
import { repairTail, writeFully } from './json-lines.js';

import { constants } from 'node:fs';
import { WorkspaceError } from '../errors.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';
import { brokenStateLink, openStateFile, STATE_FILE_HINT } from './state-file.js';
import { formatMetricsRecord, type MetricsRecord, parseMetrics } from './metrics.js';

/** Workspace-relative path of an account's metrics snapshots (under `stateDir`, default "state"). */
export function metricsPath(accountId: string, stateDir = 'state'): string {
  return `${stateDir}/${accountId}.metrics.jsonl`;
}

/** Metrics files larger than this are refused when read. */
export const MAX_METRICS_BYTES = 256 * 1024 * 1024;

/** A metrics file's text through the workspace's one door for files; undefined when there is none. */
async function readMetricsText(root: string, relative: string): Promise<string | undefined> {
  try {
    return (await readWorkspaceFile(root, relative, { maxBytes: MAX_METRICS_BYTES })).toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'missing') {
      const broken = await brokenStateLink(root, relative);
      if (broken) throw broken;
      return undefined;
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
}

/** Read an account's snapshots; a missing file has none. A damaged line is a located WorkspaceError. */
export async function readMetrics(
  root: string,
  accountId: string,
  stateDir = 'state',
): Promise<MetricsRecord[]> {
  const relative = metricsPath(accountId, stateDir);
  const text = await readMetricsText(root, relative);
  if (text === undefined) return [];
  const { records, problems } = parseMetrics(text);
  const first = problems[0];
  if (first) {
    throw new WorkspaceError(`The metrics file is damaged: ${first.message}.`, {
      file: relative,
      line: first.line,
      column: 1,
      hint: 'Metrics lines are written by `chorus metrics` only; restore the file from git.',
    });
  }
  return records;
}

/** A metrics line left out by `readMetricsLenient`, located. */
export interface SkippedMetricsLine {
  file: string;
  line: number;
  message: string;
}

/**
 * Read an account's snapshots, leaving out bad lines (each reported, located) rather than refusing the
 * file: one bad value must not take a report's numbers away from every account.
 */
export async function readMetricsLenient(
  root: string,
  accountId: string,
  stateDir = 'state',
): Promise<{ records: MetricsRecord[]; skipped: SkippedMetricsLine[] }> {
  const relative = metricsPath(accountId, stateDir);
  const text = await readMetricsText(root, relative);
  if (text === undefined) return { records: [], skipped: [] };
  const { records, problems } = parseMetrics(text);
  return {
    records,
    skipped: problems.map((problem) => ({ file: relative, line: problem.line, message: problem.message })),
  };
}

/** Whether a metrics file's last line, written without its newline, is a whole valid snapshot (kept). */
const isWholeSnapshot = (line: string) => {
  const parsed = parseMetrics(`${line}\n`);
  return parsed.records.length === 1 && parsed.problems.length === 0;
};

/**
 * Append one run's records in a single write to a file opened for appending, so two runs never interleave
 * lines (O_APPEND) and earlier snapshots are never rewritten. Only inside the workspace: state/ must be a
 * folder there and the file no link (O_NOFOLLOW); a refusal is a located WorkspaceError.
 */
export async function appendMetrics(
  root: string,
  accountId: string,
  records: readonly MetricsRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const { handle } = await openStateFile(
    root,
    metricsPath(accountId),
    constants.O_RDWR | constants.O_APPEND | constants.O_CREAT,
  );
  try {
    // A last line without a newline is a write cut short by a crash (cut off rather than glued onto), or a
    // whole snapshot whose newline was stripped (kept).
    await repairTail(handle, isWholeSnapshot);
    const before = (await handle.stat()).size;
    try {
      await writeFully(handle, Buffer.from(records.map(formatMetricsRecord).join(''), 'utf8'));
      await handle.sync();
    } catch (error) {
      // No half snapshot: cut back to what was there (the next append cuts a torn tail if this fails too).
      await handle.truncate(before).catch(() => undefined);
      throw error;
    }
  } finally {
    await handle.close();
  }
}
