// What the networks' local stand-ins (src/platforms/<network>/stand-in.ts) share: reading a request body,
// the seeded fault picker (queued faults first, then random ones) and closing the server. For tests, the
// benchmarks and `chorus sandbox` only.
import type { IncomingMessage, Server } from 'node:http';

/** A request's whole body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The faults every stand-in can inject on a create; `none` in a queue lets one request through. */
type RandomFault = { kind: 'cut-after-accept' } | { kind: 'error-5xx' } | { kind: 'error-5xx-after-accept' };

/** Random faults, each a probability (0..1); `seed` makes runs repeatable. */
export interface RandomFaults {
  cutAfterAccept?: number;
  error5xx?: number;
  seed?: number;
}

/**
 * The next fault for a create: the first queued one (a queued `none` means no fault), else a random one
 * drawn from `random` faults with a seeded generator, else none.
 */
export function faultPicker<F extends { kind: string }>(
  queue: F[],
  random: RandomFaults | undefined,
): () => F | RandomFault | undefined {
  let seed = random?.seed ?? 1;
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  return () => {
    const queued = queue.shift();
    if (queued) return queued.kind === 'none' ? undefined : queued;
    if (!random) return undefined;
    const roll = next();
    if (roll < (random.cutAfterAccept ?? 0)) return { kind: 'cut-after-accept' };
    if (roll < (random.cutAfterAccept ?? 0) + (random.error5xx ?? 0)) {
      return next() < 0.5 ? { kind: 'error-5xx' } : { kind: 'error-5xx-after-accept' };
    }
    return undefined;
  };
}

/** Close a stand-in's server, cutting open connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
