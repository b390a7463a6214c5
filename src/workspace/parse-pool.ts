// Parses and validates calendar files, sharing them between the main thread and worker threads when
// there is enough to parse to pay for starting the workers (about a quarter of a second).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { type CalendarFile, validateCalendar } from '../model/calendar.js';
import { parseYamlSource } from './yaml-source.js';

/** One calendar file to parse: its path, account folder and bytes. */
export interface CalendarJob {
  file: string;
  account: string;
  bytes: Uint8Array;
}

/** Below this many bytes to parse, worker start-up costs more than it saves: parse in-process. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/** Files per message to a worker: enough to amortise messaging, few enough to balance the load. */
const BATCH = 4;

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

function parseOne(job: CalendarJob): CalendarFile {
  return validateCalendar(job.account, parseYamlSource(job.file, job.bytes));
}

/**
 * How many worker threads to start: "auto" uses one per CPU beyond the first (the main thread parses
 * too), and none for small inputs or where the worker module is missing (running from sources).
 */
export function workerCount(workers: number | 'auto', totalBytes: number, jobs: number): number {
  if (jobs < 2) return 0;
  if (!existsSync(fileURLToPath(WORKER_URL))) return 0;
  if (workers !== 'auto') return Math.max(0, Math.min(workers, jobs - 1));
  if (totalBytes < PARALLEL_MIN_BYTES) return 0;
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  return Math.max(0, Math.min(cpus - 1, jobs - 1));
}

/** Parse and validate every job; results in job order. */
export async function parseCalendars(
  jobs: readonly CalendarJob[],
  options: { workers: number | 'auto' },
): Promise<CalendarFile[]> {
  const totalBytes = jobs.reduce((sum, job) => sum + job.bytes.length, 0);
  const count = workerCount(options.workers, totalBytes, jobs.length);
  if (count === 0) return jobs.map(parseOne);

  const { Worker } = await import('node:worker_threads');
  const results = new Array<CalendarFile>(jobs.length);
  // Job indexes still to parse; a failed worker's batch goes back here.
  const pending: number[] = [];
  for (let i = jobs.length - 1; i >= 0; i--) pending.push(i);
  const take = (n: number) => {
    const batch: number[] = [];
    while (batch.length < n && pending.length > 0) batch.push(pending.pop()!);
    return batch;
  };

  const workerDone: Promise<void>[] = [];
  for (let w = 0; w < count; w++) {
    workerDone.push(
      new Promise<void>((resolve) => {
        // A larger young generation: parsing makes many short-lived objects.
        const worker = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
        let inFlight: number[] = [];
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          void worker.terminate();
          resolve();
        };
        const feed = () => {
          inFlight = take(BATCH);
          if (inFlight.length === 0) return finish();
          worker.postMessage(inFlight.map((i) => jobs[i]));
        };
        worker.on('message', (calendars: CalendarFile[]) => {
          inFlight.forEach((i, k) => {
            results[i] = calendars[k]!;
          });
          inFlight = [];
          feed();
        });
        // A worker that fails (out of memory, a crash) hands its batch back; the main thread parses it.
        const fail = () => {
          pending.push(...inFlight);
          inFlight = [];
          finish();
        };
        worker.on('error', fail);
        worker.on('exit', fail);
        worker.once('online', feed);
      }),
    );
  }

  const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (;;) {
    while (pending.length > 0) {
      const i = pending.pop()!;
      results[i] = parseOne(jobs[i]!);
      // Let workers' messages in, so they get their next batch while the main thread parses.
      await yieldToEvents();
    }
    await Promise.all(workerDone);
    if (pending.length === 0) break;
  }
  return results;
}
