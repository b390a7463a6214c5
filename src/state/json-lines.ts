// JSON Lines files that survive crashes (the ledger, metrics snapshots): a tolerant parser and the
// repair of a torn last line before appending.
import type { FileHandle } from 'node:fs/promises';

/** A bad line of a JSON Lines file. */
export interface JsonLinesProblem {
  line: number;
  message: string;
}

/**
 * Parse JSON Lines; `problemOf` says why a parsed value is not a record (undefined: it is one). A last line
 * without a newline that is not a valid record is a write cut short by a crash: it is dropped and `tornTail`
 * is set. Any other bad line is a problem, located by line.
 */
export function parseJsonLines<T>(
  text: string,
  problemOf: (value: unknown) => string | undefined,
  notARecord: string,
): { records: T[]; tornTail: boolean; problems: JsonLinesProblem[] } {
  const records: T[] = [];
  const problems: JsonLinesProblem[] = [];
  let tornTail = false;
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const isLast = index === lines.length - 1 && !endsWithNewline;
    let value: unknown;
    let message: string | undefined;
    try {
      value = JSON.parse(line);
      const problem = problemOf(value);
      if (problem !== undefined) message = `${notARecord}: ${problem}`;
    } catch {
      message = 'this line is not JSON';
    }
    if (message === undefined) records.push(value as T);
    else if (isLast) tornTail = true;
    else problems.push({ line: index + 1, message });
  }
  return { records, tornTail, problems };
}

/** The longest last line looked at when repairing a file's tail; a longer one is no record of ours. */
const MAX_TAIL_BYTES = 64 * 1024;

/**
 * Make a file opened for appending end with a newline, so the next record starts on its own line. A last
 * line without a newline that `isWholeRecord` accepts (a record whose newline an editor or a merge tool
 * stripped) is kept and gets its newline; any other is a record whose write never finished, and is cut
 * off (dropping it is safe by design).
 */
export async function repairTail(
  handle: FileHandle,
  isWholeRecord: (line: string) => boolean,
): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const tailLength = Math.min(size, MAX_TAIL_BYTES);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  if (tail[tailLength - 1] === 0x0a) return;
  const lastNewline = tail.lastIndexOf(0x0a);
  if (lastNewline >= 0 || size <= tailLength) {
    const line = tail.subarray(lastNewline + 1).toString('utf8');
    if (isWholeRecord(line)) {
      await writeFully(handle, Buffer.from('\n'));
      await handle.sync();
      return;
    }
  }
  // No newline in the last 64 kB of a longer file: the torn line is longer than that; cut all of it.
  const keep =
    lastNewline >= 0 ? size - tailLength + lastNewline + 1 : await lineStart(handle, size - tailLength);
  await handle.truncate(keep);
  await handle.sync();
}

/** The offset just after the last newline before `end` (0 when there is none). */
async function lineStart(handle: FileHandle, end: number): Promise<number> {
  const chunk = Buffer.alloc(MAX_TAIL_BYTES);
  for (let to = end; to > 0;) {
    const from = Math.max(0, to - chunk.length);
    await handle.read(chunk, 0, to - from, from);
    const at = chunk.subarray(0, to - from).lastIndexOf(0x0a);
    if (at >= 0) return from + at + 1;
    to = from;
  }
  return 0;
}

/** A write loop gives up after this many writes that made no progress. */
const MAX_STALLED_WRITES = 3;

/**
 * Write all of `bytes` at the end of a file opened for appending, looping over partial writes (a write may
 * take fewer bytes than asked, e.g. on a nearly full disk); rejects when writes stop making progress.
 */
export async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  let stalled = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten > 0) {
      offset += bytesWritten;
      stalled = 0;
    } else if (++stalled >= MAX_STALLED_WRITES) {
      throw Object.assign(
        new Error(`short write: ${offset} of ${bytes.length} bytes written, then no progress (disk full?)`),
        { code: 'ESHORTWRITE' },
      );
    }
  }
}
