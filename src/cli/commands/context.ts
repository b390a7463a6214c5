// What every command declaration shares: the program's global options, the context a command runs in
// (the outside world, where its exit code goes, which workspace it works on) and the options several
// commands declare alike (--account, --now).
import { statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import type { CliIO } from '../io.js';
import { collectAccounts, parseNowOption } from '../options.js';

/** The program's global options, declared in ../index.ts (--root is undefined when not given). */
// A type, not an interface: commander's option values are a string-indexed record.
export type GlobalOptions = {
  root?: string | undefined;
  debug: boolean;
};

/** The program as a command declaration sees it: no arguments of its own, the global options. */
export type Program = Command<[], GlobalOptions>;

/** The workspace a command works on, and --debug. */
export interface Globals {
  root: string;
  debug: boolean;
}

/** What a command's action needs besides its options. */
export interface CommandContext {
  io: CliIO;
  /** Receives the command's exit code. */
  setExit: (code: number) => void;
  /**
   * --root as given; without it (and unless `search` is false, as for init) the nearest folder upward from
   * the current one that holds accounts/, announced once on stderr when it is not the current folder.
   */
  globals: (command: { optsWithGlobals: () => GlobalOptions }, options?: { search?: boolean }) => Globals;
}

/** A command's declaration: adds the command, its options and help to the program. */
export type RegisterCommand = (program: Program, context: CommandContext) => void;

/**
 * The workspace a command run without --root works on, as ESLint finds its config: the current folder or
 * the nearest one above it that holds an accounts/ folder (so `chorus lint 2027-01.yaml` works from
 * content/acme/); the current folder when none does (the command then says it is not a workspace).
 */
export function findWorkspaceRoot(cwd: string): string {
  const uid = process.getuid?.();
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const accounts = statSync(path.join(dir, 'accounts'), { throwIfNoEntry: false });
    // Only a folder of this user's: on a shared machine anyone can create /tmp/accounts.
    const owned = uid === undefined || statSync(dir).uid === uid;
    if (accounts?.isDirectory() && owned && (uid === undefined || accounts.uid === uid)) return dir;
    // Never above the repository the current folder is in, nor above the filesystem's root.
    if (statSync(path.join(dir, '.git'), { throwIfNoEntry: false }) || path.dirname(dir) === dir)
      return path.resolve(cwd);
  }
}

/** The context of one run: `setExit` receives each command's exit code. */
export function commandContext(io: CliIO, setExit: (code: number) => void): CommandContext {
  let announced = false;
  const globals: CommandContext['globals'] = (command, options = {}) => {
    const all = command.optsWithGlobals();
    const given = all.root !== undefined;
    const root =
      given || options.search === false ? path.resolve(io.cwd, all.root ?? '.') : findWorkspaceRoot(io.cwd);
    // Say which workspace is used when it is not the current folder, so nothing runs on a surprise.
    if (root !== path.resolve(io.cwd) && !given && options.search !== false && !announced) {
      announced = true;
      io.stderr(`chorus: using the workspace ${root}\n`);
    }
    return { root, debug: all.debug };
  };
  return { io, setExit, globals };
}

/** `--now <iso>`: the instant the command pretends it is (undefined: the clock). */
export function nowOption() {
  return new Option(
    '--now <iso>',
    'pretend the time is this ISO 8601 instant (default: the clock)',
  ).argParser(parseNowOption);
}

/** `--account <id>`: repeatable, comma-separated; empty means every account. */
export function accountOption() {
  return new Option(
    '--account <id>',
    'only these accounts (repeat or separate with commas); ACCOUNT@NETWORK for one channel',
  )
    .argParser(collectAccounts)
    .default<string[]>([]);
}

/** Collect a repeatable option's values in order (`--thread a --thread b` → ['a', 'b']). */
export function repeatable(value: string, previous: string[]): string[] {
  return [...previous, value];
}
