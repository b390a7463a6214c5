// The metrics file on disk: state/<account>.metrics.jsonl, read whole and appended to in one write per run.
import { cutTornTail, writeFully } from '../publish/json-lines.js';

import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';
import { formatMetricsRecord, type MetricsRecord, parseMetrics } from './snapshot.js';

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
    if (error instanceof UnsafeFileError && error.reason === 'missing') return undefined;
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

/**
 * Append one run's records in a single write to a file opened for appending, so two runs never interleave
 * lines (O_APPEND) and earlier snapshots are never rewritten.
 */
export async function appendMetrics(
  root: string,
  accountId: string,
  records: readonly MetricsRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const file = path.join(root, metricsPath(accountId));
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  try {
    // A last line without a newline is a write cut short by a crash: cut it off rather than glue onto it.
    await cutTornTail(handle);
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
