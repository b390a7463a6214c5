#!/usr/bin/env node
// Thin entry point: the CLI lives in dist/bundle/ (built by `npm run build`); this file only sets the exit code.
import module from 'node:module';

// Node >= 22.1 caches compiled code between runs (faster start-up); a no-op where it does not exist.
module.enableCompileCache?.();

const { run } = await import('../dist/bundle/cli.js');
process.exitCode = await run(process.argv.slice(2));
