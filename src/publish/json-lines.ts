// JSON Lines files that survive crashes (the ledger, metrics snapshots): a tolerant parser and the
// repair of a torn last line before appending.
import type { FileHandle } from 'node:fs/promises';

/** A bad line of a JSON Lines file. */
export interface JsonLinesProblem {
  line: number;
  message: string;
}

/**
 * Parse JSON Lines. A last line without a newline that is not a valid record is a write cut short by a
 * crash: it is dropped and `tornTail` is set. Any other bad line is a problem, located by line.
 */
export function parseJsonLines<T>(
  text: string,
  isRecord: (value: unknown) => value is T,
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
      if (!isRecord(value)) message = notARecord;
    } catch {
      message = 'this line is not JSON';
    }
    if (message === undefined) records.push(value as T);
    else if (isLast) tornTail = true;
    else problems.push({ line: index + 1, message });
  }
  return { records, tornTail, problems };
}

/**
 * Cut off a torn last line (no final newline) of a file opened for appending, so the next record starts
 * on its own line. A torn line is a record whose write never finished; dropping it is safe by design.
 */
export async function cutTornTail(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const tailLength = Math.min(size, 64 * 1024);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  if (tail[tailLength - 1] === 0x0a) return;
  const lastNewline = tail.lastIndexOf(0x0a);
  const keep =
    lastNewline < 0 ? (size > tailLength ? size - tailLength : 0) : size - tailLength + lastNewline + 1;
  await handle.truncate(keep);
  await handle.sync();
}
