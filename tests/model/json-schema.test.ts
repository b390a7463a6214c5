// The committed JSON Schemas (schemas/*.schema.json) match the zod schemas and are useful to editors.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/model/types.js';
import { jsonSchemaFor, SCHEMA_KINDS, type SchemaKind } from '../../src/model/json-schema.js';
import { rules } from '../../src/rules/index.js';
import { runCli } from '../helpers/run-cli.js';

const SCHEMAS = path.resolve(import.meta.dirname, '../../schemas');

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  enum?: string[];
  required?: string[];
  anyOf?: JsonSchema[];
};

/** Every object with named properties in a schema, with its path. */
function objects(schema: JsonSchema, at = '$'): { at: string; schema: JsonSchema }[] {
  const out: { at: string; schema: JsonSchema }[] = [];
  if (schema.properties) {
    out.push({ at, schema });
    for (const [key, value] of Object.entries(schema.properties)) out.push(...objects(value, `${at}.${key}`));
  }
  if (schema.items) out.push(...objects(schema.items, `${at}[]`));
  for (const option of schema.anyOf ?? []) out.push(...objects(option, at));
  if (typeof schema.additionalProperties === 'object')
    out.push(...objects(schema.additionalProperties, `${at}.*`));
  return out;
}

describe('JSON Schemas for editors', () => {
  for (const kind of SCHEMA_KINDS) {
    it(`schemas/${kind}.schema.json is up to date (run \`npm run schemas\` if this fails)`, async () => {
      const committed = JSON.parse(await readFile(path.join(SCHEMAS, `${kind}.schema.json`), 'utf8'));
      expect(
        committed,
        `schemas/${kind}.schema.json is out of date with src/model: run \`npm run schemas\` and commit the result`,
      ).toEqual(jsonSchemaFor(kind, rules));
    });
  }

  it.each(SCHEMA_KINDS)('%s: every field has a description and unknown keys are rejected', (kind) => {
    const found = objects(jsonSchemaFor(kind as SchemaKind, rules) as JsonSchema);
    expect(found.length).toBeGreaterThan(0);
    for (const { at, schema } of found) {
      expect(schema.additionalProperties, `${at} allows unknown keys`).toBe(false);
      for (const [key, property] of Object.entries(schema.properties!)) {
        expect(property.description, `${at}.${key} has no description`).toMatch(/\w/);
      }
    }
  });

  it.each(SCHEMA_KINDS)(
    '%s: patterns work without the regex `u` flag (as many validators compile them)',
    (kind) => {
      const patterns =
        JSON.stringify(jsonSchemaFor(kind as SchemaKind, rules)).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
      expect(patterns.length).toBeGreaterThan(0);
      for (const entry of patterns) {
        const pattern = JSON.parse(`{${entry}}`).pattern as string;
        expect(pattern, 'needs the u flag').not.toMatch(/\\[pP]\{/);
        expect(() => new RegExp(pattern)).not.toThrow();
      }
    },
  );

  it('offers the categories, the required fields and the date shape', () => {
    const content = jsonSchemaFor('content', rules) as JsonSchema;
    const post = content.items!;
    expect(post.properties!.category!.enum).toEqual([...CATEGORIES]);
    expect(post.required).toEqual(['id', 'category', 'text']);
    const at = post.properties!.at as JsonSchema & { pattern: string };
    expect(new RegExp(at.pattern).test('2026-12-01 09:30')).toBe(true);
    expect(new RegExp(at.pattern).test('next tuesday')).toBe(false);

    // One alternative per network, told apart by `platform`, each with the network's own fields; and one
    // for an account on several networks (`channels:`, no `platform`).
    const alternatives = (jsonSchemaFor('account', rules) as { anyOf: JsonSchema[] }).anyOf;
    const withChannels = alternatives.filter((alternative) => alternative.properties!.channels);
    expect(withChannels).toHaveLength(1);
    const channels = withChannels[0]!.properties!.channels!;
    expect(Object.keys(channels.properties!)).toEqual(['x', 'bluesky', 'mastodon', 'weibo']);
    expect(channels.properties!.bluesky!.required).toEqual(['handle']);
    expect(Object.keys(channels.properties!.mastodon!.properties!)).toEqual(
      expect.arrayContaining(['handle', 'credentials', 'server', 'slots', 'limits', 'rules']),
    );
    expect(withChannels[0]!.required).toEqual(['timezone', 'language', 'owner', 'channels']);
    const byPlatform = new Map(
      alternatives
        .filter((alternative) => !alternative.properties!.channels)
        .map((alternative) => [(alternative.properties!.platform as { const?: string }).const, alternative]),
    );
    expect([...byPlatform.keys()]).toEqual(['x', 'bluesky', 'mastodon', 'weibo']);
    const account = byPlatform.get('x')!;
    expect(account.required).toEqual(['platform', 'handle', 'timezone', 'language', 'owner']);
    expect(account.properties!.categories!.items!.enum).toEqual([...CATEGORIES]);
    // Each rule is offered by id with its description, so `rules:` completes in the editor.
    expect(account.properties!.rules!.properties!['min-gap']!.description).toMatch(/gap/);
    expect(byPlatform.get('weibo')!.required).toEqual([
      'platform',
      'handle',
      'timezone',
      'language',
      'owner',
      'safe_domain',
    ]);
    expect(Object.keys(byPlatform.get('mastodon')!.properties!)).toEqual(
      expect.arrayContaining(['server', 'visibility', 'max_characters']),
    );
  });

  it('`chorus schema --out DIR` writes the three files as committed', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'chorus-schemas-'));
    const result = runCli(['schema', '--out', out]);
    expect(result.code).toBe(0);
    for (const kind of SCHEMA_KINDS) {
      const written = await readFile(path.join(out, `${kind}.schema.json`), 'utf8');
      expect(written).toBe(await readFile(path.join(SCHEMAS, `${kind}.schema.json`), 'utf8'));
    }
    expect(JSON.parse(runCli(['schema', '--kind', 'account']).stdout).title).toMatch(/account file/);
  });
});
