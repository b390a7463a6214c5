// One voice on several networks: a post of an account with channels becomes one post per channel, with that
// network's variant (text, link, thread, media, content warning) applied and its positions pointing at the variant's lines.
import { type Account, accountIdOf, type Post, type PostVariant, type Problem } from './types.js';

/** A calendar post's fields a variant may replace, in the order a variant is applied. */
const VARIANT_FIELDS = ['text', 'link', 'thread', 'media', 'content_warning'] as const;

function problemAt(post: Post, key: string, message: string, hint: string): Problem {
  const position = post.fieldPositions[key] ?? post.position;
  return {
    ruleId: 'schema',
    severity: 'error',
    file: post.file,
    line: position.line,
    column: position.column,
    message,
    hint,
    account: post.account,
    postId: post.id,
  };
}

/** Names of the networks an account's channels are on, for messages: "x, bluesky". */
function networksOf(channels: readonly Account[]): string {
  return channels.map((channel) => channel.platform).join(', ');
}

/**
 * The post as it goes to `channel`: its variant for the channel's network applied (each field written there
 * replaces the post's), keyed by the channel. Positions of replaced fields point into the variant, so a rule
 * that reports the text reports the line of the variant's text.
 */
export function postForChannel(post: Post, channel: Account): Post {
  const variant: PostVariant | undefined = post.variants?.[channel.platform];
  if (!variant && post.account === channel.id) return post;
  const out: Post = { ...post, account: channel.id };
  if (!variant) return out;
  const positions = { ...post.fieldPositions };
  const prefix = `variants.${channel.platform}.`;
  for (const field of VARIANT_FIELDS) {
    if (variant[field] === undefined) continue;
    // Drop the post's own positions of this field (thread.3 of the post is no part of the variant's thread).
    for (const key of Object.keys(positions)) {
      if (key === field || key.startsWith(`${field}.`)) delete positions[key];
    }
    for (const [key, position] of Object.entries(post.fieldPositions)) {
      if (key.startsWith(prefix + field)) positions[key.slice(prefix.length)] = position;
    }
  }
  if (variant.text !== undefined) out.text = variant.text;
  if (variant.link !== undefined) out.link = variant.link;
  if (variant.thread !== undefined) out.thread = variant.thread;
  if (variant.media !== undefined) out.media = variant.media;
  if (variant.content_warning !== undefined) out.contentWarning = variant.content_warning;
  out.fieldPositions = positions;
  return out;
}

/**
 * The posts a calendar post makes: one per channel it goes to (every channel of the account, unless its
 * `channels:` narrows them), or located problems when it names a channel or a variant the account does not
 * have (then it makes no post: a typo must not send to the wrong networks, or to all of them).
 */
export function postsForChannels(
  post: Post,
  channels: readonly Account[],
): { posts: Post[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const networks = new Set(channels.map((channel) => channel.platform));
  const accountId = channels[0]?.accountId ?? post.account;
  const has = networksOf(channels);
  const several = channels.length > 1;
  (post.channels ?? []).forEach((network, index) => {
    if (networks.has(network)) return;
    problems.push(
      problemAt(
        post,
        `channels.${index}`,
        `\`channels\`: "${network}" is not a channel of the account ${accountId} (its ${several ? 'channels are' : 'network is'} ${has})`,
        several
          ? `Name channels of accounts/${accountId}.yaml (${has}), or add a \`${network}:\` channel there.`
          : `Remove \`channels\`, or give accounts/${accountId}.yaml a \`channels:\` section with ${network}.`,
      ),
    );
  });
  for (const network of Object.keys(post.variants ?? {})) {
    if (networks.has(network)) continue;
    problems.push(
      problemAt(
        post,
        `variants.${network}`,
        `\`variants\`: "${network}" is not a channel of the account ${accountId} (its ${several ? 'channels are' : 'network is'} ${has}), so this variant is never posted`,
        `Name the variant after one of ${has}, or add a \`${network}:\` channel to accounts/${accountId}.yaml.`,
      ),
    );
  }
  if (problems.length > 0) return { posts: [], problems };
  const wanted = post.channels ? new Set(post.channels) : undefined;
  const posts = channels
    .filter((channel) => !wanted || wanted.has(channel.platform))
    .map((channel) => postForChannel(post, channel));
  return { posts, problems };
}

/**
 * Whether `--account` values select the channel `key`: none given selects all; an account id selects every
 * channel of the account; a channel key (`acme-news@bluesky`) selects that channel.
 */
export function selectsChannel(requested: readonly string[], key: string): boolean {
  return requested.length === 0 || requested.includes(key) || requested.includes(accountIdOf(key));
}

/** Whether `--account` values select a finding about `account` (on `channel`, when it is about one channel). */
export function selectsFinding(requested: readonly string[], account: string, channel?: string): boolean {
  return (
    requested.length === 0 ||
    requested.some(
      (r) => accountIdOf(r) === account && (r === account || !channel || r === `${account}@${channel}`),
    )
  );
}

/**
 * Findings as users read them: `account` is the account id and `channel` the network when a finding holds
 * for one channel's version only. The same finding on several channels of one account (a shouting text
 * sent to X and Bluesky) is one finding, without a channel. Keeps the order given.
 */
export function findingsByChannel(
  problems: readonly Problem[],
  channels: ReadonlyMap<string, Account>,
): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, { index: number; channel: string | undefined }>();
  for (const problem of problems) {
    const channel = problem.account === undefined ? undefined : channels.get(problem.account);
    if (!channel?.channel) {
      out.push(problem);
      continue;
    }
    const finding: Problem = { ...problem, account: channel.accountId, channel: channel.channel };
    const key = [
      finding.file,
      finding.line,
      finding.column,
      finding.ruleId,
      finding.severity,
      finding.postId,
      finding.account,
      finding.message,
    ].join('\u0000');
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, { index: out.length, channel: channel.channel });
      out.push(finding);
    } else if (earlier.channel !== channel.channel) {
      const { channel: _dropped, ...shared } = out[earlier.index]!;
      out[earlier.index] = shared;
    }
  }
  return out;
}
