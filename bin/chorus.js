#!/usr/bin/env node
// Thin entry point: the CLI lives in dist/ (bundled by `npm run build`); this file only sets the exit code.
import module from 'node:module';

// Node >= 22.1 caches compiled code between runs (faster start-up); a no-op where it does not exist.
module.enableCompileCache?.();

const { run } = await import('../dist/bundle/cli.js').catch((error) => {
  // Built with tsc alone (no bundle): use the plain output.
  if (error?.code === 'ERR_MODULE_NOT_FOUND') return import('../dist/cli/index.js');
  throw error;
});
process.exitCode = await run(process.argv.slice(2));
