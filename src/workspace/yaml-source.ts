// Parses one YAML file into a plain value while keeping a way back to line:column for any path.
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
  visit,
  type YAMLError,
} from 'yaml';
/** 1-based line and column in a source file. */
export interface Position {
  line: number;
  column: number;
}

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
  /**
   * Comments that look like hashtags (`#deals #winter`: no space after the `#`) that YAML took out of the
   * plain (unquoted) scalar at `path`: on its line right after it, or on an indented line below it (a
   * multi-line text whose next line starts with `#`). YAML drops them from the value, so the author
   * probably meant them as text. Undefined when there is none, or the value is quoted or a block.
   */
  hashtagComment(path: readonly PathSegment[]): HashtagComment | undefined;
}

/** Hashtag-like comments YAML took out of a plain value, as found by `hashtagComment`. */
export interface HashtagComment extends Position {
  /** The comment as written, from its `#` to the end of the line (several lines joined by a space). */
  text: string;
  /** The (first) comment is on a line of its own below the value, not after it on the same line. */
  ownLine: boolean;
}

const START: Position = { line: 1, column: 1 };

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** A source that could not be read or parsed at all: no value, one located problem. */
export function failedSource(file: string, problem: SyntaxProblem): YamlSource {
  return {
    file,
    value: undefined,
    problems: [problem],
    locate: () => START,
    itemPositions: () => [],
    keyPositions: () => ({}),
    hashtagComment: () => undefined,
  };
}

/** The problem for a file that is larger than Chorus reads (checked before reading when possible). */
export function tooLargeProblem(bytes: number): SyntaxProblem {
  return {
    ...START,
    message: `File is ${(bytes / 1024 / 1024).toFixed(1)} MB; Chorus reads YAML files up to ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
    hint: 'Split the calendar into several files (one per month works well).',
  };
}

/** Parse the bytes of a YAML file. Never throws for bad input. */
export function parseYamlSource(file: string, bytes: Uint8Array): YamlSource {
  if (bytes.length > MAX_FILE_BYTES) return failedSource(file, tooLargeProblem(bytes.length));
  if (looksBinary(bytes)) {
    return failedSource(file, {
      ...START,
      message: 'This is not a text file (it contains NUL bytes).',
      hint: 'Calendars and account files must be UTF-8 YAML.',
    });
  }
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const badUtf8 = text.indexOf('\uFFFD');
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      // A key that is a list or mapping makes yaml print a warning to stderr; lint reports files itself.
      logLevel: 'error',
    });
  } catch (error) {
    // The parser reports most trouble as errors; anything it throws is still the file's fault.
    return failedSource(file, {
      ...START,
      message: `YAML could not be read: ${(error as Error).message}`,
      hint: 'Check the file for unusual structure (very deep nesting, huge keys).',
    });
  }
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
  problems.push(...syntaxProblems(doc, text, pos));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const deep = error instanceof RangeError;
      problems.push({
        ...START,
        message: deep
          ? 'The YAML is nested too deeply to read.'
          : `YAML could not be expanded: ${(error as Error).message}`,
        hint: deep
          ? 'A calendar is a list of flat posts; remove the runaway brackets or indentation.'
          : 'Too many aliases (*name) expand to a huge document; write the values out instead.',
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
    hashtagComment(path) {
      // Exactly the node at `path` (nodeAt falls back to a parent, which must not count here).
      let node: unknown = doc.contents;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
          );
          node = pair?.value;
        } else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
        else return undefined;
      }
      if (!isScalar(node) || node.type !== Scalar.PLAIN || !node.comment || !node.range) return undefined;
      // YAML gives a plain scalar the comments on its line and on the indented lines below it (what it
      // took out of a multi-line text): its range runs from the value's end (range[1]) over them to
      // range[2]. That stretch holds only white space and those comments, so each `#` that starts a line
      // or follows the value there starts one. (Source tokens would say the same, but keeping them
      // doubles the memory a parsed calendar holds.)
      const [, valueEnd, nodeEnd] = node.range;
      const found: { offset: number; text: string; ownLine: boolean }[] = [];
      let ownLine = false;
      let at = valueEnd;
      while (at < nodeEnd) {
        const char = text[at];
        if (char === '\n' || char === '\r') ownLine = true;
        if (char !== '#') {
          at++;
          continue;
        }
        let stop = text.indexOf('\n', at);
        if (stop < 0 || stop > nodeEnd) stop = nodeEnd;
        const comment = text.slice(at, stop).trimEnd();
        // `# note` (a space after #) is a comment on purpose; `#deals` is a hashtag that YAML swallowed.
        if (/^#\S/.test(comment)) found.push({ offset: at, text: comment, ownLine });
        at = stop;
      }
      const first = found[0];
      if (!first) return undefined;
      return { ...pos(first.offset), text: found.map((c) => c.text).join(' '), ownLine: first.ownLine };
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

/**
 * The parser's errors as located problems: one per line (a single slip often trips several errors),
 * an unclosed quote pointed at where it opens, runaway nesting reported once.
 */
function syntaxProblems(
  doc: Document.Parsed,
  text: string,
  pos: (offset: number) => Position,
): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of doc.errors) {
    if (error.code === 'RESOURCE_EXHAUSTION') {
      const first = doc.errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a), error);
      return [
        {
          ...pos(first.pos[0]),
          message: 'YAML syntax error: the file is nested too deeply to read.',
          hint: 'A calendar is a list of flat posts; remove the runaway brackets or indentation.',
        },
      ];
    }
    const line = lineAt(text, error.pos[0]);
    const located = unclosedQuote(doc, error, pos) ?? {
      ...pos(error.pos[0]),
      message: /^ *\t/.test(line)
        ? 'YAML syntax error: this line is indented with a tab.'
        : `YAML syntax error: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      hint: yamlHint(error.code, line),
    };
    if (seenLines.has(located.line)) continue;
    seenLines.add(located.line);
    problems.push(located);
  }
  return problems;
}

/** Where a quoted text that never ends starts (the parser only notices at the end of the file). */
function unclosedQuote(
  doc: Document.Parsed,
  error: YAMLError,
  pos: (offset: number) => Position,
): SyntaxProblem | undefined {
  if (error.code !== 'MISSING_CHAR' || !/quote/i.test(error.message)) return undefined;
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[1] >= error.pos[0] - 1) start = node.range[0];
    },
  });
  if (start === undefined) return undefined;
  return {
    ...pos(start),
    message:
      'YAML syntax error: this quoted text is never closed, so the rest of the file is swallowed by it.',
    hint: 'Add the closing quote at the end of the text.',
  };
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? text.length : end);
}

function yamlHint(code: string, line: string): string | undefined {
  if (/^[ ]*\t/.test(line)) return 'Indent YAML with spaces, not tabs.';
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
