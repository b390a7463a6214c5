// Shared fuzz harness: fixed seed, case counts, a per-case time bound and a watchdog thread that ends a hang.
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

/** The seed every fuzz property uses; set CHORUS_FUZZ_SEED to explore other inputs. */
export const FUZZ_SEED = Number(process.env.CHORUS_FUZZ_SEED ?? 20261122);
/** Multiplies every property's case count: CHORUS_FUZZ_SCALE=20 for a long local fuzzing session. */
const SCALE = Number(process.env.CHORUS_FUZZ_SCALE ?? 1);
/** One case slower than this fails (catastrophic backtracking, quadratic blow-ups on small input). */
export const CASE_LIMIT_MS = 2_000;
/** A case that does not return within this is a hang: the watchdog kills the test process. */
const STALL_MS = Number(process.env.CHORUS_FUZZ_STALL_MS ?? 15_000);

// The watchdog runs in its own thread, so it still runs when a synchronous infinite loop blocks
// the test thread (which no setTimeout-based timeout can interrupt). It watches a heartbeat counter
// that the test thread bumps before every case.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.state);
let last = Atomics.load(state, 0);
for (;;) {
  Atomics.wait(state, 1, 0, workerData.stallMs);
  if (Atomics.load(state, 1) !== 0) break;
  const now = Atomics.load(state, 0);
  if (now === last && now > 0) {
    const label = new TextDecoder().decode(new Uint8Array(workerData.label, 0, Atomics.load(state, 2)));
    writeSync(2, '\\nfuzz watchdog: ' + label + ' did not finish within ' + workerData.stallMs + ' ms; killing the test process.\\n');
    process.kill(process.pid, 'SIGKILL');
  }
  last = now;
}
`;

interface Watchdog {
  beat(label: string): void;
  stop(): Promise<void>;
}

function startWatchdog(): Watchdog {
  const state = new SharedArrayBuffer(12);
  const label = new SharedArrayBuffer(1024);
  const stateView = new Int32Array(state);
  const labelView = new Uint8Array(label);
  const encoder = new TextEncoder();
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { state, label, stallMs: STALL_MS } });
  worker.unref();
  return {
    beat(text) {
      const { written } = encoder.encodeInto(text, labelView);
      Atomics.store(stateView, 2, written);
      Atomics.add(stateView, 0, 1);
    },
    async stop() {
      Atomics.store(stateView, 1, 1);
      Atomics.notify(stateView, 1);
      await worker.terminate();
    },
  };
}

/**
 * Check `property` on `runs` generated cases (seeded, reproducible). A thrown exception, a case slower
 * than CASE_LIMIT_MS, or a hang fails it; fast-check then shrinks the input and prints the seed and path.
 * Set CHORUS_FUZZ_LOG=1 to print each case before it runs (to find a case that hangs).
 */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  property: (value: T) => void,
  runs: number,
): Promise<void> {
  const watchdog = startWatchdog();
  let index = 0;
  try {
    fc.assert(
      fc.property(arbitrary, (value) => {
        index++;
        watchdog.beat(`fuzz "${name}" case ${index} (seed ${FUZZ_SEED})`);
        if (process.env.CHORUS_FUZZ_LOG) writeSync(2, `${name} #${index}: ${fc.stringify(value)}\n`);
        const start = performance.now();
        property(value);
        const elapsed = performance.now() - start;
        if (elapsed > CASE_LIMIT_MS) {
          throw new Error(`case took ${elapsed.toFixed(0)} ms (limit ${CASE_LIMIT_MS} ms)`);
        }
      }),
      { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * SCALE)) },
    );
  } finally {
    await watchdog.stop();
  }
}
