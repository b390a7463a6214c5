// secret-in-config: credentials belong in environment variables; a token written into a file leaks through git.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { isSecretKeyName, type SecretKind, secretIn, tokenIn } from '../model/secrets.js';

type Segment = string | number;

/** Every string in a parsed YAML value, with its path (iterative: deep files cannot overflow the stack). */
function* stringsIn(value: unknown): Generator<{ path: Segment[]; text: string }> {
  const stack: { path: Segment[]; value: unknown }[] = [{ path: [], value }];
  while (stack.length > 0) {
    const { path, value: node } = stack.pop()!;
    if (typeof node === 'string') yield { path, text: node };
    else if (Array.isArray(node)) node.forEach((item, i) => stack.push({ path: [...path, i], value: item }));
    else if (node && typeof node === 'object')
      for (const [key, item] of Object.entries(node)) stack.push({ path: [...path, key], value: item });
  }
}

export default defineRule({
  id: 'secret-in-config',
  meta: {
    description:
      'No token or key VALUES in account files, chorus.yaml or posts: files hold environment variable names only.',
    defaultSeverity: 'error',
    defaultOptions: {},
    optionsSchema: z.strictObject({}),
    // What it finds is wrong whatever the time: published and missed posts are judged too.
    judges: 'every',
    messages: {
      inCredentials:
        '`{{field}}` holds {{kind}} itself (value redacted); write the NAME of an environment variable instead, e.g. `{{name}}`, and set the secret there. This file may be in git history: revoke the secret and create a new one.',
      inConfig:
        '`{{field}}` holds what looks like {{kind}} (value redacted); keep secrets in environment variables, never in workspace files. If it is real, revoke it: the file may be in git history.',
      inPost:
        '`{{field}}` contains what looks like {{kind}} (value redacted); remove it from the post. If it is real, revoke it: the calendar may be in git history.',
    },
  },
  check(context) {
    const { workspace } = context;
    const accountOfFile = new Map([...workspace.accounts.values()].map((a) => [a.file, a.id]));
    for (const source of workspace.configSources) {
      const account = accountOfFile.get(source.file);
      if (!context.options(account)) continue;
      const isAccountFile = source.file.startsWith('accounts/');
      const fileId = source.file.replace(/^accounts\//, '').replace(/\.ya?ml$/, '');
      for (const { path, text } of stringsIn(source.value)) {
        const key = [...path].reverse().find((segment) => typeof segment === 'string');
        const inCredentials = path[0] === 'credentials';
        const kind: SecretKind | undefined =
          tokenIn(text) ??
          (inCredentials || (key !== undefined && isSecretKeyName(key)) ? secretIn(text) : undefined);
        if (!kind) continue;
        const field = path.join('.');
        const where = { file: source.file, position: source.locate(path), ...(account ? { account } : {}) };
        // The role's default variable name, from the network the file names (it may have other errors).
        const written = (source.value as { platform?: unknown } | null | undefined)?.platform;
        const platform = typeof written === 'string' ? workspace.platforms.get(written) : undefined;
        const role = platform?.account.credentials.find((r) => r.key === path[1]);
        if (isAccountFile && inCredentials && path.length === 2 && role) {
          const name = role.defaultName(account ?? fileId);
          context.report({ ...where, messageId: 'inCredentials', data: { field, kind, name } });
        } else {
          context.report({ ...where, messageId: 'inConfig', data: { field, kind } });
        }
      }
    }
    for (const post of workspace.posts) {
      if (!context.options(post.account)) continue;
      // Prose (text, thread, alt) is checked for X token shapes only: a random-looking word in a post is
      // normal. Identifiers (id, author, approved_by, file names) are checked for any key-like run too.
      const prose = (text: string) => tokenIn(text) ?? secretInLinkQuery(text);
      const fields: [string, string | undefined, (text: string) => SecretKind | undefined][] = [
        ['id', post.id, secretIn],
        ['text', post.text, prose],
        ...post.thread.map((part, i): [string, string, typeof prose] => [`thread.${i}`, part, prose]),
        ['link', post.link, prose],
        ...post.media.flatMap((item, i): [string, string, typeof prose][] => [
          [`media.${i}.file`, item.file, prose],
          [`media.${i}.alt`, item.alt, prose],
        ]),
        ['author', post.author, secretIn],
        ['approved_by', post.approvedBy, secretIn],
      ];
      for (const [field, text, detect] of fields) {
        const kind = text === undefined ? undefined : detect(text);
        if (kind) context.report({ post, field, messageId: 'inPost', data: { field, kind } });
      }
    }
  },
});

/** A random-looking value of a query parameter named like a key (`?api_key=…`, `&token=…`). */
function secretInLinkQuery(text: string): SecretKind | undefined {
  for (const match of text.matchAll(/[?&]([A-Za-z_-]+)=([^&#\s]+)/g)) {
    if (isSecretKeyName(match[1]!) && secretIn(match[2]!)) return 'a secret key';
  }
  return undefined;
}
