// Parses one YAML file into a plain value while keeping a way back to line:column for any path.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Position } from '../model/types.js';

/** Files larger than this are refused rather than parsed (a calendar is a few hundred kB at most). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** YAML aliases allowed per document before we call it an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

/** A YAML-level problem: the file cannot be turned into a value. */
export interface SyntaxProblem extends Position {
  message: string;
  hint?: string;
}

/** A parsed YAML file: its value and a locator from value paths to source positions. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Problems that stop the file being used (syntax errors, binary data, alias bombs). */
  problems: SyntaxProblem[];
  /** Position of the node at `path` (or of its key when `key` is set); falls back to the nearest parent. */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): Position;
  /** Position of each item of the top-level sequence (empty when the root is not a sequence). */
  itemPositions(): Position[];
  /** Positions of the keys of the map at `path`, keyed by name. */
  keyPositions(path: readonly PathSegment[]): Record<string, Position>;
}

const START: Position = { line: 1, column: 1 };

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Parse the bytes of a YAML file. Never throws for bad input. */
export function parseYamlSource(file: string, bytes: Uint8Array): YamlSource {
  const failed = (problem: SyntaxProblem): YamlSource => ({
    file,
    value: undefined,
    problems: [problem],
    locate: () => START,
    itemPositions: () => [],
    keyPositions: () => ({}),
  });
  if (bytes.length > MAX_FILE_BYTES) {
    return failed({
      ...START,
      message: `File is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Chorus reads YAML files up to ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
      hint: 'Split the calendar into several files (one per month works well).',
    });
  }
  if (looksBinary(bytes)) {
    return failed({
      ...START,
      message: 'This is not a text file (it contains NUL bytes).',
      hint: 'Calendars and account files must be UTF-8 YAML.',
    });
  }
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const badUtf8 = text.indexOf('\uFFFD');
  const lineCounter = new LineCounter();
  // logLevel "error": yaml would otherwise print a Node warning (e.g. for `? [a]: b` keys) straight to stderr.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    logLevel: 'error',
  });
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const problems: SyntaxProblem[] = [];
  if (badUtf8 >= 0) {
    problems.push({
      ...pos(badUtf8),
      message: 'The file is not valid UTF-8.',
      hint: 'Save it with UTF-8 encoding.',
    });
  }
  for (const error of doc.errors) {
    const message = error.message.split('\n')[0] ?? error.message;
    problems.push({
      ...pos(error.pos[0]),
      message: `YAML syntax error: ${message}`,
      hint: yamlHint(error.code),
    });
  }
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({
        ...START,
        message: `YAML could not be expanded: ${(error as Error).message}`,
        hint: 'Too many aliases (*name) expand to a huge document; write the values out instead.',
      });
    }
  }

  const nodeAt = (path: readonly PathSegment[], key: boolean): Node | null => {
    let node: unknown = doc.contents;
    let last: Node | null = (doc.contents as Node | null) ?? null;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) return last;
        if (key && i === path.length - 1) return (pair.key as Node) ?? last;
        node = pair.value;
        if (node) last = node as Node;
        else return (pair.key as Node) ?? last;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (!node) return last;
        last = node as Node;
      } else {
        return last;
      }
    }
    return last;
  };

  return {
    file,
    value,
    problems,
    locate(path, options) {
      const node = nodeAt(path, options?.key ?? false);
      return node?.range ? pos(node.range[0]) : START;
    },
    itemPositions() {
      const root = doc.contents;
      if (!isSeq(root)) return [];
      return root.items.map((item) => ((item as Node | null)?.range ? pos((item as Node).range![0]) : START));
    },
    keyPositions(path) {
      const node = path.length === 0 ? doc.contents : nodeAt(path, false);
      const out: Record<string, Position> = {};
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isScalar(pair.key) && pair.key.range) out[String(pair.key.value)] = pos(pair.key.range[0]);
        }
      }
      return out;
    },
  };
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each key may appear once per mapping; remove or rename the repeated one.';
    case 'TAB_AS_INDENT':
      return 'Indent YAML with spaces, not tabs.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation and that every "key: value" has a space after the colon.';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A line may be missing its "key:" or a quote may be unclosed; quote text that contains ": " or "#".';
    default:
      return 'Quote text that contains ": ", " #", or starts with a special character like @, *, & or !.';
  }
}
