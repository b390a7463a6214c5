// A tiny colour interface so formatters stay pure: callers pass chalk or the plain identity style.
import type { ChalkInstance } from 'chalk';

export type Paint = (text: string) => string;

/** The colours formatters use. */
export interface Style {
  red: Paint;
  yellow: Paint;
  green: Paint;
  dim: Paint;
  bold: Paint;
  underline: Paint;
  cyan: Paint;
}

const identity: Paint = (text) => text;

/** No colour at all (files, pipes, NO_COLOR, tests). */
export const plainStyle: Style = {
  red: identity,
  yellow: identity,
  green: identity,
  dim: identity,
  bold: identity,
  underline: identity,
  cyan: identity,
};

/** Colours from a chalk instance. */
export function chalkStyle(chalk: ChalkInstance): Style {
  return {
    red: chalk.red,
    yellow: chalk.yellow,
    green: chalk.green,
    dim: chalk.dim,
    bold: chalk.bold,
    underline: chalk.underline,
    cyan: chalk.cyan,
  };
}
