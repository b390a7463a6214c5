// Worker thread of the parse pool: parses and validates calendar files and sends back plain data.
import { parentPort } from 'node:worker_threads';
import { validateCalendar } from '../model/calendar.js';
import type { CalendarJob } from './parse-pool.js';
import { parseYamlSource } from './yaml-source.js';

parentPort?.on('message', (jobs: CalendarJob[]) => {
  parentPort?.postMessage(
    jobs.map((job) => validateCalendar(job.account, parseYamlSource(job.file, job.bytes))),
  );
});
