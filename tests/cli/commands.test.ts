// The command list: every declaration file under src/cli/commands/ is a command of the program, and each
// choice list on the command line is the constant that names those values (no copy that could drift).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import type { CliIO } from '../../src/cli/io.js';
import {
  CODE_FORMATS,
  LINT_FORMATS,
  LISTING_FORMATS,
  PLAN_FORMATS,
  REPORT_FORMATS,
  RUN_FORMATS,
} from '../../src/format/formats.js';
import { SCHEMA_KINDS } from '../../src/model/schema-kinds.js';
import { CATEGORIES } from '../../src/model/types.js';

const io: CliIO = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  cwd: process.cwd(),
  now: () => new Date('2026-11-23T08:00:00Z'),
  color: false,
};
const program = buildProgram(io, () => undefined);
const DECLARATIONS = path.resolve(import.meta.dirname, '../../src/cli/commands');

/** The choices commander offers for `--<option>` of `command`. */
function choices(command: string, option: string): readonly string[] | undefined {
  const found = program.commands.find((c) => c.name() === command)?.options.find((o) => o.long === option);
  expect(found, `chorus ${command} ${option}`).toBeDefined();
  return found?.argChoices;
}

describe('the commands', () => {
  it('one declaration file per command, each registered', () => {
    const files = readdirSync(DECLARATIONS)
      .filter((file) => file.endsWith('.ts') && file !== 'context.ts')
      .map((file) => file.replace(/\.ts$/, ''));
    expect(program.commands.map((command) => command.name()).sort()).toEqual(files.sort());
  });

  it.each([
    ['lint', '--format', LINT_FORMATS],
    ['plan', '--format', PLAN_FORMATS],
    ['codes', '--format', CODE_FORMATS],
    ['report', '--format', REPORT_FORMATS],
    ['rules', '--format', LISTING_FORMATS],
    ['accounts', '--format', LISTING_FORMATS],
    ['publish', '--format', RUN_FORMATS],
    ['metrics', '--format', RUN_FORMATS],
    ['schema', '--kind', SCHEMA_KINDS],
    ['add', '--category', CATEGORIES],
  ])('chorus %s %s offers its constant', (command, option, constant) => {
    expect(choices(command, option)).toEqual([...constant]);
  });
});
