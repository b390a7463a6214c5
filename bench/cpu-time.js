// Preloaded by bench/ab.js (`--import`): appends this process's CPU time (user + system, in ms, worker
// threads included) to the file named by CHORUS_BENCH_CPU_FILE when it exits. CPU time, unlike wall time,
// barely moves with the load other jobs put on a shared machine.
import { appendFileSync } from 'node:fs';

const file = process.env.CHORUS_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(file, `${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`);
  });
}
