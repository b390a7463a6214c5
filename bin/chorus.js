#!/usr/bin/env node
// Thin entry point: the CLI lives in dist/cli; this file only sets the exit code.
import { run } from '../dist/cli/index.js';

process.exitCode = await run(process.argv.slice(2));
