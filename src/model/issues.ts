// Turns zod issues into located, human messages ("`catgory` is not a post field; did you mean `category`?").
import type { z } from 'zod';
import type { PathSegment, YamlSource } from '../workspace/yaml-source.js';
import { listItems } from './list.js';
import { shownValue } from './secrets.js';
import { closest, didYouMean } from './suggest.js';
import type { Position } from './types.js';

/** A schema finding before it becomes a Problem. */
export interface SchemaFinding extends Position {
  message: string;
  hint?: string;
  path: PathSegment[];
}

type AnySchema = z.core.$ZodType;

/** Keys of the object schema found by following `path` into `schema` (arrays, optionals, pipes unwrapped). */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  let current: AnySchema | undefined = schema;
  const unwrap = (s: AnySchema | undefined): AnySchema | undefined => {
    let node = s;
    for (let guard = 0; node && guard < 10; guard++) {
      const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
      if (
        def.type === 'optional' ||
        def.type === 'default' ||
        def.type === 'nullable' ||
        def.type === 'prefault'
      ) {
        node = def.innerType as AnySchema;
      } else if (def.type === 'pipe') {
        node = def.in as AnySchema;
      } else {
        return node;
      }
    }
    return node;
  };
  for (const segment of path) {
    current = unwrap(current);
    if (!current) return [];
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'array' && typeof segment === 'number') current = def.element as AnySchema;
    else if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(segment)];
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else return [];
  }
  current = unwrap(current);
  if (!current) return [];
  const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function fieldName(path: readonly PathSegment[]): string {
  const last = [...path].reverse().find((segment) => typeof segment === 'string');
  return last === undefined ? 'value' : String(last);
}

/**
 * Convert zod issues to located findings.
 * `what` names the kind of object at the root ("post", "account", "setting") for unknown-key messages.
 * Messages never echo input values, so a secret pasted in the wrong place is not printed.
 */
export function findingsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  schema: AnySchema,
  what: (path: readonly PathSegment[]) => string,
  basePath: readonly PathSegment[] = [],
): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  // A misspelt key (`catgory`) also leaves its field missing; the "did you mean" message says it all, so
  // "`category` is required" is not added on top. Keyed by the object's path and the suggested field.
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = knownKeysAt(schema, issue.path as PathSegment[]);
    for (const key of issue.keys) {
      const match = closest(key, known);
      if (match) suggested.add(JSON.stringify([...issue.path, match]));
    }
  }
  for (const issue of issues) {
    const path = [...basePath, ...(issue.path as PathSegment[])];
    const relative = issue.path as PathSegment[];
    if (suggested.has(JSON.stringify(relative)) && (issue as { input?: unknown }).input === undefined)
      continue;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, relative);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        findings.push({
          ...source.locate(keyPath, { key: true }),
          path: keyPath,
          message: `\`${shownValue(key)}\` is not ${what(relative)} field${didYouMean(key, known)}`,
          hint: known.length > 0 ? `Known fields: ${listItems(known, { max: 40 })}.` : undefined,
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    // A missing field fails whatever check its schema has first (type, enum, custom error): say it is missing.
    if (input === undefined && issue.code !== 'custom' && relative.length > 0 && isMissing(source, path)) {
      findings.push({
        ...source.locate(path.slice(0, -1)),
        path,
        message: `\`${fieldName(path)}\` is required${relative.length > 1 ? ` in ${what(relative.slice(0, -1))}` : ''}`,
      });
      continue;
    }
    if (issue.code === 'invalid_type') {
      if (input === undefined) {
        findings.push({
          ...source.locate(path.slice(0, -1)),
          path,
          message: `\`${fieldName(path)}\` is required${relative.length > 1 ? ` in ${what(relative.slice(0, -1))}` : ''}`,
        });
      } else if (typeof input === 'number' && !Number.isFinite(input)) {
        // YAML's .inf and .nan are numbers to zod's typeof, but no limit or setting can be endless.
        findings.push({
          ...source.locate(path),
          path,
          message: `\`${fieldName(path)}\` should be ${article(issue.expected)}, not ${Number.isNaN(input) ? 'NaN (.nan)' : 'infinity (.inf)'}`,
          hint: 'Write a finite number, e.g. 3; to lift a limit, leave the key out or turn the rule off.',
        });
      } else {
        findings.push({
          ...source.locate(path),
          path,
          message: `\`${fieldName(path)}\` should be ${article(issue.expected)}, not ${describeValue(input)}`,
        });
      }
      continue;
    }
    const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
    findings.push({
      ...source.locate(path),
      path,
      message: `\`${fieldName(path)}\`: ${cleanMessage(issue.message)}`,
      ...(typeof hint === 'string' ? { hint } : {}),
    });
  }
  return findings;
}

/** True when the last key of `path` is absent from its mapping in the source value. */
function isMissing(source: YamlSource, path: readonly PathSegment[]): boolean {
  let node: unknown = source.value;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return true;
    node = (node as Record<string | number, unknown>)[segment];
  }
  if (node === undefined || node === null) return true;
  return typeof node === 'object' && !(String(path[path.length - 1]) in node);
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping (key: value pairs)';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function cleanMessage(message: string): string {
  return message.replace(/^Invalid input: /, '');
}
