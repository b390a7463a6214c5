// Which state a command uses: PostgreSQL when chorus.yaml's `state.url_env` or CHORUS_STATE_URL gives a
// URL (read from the real environment only, never from a file), else the files under state/.

import { type ChannelRef, channelLedgers, ledgerKeysFor } from '../state/channels.js';
import { WorkspaceError } from '../errors.js';
import { stateSettingsSchema } from '../model/schema.js';
import { type FileStoreOptions, fileStateStore } from '../state/file-store.js';
import type { PostgresStateStore } from '../state/postgres/store.js';
import { redactStateUrl, stateUrlProblem, stateUrlSecrets } from '../state/postgres/url.js';
import type { StateStore } from '../state/store.js';
import type { Ledgers } from '../state/ledger-file.js';
import type { RawWorkspace } from '../workspace/read.js';
import { UsageError } from '../errors.js';
import type { CliIO } from './io.js';

/** The variable that holds the PostgreSQL state's URL when chorus.yaml names none. */
export const STATE_URL_VARIABLE = 'CHORUS_STATE_URL';

/** Where the state is configured to live: files, or a database URL and the variable it came from. */
export type StateLocation = { kind: 'files' } | { kind: 'postgres'; url: string; source: string };

/**
 * Where the state lives. chorus.yaml's `state: { url_env: NAME }` says PostgreSQL, its URL in NAME (which
 * must then be set: falling back to files would publish again what the database says went out); without
 * it, CHORUS_STATE_URL when set. The URL's secrets are added to the run's secrets, so no output shows them.
 */
export function stateLocation(
  raw: Pick<RawWorkspace, 'config'>,
  io: Pick<CliIO, 'env' | 'secrets'>,
): StateLocation {
  const value = (raw.config?.value as { state?: unknown } | null | undefined)?.state;
  let source = STATE_URL_VARIABLE;
  if (value !== undefined && value !== null) {
    const parsed = stateSettingsSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = raw.config!.locate(['state', ...issue.path] as string[]);
      throw new WorkspaceError(`state.${issue.path.map(String).join('.')}: ${issue.message}`, {
        file: raw.config!.file,
        line: where.line,
        column: where.column,
        hint: 'Write `state: { url_env: CHORUS_STATE_URL }` and set that variable in the environment; `chorus lint` shows where.',
      });
    }
    source = parsed.data.url_env;
    const url = io.env[source];
    if (url === undefined || url === '') {
      throw new UsageError(
        `chorus.yaml keeps the ledger in PostgreSQL (state.url_env: ${source}), but ${source} is not set`,
        `Set ${source} to the database URL (postgres://role:password@host:5432/db) in the environment of the run; nothing is read from or written to state/ instead.`,
      );
    }
  }
  const url = io.env[source];
  if (url === undefined || url === '') return { kind: 'files' };
  io.secrets?.add(stateUrlSecrets(url));
  const problem = stateUrlProblem(url);
  if (problem) {
    throw new UsageError(
      `${source} (${redactStateUrl(url)}) ${problem}`,
      'Give a URL like postgres://chorus:password@db.example.com:5432/chorus, or unset it to keep the ledger in state/.',
    );
  }
  return { kind: 'postgres', url, source };
}

/**
 * Open the state a command reads and writes (see {@link stateLocation}). PostgreSQL (and `pg`) is loaded only
 * when configured; the database is checked to answer and to be at this Chorus's schema version.
 */
export async function openStateStore(
  root: string,
  raw: Pick<RawWorkspace, 'config'>,
  io: Pick<CliIO, 'env' | 'secrets'>,
  fileOptions: FileStoreOptions = {},
): Promise<StateStore> {
  const location = stateLocation(raw, io);
  if (location.kind === 'files') return fileStateStore(root, fileOptions);
  return openPostgres(location, true);
}

/** Open the PostgreSQL state of a location (for `chorus state`, without the schema check for migrate). */
export async function openPostgres(
  location: { url: string; source: string },
  checkSchema: boolean,
): Promise<PostgresStateStore> {
  const { openPostgresStore } = await import('../state/postgres/store.js');
  return openPostgresStore({ url: location.url, source: location.source, checkSchema });
}

/** Run `task` with the command's state store, closing it (its connections) afterwards. */
export async function withStateStore<T>(
  root: string,
  raw: Pick<RawWorkspace, 'config'>,
  io: Pick<CliIO, 'env' | 'secrets'>,
  task: (store: StateStore) => Promise<T>,
  fileOptions: FileStoreOptions = {},
): Promise<T> {
  const store = await openStateStore(root, raw, io, fileOptions);
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/**
 * The ledgers of these channels from the configured state (every command that only reads them), by channel
 * key; a channel that inherits its account's ledger from before it had channels gets those records too.
 */
export function readStateLedgers(
  root: string,
  raw: Pick<RawWorkspace, 'config'>,
  io: Pick<CliIO, 'env' | 'secrets'>,
  channels: Iterable<ChannelRef>,
  options: { warn?: (text: string) => void; stateDir?: string } = {},
): Promise<Ledgers> {
  const { stateDir, ...readOptions } = options;
  return withStateStore(root, raw, io, (store) => readChannelLedgers(store, channels, readOptions), {
    stateDir,
  });
}

/** {@link StateStore.readLedgers} by channel (see src/state/channels.ts). */
export async function readChannelLedgers(
  store: StateStore,
  channels: Iterable<ChannelRef>,
  options: { warn?: (text: string) => void } = {},
): Promise<Ledgers> {
  const list = [...channels];
  return channelLedgers(await store.readLedgers(ledgerKeysFor(list), options), list);
}
