// A/B timing of shell commands, interleaved (round 1 of every variant, then round 2, …) so that a change in
// machine load hits every variant alike; prints medians of wall time and of CPU time (user + system of every
// Node process the command starts, through bench/cpu-time.js) and each variant's ratio to the first. On a
// machine shared with other jobs, CPU time is the steadier figure for single-threaded work; wall time is
// the one that shows parallelism.
// Usage: node bench/ab.js [--runs N] [--warmup N] [--prepare CMD] 'label=command' 'label=command' …
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CPU_HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-time.js');
const CPU_FILE = path.join(os.tmpdir(), `chorus-ab-cpu-${process.pid}`);

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '1' },
    prepare: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});
if (values.help || positionals.length < 2) {
  console.log(
    "Usage: node bench/ab.js [--runs N] [--warmup N] [--prepare 'CMD'] 'A=command' 'B=command' …\n" +
      'Runs each command through sh, interleaved; --prepare runs (untimed) before every run; exit codes 0 and 1 count as success.',
  );
  process.exit(values.help ? 0 : 2);
}
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const variants = positionals.map((spec) => {
  const at = spec.indexOf('=');
  return {
    label: spec.slice(0, at),
    command: spec.slice(at + 1),
    times: /** @type {number[]} */ ([]),
    cpu: /** @type {number[]} */ ([]),
  };
});

/**
 * Run a command once: its wall time and the CPU time of the Node processes it started (ms).
 * @param {string} command
 */
function timeOnce(command) {
  if (values.prepare) spawnSync('sh', ['-c', values.prepare], { stdio: 'ignore' });
  rmSync(CPU_FILE, { force: true });
  const env = {
    ...process.env,
    CHORUS_BENCH_CPU_FILE: CPU_FILE,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${CPU_HOOK}`.trim(),
  };
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', command], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} exited with ${result.status}: ${result.stderr}`);
  let cpu = 0;
  try {
    for (const line of readFileSync(CPU_FILE, 'utf8').split('\n')) cpu += Number(line) || 0;
  } catch {
    cpu = Number.NaN;
  }
  return { ms, cpu };
}

/** @param {number[]} list */
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

for (let round = 0; round < warmup; round++) for (const v of variants) timeOnce(v.command);
for (let round = 0; round < runs; round++) {
  for (const v of variants) {
    const { ms, cpu } = timeOnce(v.command);
    v.times.push(ms);
    v.cpu.push(cpu);
  }
  process.stderr.write(
    `round ${round + 1}/${runs}: ${variants.map((v) => `${v.label} ${v.times.at(-1)?.toFixed(0)}/${v.cpu.at(-1)?.toFixed(0)} ms`).join(', ')}\n`,
  );
}
rmSync(CPU_FILE, { force: true });
const baseWall = median(variants[0]?.times ?? []);
const baseCpu = median(variants[0]?.cpu ?? []);
console.log(
  `${'variant'.padEnd(24)} ${'wall median'.padStart(12)} ${'(min … max)'.padEnd(18)} ${'× first'.padStart(8)}  ${'CPU median'.padStart(11)} ${'(min … max)'.padEnd(18)} ${'× first'.padStart(8)}`,
);
for (const v of variants) {
  const wall = median(v.times);
  const cpu = median(v.cpu);
  const range = (/** @type {number[]} */ list) =>
    `(${Math.min(...list).toFixed(0)} … ${Math.max(...list).toFixed(0)})`;
  console.log(
    `${v.label.padEnd(24)} ${`${wall.toFixed(0)} ms`.padStart(12)} ${range(v.times).padEnd(18)} ${(wall / baseWall).toFixed(3).padStart(8)}  ${`${cpu.toFixed(0)} ms`.padStart(11)} ${range(v.cpu).padEnd(18)} ${(cpu / baseCpu).toFixed(3).padStart(8)}`,
  );
}
