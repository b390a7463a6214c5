// Runs the built bin/chorus.js as a child process, as users and CI do.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/chorus.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run chorus with `args` in `cwd`; environment variables in `env` are added to a minimal environment. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Run chorus without blocking the test process, so servers started by the test (the X stand-in) can answer.
 * Returns the child too, so a test can kill it.
 */
export function startCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

/** `runCli` for tests that run servers in-process. */
export async function runCliAsync(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const { code, stdout, stderr } = await startCli(args, options).done;
  return { code, stdout, stderr };
}

/**
 * Run chorus without blocking, killed with SIGKILL after `ms` if it has not ended; a hang fails the test
 * (the result's signal is then SIGKILL), so attack tests stay bounded in time.
 */
export async function runBounded(args: string[], env: Record<string, string>, ms = 12_000) {
  const { child, done } = startCli(args, { env });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  try {
    const result = await done;
    if (result.signal !== null) throw new Error(`chorus ${args[0] ?? ''} hung and was killed after ${ms} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
