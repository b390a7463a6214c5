// What a lint rule is: an id, its meta (description, defaults, messages) and a pure check over the timeline.
import type { z } from 'zod';
import type { Account, Limits, Position, Post, Severity } from '../model/types.js';
import type { Workspace } from '../model/validate.js';
import type { Platform } from '../platforms/types.js';
import type { AccountConstraints } from '../schedule/constraints.js';
import type { Timeline } from '../schedule/timeline.js';
import type { RunCache } from './run-cache.js';

/** What a rule reports: a message id and its data, located at a post (field) or a file position. */
export interface RuleReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** The post at fault: locates the report and gives it account and postId. */
  post?: Post;
  /** A field of `post` ("at", "text", "thread.2") to point at instead of the post's first line. */
  field?: string;
  /** For reports not about one post: the account whose settings apply. */
  account?: string;
  /** For reports not about one post: where. */
  file?: string;
  position?: Position;
}

/** What a rule's check sees. Everything is plain data; nothing here touches disk, network or clock. */
export interface RuleContext<Options, MessageId extends string> {
  workspace: Workspace;
  timeline: Timeline;
  /** The time lint runs at (from --now or the clock). */
  now: Date;
  /** The network an account lives on: its text rules (length, links, hashtags, mentions, media, threads). */
  platform(account: Account): Platform;
  /** This run's memory (facts about texts, prepared texts, search results), shared by the rules; see run-cache.ts. */
  cache: RunCache;
  /**
   * The rule's options for an account (defaults ← chorus.yaml ← account file), or undefined when the
   * rule is off for it. Without an account: the workspace-level options.
   */
  options(account?: string): Options | undefined;
  /** Accounts the rule is on for, in id order. */
  accounts(): Account[];
  report(report: RuleReport<MessageId>): void;
}

export interface RuleMeta<Options, MessageId extends string> {
  description: string;
  defaultSeverity: Severity;
  defaultOptions: Options;
  /** zod schema of the options as written in `rules:` (every key optional; unknown keys rejected). */
  optionsSchema: z.ZodType<Partial<Options>>;
  /** Message templates; `{{name}}` is replaced by report data. */
  messages: Record<MessageId, string>;
  /** Which `limits:` keys feed which option, e.g. { min_gap_minutes: 'minutes' }. */
  limits?: Partial<Record<keyof Limits, keyof Options & string>>;
  /**
   * How the scheduler respects this rule when it places queued posts: the part of an account's
   * constraints the rule's options set (applied whenever the rule is not off for the account).
   */
  schedulingConstraint?: (options: Options) => Partial<AccountConstraints>;
  /**
   * Which posts the rule judges. `upcoming` (the default): only posts still to be sent; its reports on
   * published and missed posts are dropped, since those are history, not something to fix, and lint must
   * not turn red as time passes. `every`: every post, for what is wrong whatever the time (a secret in a
   * file, two posts with one id).
   */
  judges?: 'upcoming' | 'every';
}

export interface Rule<Options = unknown, MessageId extends string = string> {
  id: string;
  meta: RuleMeta<Options, MessageId>;
  check(context: RuleContext<Options, MessageId>): void;
}

/** Define a rule with typed options and message ids (a report with an unknown messageId is a type error). */
export function defineRule<Options, const MessageId extends string>(
  rule: Rule<Options, MessageId>,
): Rule<Options, MessageId> {
  return rule;
}

/** Any rule, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds rules of every option type
export type AnyRule = Rule<any, string>;
