// Test-only: starts the real Bluesky PDS (@atproto/pds) with an in-memory DID directory (@did-plc/server,
// Database.mock()) on 127.0.0.1, SQLite files in a temporary folder, no Redis, no network. Prints one JSON
// line {"url", "plcUrl"} on stdout when ready; stops cleanly (and removes its folder) on SIGTERM or SIGINT.
// Run by tests/helpers/pds.ts (with CHORUS_TEST_PDS_DIR set to the install), never by Chorus. Options: --rate-limits turns the PDS's own rate limits on.
/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- the PDS's packages live in a separate, optional install whose types are not visible here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The PDS and the DID directory live in the test-only install (see install.mjs), found from its folder.
const require = createRequire(path.join(process.env.CHORUS_TEST_PDS_DIR ?? process.cwd(), 'package.json'));

const HOST = '127.0.0.1';

/** A free TCP port on 127.0.0.1 (the PDS must know its port before it starts: it is in its public URL). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Make an express app listen on 127.0.0.1 only (both servers call app.listen(port) with no host). */
function loopbackOnly(app) {
  const listen = app.listen.bind(app);
  app.listen = (port, ...rest) => listen(port, HOST, ...rest);
}

async function main() {
  const rateLimits = process.argv.includes('--rate-limits');
  const { PDS, envToCfg, envToSecrets } = require('@atproto/pds');
  const plc = require('@did-plc/server');
  const { Secp256k1Keypair } = require('@atproto/crypto');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-pds-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });

  const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: 0 });
  loopbackOnly(plcServer.app);
  const plcListener = await plcServer.start();
  const plcUrl = `http://${HOST}:${plcListener.address().port}`;

  const rotationKey = await Secp256k1Keypair.create({ exportable: true });
  const recoveryKey = await Secp256k1Keypair.create();
  const port = await freePort();
  const env = {
    port,
    hostname: 'localhost',
    devMode: true,
    dataDirectory: dir,
    blobstoreDiskLocation: path.join(dir, 'blobs'),
    didPlcUrl: plcUrl,
    recoveryDidKey: recoveryKey.did(),
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString('hex'),
    serviceHandleDomains: ['.test'],
    inviteRequired: false,
    jwtSecret: crypto.randomBytes(16).toString('hex'),
    adminPassword: crypto.randomBytes(16).toString('hex'),
    bskyAppViewUrl: 'https://appview.invalid',
    bskyAppViewDid: 'did:example:invalid',
    bskyAppViewCdnUrlPattern: 'http://cdn.invalid/%s/%s/%s',
    modServiceUrl: 'https://moderator.invalid',
    modServiceDid: 'did:example:invalid',
    crawlers: [],
    rateLimitsEnabled: rateLimits,
    disableSsrfProtection: true,
    trustedOAuthClients: [],
    serviceHandleDomainsDefault: undefined,
    rateLimitBypassIps: [],
    handleBackupNameservers: [],
  };
  const cfg = envToCfg(env);
  // The DID documents and the session point clients at this URL: it must be the loopback address we listen on.
  cfg.service.publicUrl = `http://${HOST}:${port}`;
  const pds = await PDS.create(cfg, envToSecrets(env));
  loopbackOnly(pds.app);
  await pds.start();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      cleanup();
      process.exit(1);
    }, 5000);
    force.unref();
    try {
      await pds.destroy();
      await plcServer.destroy();
    } finally {
      cleanup();
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (a test runner killed hard): stop too.
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: cfg.service.publicUrl, plcUrl })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
