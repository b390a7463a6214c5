// Reusable zod building blocks for the file schemas: categories, times, zones, names.
import { z } from 'zod';
import { CREDENTIAL_PREFIX, ENV_VAR_NAME, isAllowedCredentialName, secretIn, shownValue } from './secrets.js';
import { noControlChars } from './control-chars.js';
import { parseWhen, timeZoneProblem } from './time.js';
import { CATEGORIES, type CredentialRole } from './types.js';

export const categorySchema = z
  .enum(CATEGORIES, {
    error: (issue) =>
      typeof issue.input === 'string'
        ? `\`${shownValue(issue.input)}\` is not a category; use one of ${CATEGORIES.join(', ')}`
        : `a category is one word: ${CATEGORIES.join(', ')}`,
  })
  .describe(`What the post is: ${CATEGORIES.join(', ')}`);

export const timeZoneSchema = z
  .string()
  .superRefine((zone, context) => {
    // A token pasted into `timezone` is not echoed back (shownValue).
    const problem = timeZoneProblem(zone)?.replace(`\`${zone}\``, `\`${shownValue(zone)}\``);
    if (problem) context.addIssue({ code: 'custom', message: problem, input: zone });
  })
  .describe('IANA time zone, e.g. Europe/Berlin');

export const languageSchema = z
  .string()
  .refine(
    (tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    },
    {
      error: (issue) =>
        `\`${shownValue(issue.input)}\` is not a BCP 47 language tag (like en, de, ja, pt-BR)`,
    },
  )
  .describe('BCP 47 language tag, e.g. en, de, ja');

export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'write times of day as "HH:MM" (24-hour), e.g. "09:30"' })
  .describe('Local time of day, "HH:MM"');

/** A date or date-time as written in a calendar; kept as a string, checked by parseWhen. */
export const whenSchema = z
  .union([z.string(), z.date()], {
    error: 'write a date as "YYYY-MM-DD" or a date and time as "YYYY-MM-DD HH:MM"',
  })
  .transform((value, context) => {
    const raw = value instanceof Date ? value.toISOString() : value;
    const parsed = parseWhen(raw);
    if ('error' in parsed) {
      context.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  })
  .describe('"YYYY-MM-DD", "YYYY-MM-DD HH:MM" (account time zone) or "YYYY-MM-DDTHH:MM+01:00"');

export const envVarNameSchema = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, {
    error: 'must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself',
  })
  .describe('Name of an environment variable holding the secret');

/**
 * A `credentials:` entry for one role: an environment variable name that starts with CHORUS_ and ends
 * as the role's names do (`app_key` → _KEY, `app_secret` and `access_secret` → _SECRET, `access_token`
 * → _TOKEN; each network's roles say). A value that looks like the secret itself passes here on purpose:
 * the `secret-in-config` rule reports it (once, under its own id, with the value redacted) and Chorus
 * never uses it. Anything else that is not such a name is a schema error with a hint.
 * The JSON Schema shows the name pattern, so editors flag pasted secrets and crossed roles too.
 */
export function credentialNameSchema(role: CredentialRole, roles: readonly CredentialRole[]) {
  const suffix = role.suffix;
  return z
    .string()
    .superRefine((value, context) => {
      if (secretIn(value) !== undefined) return;
      if (!ENV_VAR_NAME.test(value)) {
        context.addIssue({
          code: 'custom',
          message: 'must be the NAME of an environment variable (A-Z, 0-9, _), never the secret itself',
        });
      } else if (!isAllowedCredentialName(value)) {
        const suggestion = value.startsWith(CREDENTIAL_PREFIX)
          ? role.example
          : `${CREDENTIAL_PREFIX}${shownValue(value)}`;
        context.addIssue({
          code: 'custom',
          message: `${shownValue(value)} cannot hold a credential: credential variables must start with ${CREDENTIAL_PREFIX} and not be a Chorus setting`,
          params: {
            hint: `Rename the variable, e.g. ${suggestion}. Workspace files may name only CHORUS_ variables, so a commit can never make Chorus send another secret of the environment (docs/security.md).`,
          },
        });
      } else if (!isAllowedCredentialName(value, suffix)) {
        context.addIssue({
          code: 'custom',
          message: `${shownValue(value)} cannot hold ${role.description}: an \`${role.key}\` variable name ends in ${suffix}`,
          params: {
            hint: `Name the variable for its role, e.g. ${role.example}. Each credential name says what it holds (${roles.map((r) => `${r.key} → ${r.suffix}`).join(', ')}), so a commit cannot make Chorus send a secret in the clear as a key or token (docs/security.md).`,
          },
        });
      }
    })
    .meta({
      pattern: `^${CREDENTIAL_PREFIX}[A-Z0-9_]+${suffix}$`,
      description: `Name of the environment variable holding ${role.description}; it starts with ${CREDENTIAL_PREFIX} and ends in ${suffix}`,
    });
}

export const personSchema = z
  .string()
  .min(1)
  .refine(...noControlChars({ oneLine: true }))
  .describe('A person: a name, handle or e-mail, as used in owner/team/approved_by');

export const idSchema = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
        error: 'ids use letters, digits, ".", "_" and "-", starting with a letter or digit',
      })
      .max(100),
  )
  .describe('Stable post id, unique within its account');
