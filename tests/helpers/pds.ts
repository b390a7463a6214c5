// Test helper: the real Bluesky PDS (installed by tests/servers/bluesky/install.mjs) in a child process on
// 127.0.0.1, with an in-memory DID directory, SQLite in a temporary folder, no Redis, no network; test
// accounts with app passwords; a bounded start and a clean stop.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers/bluesky');
/** Where install.mjs puts the server (kept in sync with its PDS_DIR). */
export const PDS_DIR = path.resolve(SERVERS, '../../../node_modules/.chorus-test-pds');
/** The server starts in 2-4 s on a loaded 2-core machine; anything beyond this is a failure, not a wait. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** A test account on the PDS: its handle, DID, login password and an app password as Chorus uses. */
export interface PdsAccount {
  handle: string;
  did: string;
  password: string;
  appPassword: string;
}

/** A running PDS. */
export interface TestPds {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Create an account `<name>.test` with an app password. */
  createAccount(name: string): Promise<PdsAccount>;
  /** Records of a collection in an account's repository (every page), as the server has them. */
  listRecords(
    did: string,
    collection?: string,
  ): Promise<{ uri: string; cid: string; value: Record<string, unknown> }[]>;
  /** Stop the server and remove its files (never throws; kills it when it does not stop in time). */
  stop(): Promise<void>;
}

async function xrpc<T>(url: string, nsid: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${nsid}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Start the real PDS; `rateLimits` turns the server's own rate limits on (off by default, as in its tests). */
export async function startPds(options: { rateLimits?: boolean } = {}): Promise<TestPds> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(SERVERS, 'server.mjs'), ...(options.rateLimits ? ['--rate-limits'] : [])],
    {
      cwd: PDS_DIR,
      env: { PATH: process.env.PATH ?? '', CHORUS_TEST_PDS_DIR: PDS_DIR, LOG_ENABLED: 'false' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the test PDS did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line!) as { url: string }).url);
        } catch {
          reject(new Error(`the test PDS said ${line}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test PDS exited (${code}) before it was ready: ${stderr}`));
    });
  });

  return {
    url,
    async createAccount(name) {
      const handle = `${name}.test`;
      const password = `pw-${name}-${Math.random().toString(36).slice(2)}`;
      const created = await xrpc<{ did: string; accessJwt: string }>(
        url,
        'com.atproto.server.createAccount',
        {
          handle,
          email: `${name}@example.test`,
          password,
        },
      );
      const app = await xrpc<{ password: string }>(
        url,
        'com.atproto.server.createAppPassword',
        { name: 'chorus' },
        created.accessJwt,
      );
      return { handle, did: created.did, password, appPassword: app.password };
    },
    async listRecords(did, collection = 'app.bsky.feed.post') {
      const records: { uri: string; cid: string; value: Record<string, unknown> }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const query = new URLSearchParams({
          repo: did,
          collection,
          limit: '100',
          ...(cursor ? { cursor } : {}),
        });
        const response = await fetch(`${url}/xrpc/com.atproto.repo.listRecords?${query}`, {
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { records: typeof records; cursor?: string };
        records.push(...body.records);
        if (!body.cursor || body.records.length === 0) break;
        cursor = body.cursor;
      }
      return records;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A forwarding proxy in front of the PDS that logs each XRPC method called through it. */
export interface LoggingProxy {
  url: string;
  /** XRPC method names (NSIDs) in the order they came. */
  calls: string[];
  close(): Promise<void>;
}

/**
 * A proxy on 127.0.0.1 forwarding everything to `target` and logging the method of each call: used as an
 * account's `server` to count logins (createSession goes to the server; after logging in, the client talks
 * to the PDS its session names directly).
 */
export async function loggingProxy(target: string): Promise<LoggingProxy> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    calls.push(url.pathname.replace(/^\/xrpc\//, ''));
    const upstream = http.request(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
