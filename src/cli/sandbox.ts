// `chorus sandbox`: rehearse without any network account. Starts each network's local stand-in (the
// platform's `sandbox`, e.g. src/platforms/x/sandbox.ts) on 127.0.0.1 with one user per account, copies the workspace
// to a scratch folder (so the real state/ is never touched), and prints the environment to use; it stays up
// until Ctrl-C. The credentials it prints are made up and only the stand-in accepts them.

import { validateWorkspace } from '../model/validate.js';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { parseDocument } from 'yaml';
import { fileStateStore } from '../state/file-store.js';
import { readWorkspace } from '../workspace/read.js';
import type { Sandbox } from '../platforms/types.js';
import { type CliIO, platformsOf } from './io.js';
import { openPostgres, readStateLedgers, STATE_URL_VARIABLE, stateLocation } from './state-store.js';

export interface SandboxOptions {
  root: string;
  /** Port for the stand-in (0: any free port). */
  port: number;
  now: Date;
  /** Resolves when the sandbox should stop (Ctrl-C). */
  until: Promise<unknown>;
}

/** What the copy of the workspace holds: the files Chorus reads, and the ledgers (without locks). */
const COPIED = ['chorus.yaml', 'accounts', 'content', 'media', 'state'];

/** Run the sandbox until `options.until` resolves; returns the exit code. */
export async function sandboxCommand(options: SandboxOptions, io: CliIO): Promise<number> {
  const raw = await readWorkspace(options.root);
  // A damaged ledger is left out silently here: the sandbox's publish run reports it.
  const validated = validateWorkspace(raw, platformsOf(io));
  const { published } = await readStateLedgers(options.root, raw, io, validated.workspace.accounts.values());
  const location = stateLocation(raw, io);
  const outcome = analyseWorkspace(raw, {
    now: options.now,
    published,
    validated,
    platforms: platformsOf(io),
  });
  const accounts = [...outcome.workspace.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (accounts.length === 0) {
    throw new UsageError(
      'This workspace has no usable account, so the sandbox would have nobody to post as.',
      'Add one under accounts/ (chorus init writes an example), and check it with chorus lint.',
    );
  }

  const covered = accounts.filter((account) => outcome.workspace.platforms.get(account.platform)?.sandbox);
  if (covered.length === 0) {
    throw new UsageError(
      'None of the accounts of this workspace lives on a network the sandbox has a stand-in for.',
      `The sandbox has stand-ins for: ${[...outcome.workspace.platforms.values()]
        .filter((p) => p.sandbox)
        .map((p) => p.name)
        .join(', ')}.`,
    );
  }
  const copy = await mkdtemp(path.join(tmpdir(), 'chorus-sandbox-'));
  const sandboxes: Sandbox[] = [];
  try {
    for (const entry of COPIED) {
      await cp(path.join(options.root, entry), path.join(copy, entry), {
        recursive: true,
        // Locks belong to the real workspace's runs; symbolic links are copied as links, never followed.
        filter: (source) => !source.endsWith('.lock'),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }

    // With the ledger in PostgreSQL, the copy gets the database's records as files and publishes to those:
    // a rehearsal must never write to the real ledger (its stand-in posts would count as published).
    if (location.kind === 'postgres') await ledgerIntoCopy(location, copy);
    for (const platform of outcome.workspace.platforms.values()) {
      const mine = covered.filter((account) => account.platform === platform.id);
      if (mine.length === 0 || !platform.sandbox) continue;
      sandboxes.push(
        await platform
          .sandbox(mine, options.port ? { port: options.port } : {})
          .catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
              throw new UsageError(
                `Cannot listen on 127.0.0.1:${options.port} (${error.code}).`,
                'Pick another --port, or leave it out for any free port.',
              );
            }
            throw error;
          }),
      );
    }
    const env = sandboxes.flatMap((sandbox) => sandbox.env);
    // An empty CHORUS_STATE_URL means the files: the copy's state/, never the database.
    if (location.kind === 'postgres') env.splice(1, 0, [STATE_URL_VARIABLE, '']);
    const next = outcome.timeline.entries.find(
      // A post with its own time: queued posts are placed after whatever --now says, so they are never due.
      (entry) =>
        entry.source === 'explicit' &&
        entry.at !== undefined &&
        !entry.published &&
        entry.at.getTime() >= options.now.getTime(),
    );
    const now = next?.at
      ? new Date(next.at.getTime() + 60_000).toISOString().replace('.000Z', 'Z')
      : undefined;
    const root = copy.includes(' ') ? `"${copy}"` : copy;
    io.stdout(
      `Chorus sandbox: ${sandboxes.map((s) => s.description).join('; ')}, with one user per account:\n` +
        covered
          .map(
            (a) =>
              `  ${outcome.workspace.platforms.get(a.platform)!.account.displayHandle(a.handle)}  (${a.id})\n`,
          )
          .join('') +
        `and a copy of the workspace to publish from, so your own state/ is not touched:\n  ${copy}\n\n` +
        'In another terminal, set these (made up: only the sandbox accepts them):\n\n' +
        env.map(([name, value]) => `export ${name}=${value}\n`).join('') +
        '\nthen publish, fetch metrics and see the report:\n\n' +
        `  npx --no-install chorus --root ${root} publish${now ? ` --now ${now}` : ''}\n` +
        `  npx --no-install chorus --root ${root} metrics\n` +
        `  npx --no-install chorus --root ${root} report\n` +
        (now
          ? `\n(--now pretends it is just after the next planned post, ${next!.account.id}/${next!.post.id}.)\n`
          : '') +
        '\nPress Ctrl-C to stop; the copy is removed.\n',
    );
    await options.until;
    const posted = sandboxes.reduce((sum, sandbox) => sum + sandbox.posted(), 0);
    io.stdout(`\nSandbox stopped: ${posted} post(s) were published to it.\n`);
    return 0;
  } finally {
    for (const sandbox of sandboxes) await sandbox.close();
    await rm(copy, { recursive: true, force: true });
  }
}

/** Copy the PostgreSQL ledger into the sandbox's state/, and make the copy's chorus.yaml use files. */
async function ledgerIntoCopy(location: { url: string; source: string }, copy: string): Promise<void> {
  const config = path.join(copy, 'chorus.yaml');
  const text = await readFile(config, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const document = parseDocument(text);
    if (document.has('state')) {
      document.delete('state');
      await writeFile(config, document.toString());
    }
  }
  const database = await openPostgres(location, true);
  try {
    const files = fileStateStore(copy);
    for (const [account, records] of await database.exportRecords())
      await files.importRecords(account, records);
  } finally {
    await database.close();
  }
}
