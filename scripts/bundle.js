// Bundles the compiled CLI (dist/) into a few files under dist/bundle/, so `chorus` starts without resolving
// and reading hundreds of small module files (yaml, zod, commander, our own). Run by `npm run build` after tsc;
// bin/chorus.js loads only the bundle. Measured (BENCHMARKS.md, "Speed tricks"): it saves about 15 % of the
// CPU time of `chorus --version` and of a small lint.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'dist', 'bundle');

rmSync(OUT, { recursive: true, force: true });
await build({
  cwd: REPO,
  input: { cli: 'dist/cli/index.js' },
  platform: 'node',
  // Loaded on demand with require() or only for some commands; big CommonJS packages stay as they are.
  external: [
    /^node:/,
    'twitter-api-v2',
    /^@atproto\//,
    'twitter-text',
    'write-file-atomic',
    'proper-lockfile',
    'ical-generator',
    'csv-parse',
    'csv-stringify',
    // node-postgres, loaded only when the state is in PostgreSQL (it requires pg-native optionally).
    'pg',
  ],
  // dist/bundle/ is two levels below the package root, like dist/cli/, so import.meta.url-relative
  // paths (../../package.json) resolve the same.
  output: { dir: OUT, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  logLevel: 'warn',
});

// twitter-text is CommonJS compiled by Babel with core-js 2 polyfills: loading it reads and compiles well
// over a hundred files, most of them polyfills for what every supported Node has natively. The functions
// Chorus calls are bundled into one CommonJS file without those polyfills (src/platforms/x/twitter-text.ts
// loads it, and falls back to the package when it is missing). `punycode` is twitter-text's own dependency
// (the npm package, not Node's deprecated built-in, which would print a warning on Node ≥ 22).
const EMPTY = '\0chorus-empty-module';
await build({
  cwd: REPO,
  input: { 'twitter-text': 'scripts/twitter-text-entry.js' },
  platform: 'node',
  external: [/^node:/],
  plugins: [
    {
      name: 'chorus-no-core-js',
      resolveId(source) {
        if (source.startsWith('core-js/')) return EMPTY;
        if (source === 'punycode') return this.resolve('punycode/punycode.js', undefined, { skipSelf: true });
        return null;
      },
      load(id) {
        return id === EMPTY ? '' : null;
      },
    },
  ],
  output: { dir: OUT, format: 'cjs', entryFileNames: '[name].cjs' },
  logLevel: 'warn',
});

// The build's identity, part of lint's cache key (src/cli/version.ts, lintCacheKey): a hash of every file
// of the bundle, so a cache written by another build of the same version is not used.
const hash = createHash('sha256');
for (const name of readdirSync(OUT).sort()) hash.update(name).update(readFileSync(path.join(OUT, name)));
writeFileSync(path.join(OUT, 'build-id.txt'), `${hash.digest('hex').slice(0, 16)}\n`);
