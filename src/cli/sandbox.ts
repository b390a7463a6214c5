// `chorus sandbox`: rehearse without any network account. Starts the local X API stand-in
// (src/testing/x-server.ts) on 127.0.0.1 with one user per account of the workspace, copies the workspace
// to a scratch folder (so the real state/ is never touched), and prints the environment to use; it stays up
// until Ctrl-C. The credentials it prints are made up and only the stand-in accepts them.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { analyseWorkspace } from '../pipeline/analyse.js';
import { parseDocument } from 'yaml';
import { fileStateStore } from '../state/file-store.js';
import { readWorkspace } from '../workspace/read.js';
import type { CliIO } from './io.js';
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
  const { published } = await readStateLedgers(
    options.root,
    raw,
    io,
    raw.accounts.map(({ id }) => id),
  );
  const location = stateLocation(raw, io);
  const outcome = analyseWorkspace(raw, { now: options.now, published });
  const accounts = [...outcome.workspace.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (accounts.length === 0) {
    throw new UsageError(
      'This workspace has no usable account, so the sandbox would have nobody to post as.',
      'Add one under accounts/ (chorus init writes an example), and check it with chorus lint.',
    );
  }

  const copy = await mkdtemp(path.join(tmpdir(), 'chorus-sandbox-'));
  const { startXServer } = await import('../testing/x-server.js');
  let server: Awaited<ReturnType<typeof startXServer>> | undefined;
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

    const users = accounts.map((account, index) => ({
      id: String(4_200_000_000 + index),
      username: account.handle.replace(/^@/, ''),
      accessToken: `sandbox-${account.id}-token`,
    }));
    // Made-up metrics, so `chorus metrics` and `chorus report` have something to show: every stored post
    // gets likes and impressions when metrics are looked up.
    let seen = 0;
    server = await startXServer({
      users,
      onRequest: (request) => {
        if (!server || request.method !== 'GET' || !request.path.startsWith('/2/tweets')) return;
        for (; seen < server.posts.length; seen++) {
          const n = seen + 1;
          server.setPostMetrics(server.posts[seen]!.id, {
            likes: 3 + ((n * 7) % 40),
            reposts: (n * 3) % 9,
            replies: n % 5,
            quotes: n % 2,
            impressions: 400 + ((n * 173) % 2500),
          });
        }
      },
      ...(options.port ? { port: options.port } : {}),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        throw new UsageError(
          `Cannot listen on 127.0.0.1:${options.port} (${error.code}).`,
          'Pick another --port, or leave it out for any free port.',
        );
      }
      throw error;
    });
    accounts.forEach((account, index) => server!.setFollowers(users[index]!.username, 1000 + index * 250));

    const env: [string, string][] = [
      ['CHORUS_X_API_URL', server.url],
      ['CHORUS_X_APP_KEY', 'sandbox-app-key'],
      ['CHORUS_X_APP_SECRET', 'sandbox-app-secret'],
    ];
    if (location.kind === 'postgres') env.push([STATE_URL_VARIABLE, '']);
    for (const account of accounts) {
      env.push([account.credentials.accessToken, `sandbox-${account.id}-token`]);
      env.push([account.credentials.accessSecret, `sandbox-${account.id}-secret`]);
    }
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
      `Chorus sandbox: a stand-in for the X API at ${server.url}, with one user per account:\n` +
        accounts.map((a) => `  @${a.handle.replace(/^@/, '')}  (${a.id})\n`).join('') +
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
    io.stdout(`\nSandbox stopped: ${server.posts.length} post(s) were published to it.\n`);
    return 0;
  } finally {
    await server?.close();
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
