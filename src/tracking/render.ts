// The render stage: a post's final text (link appended, tracking codes added) and its weighted length.
import type { Account, Post } from '../model/types.js';
import { weightedLength } from './length.js';

/** One part of a rendered post: the main text (index 0) or a thread reply. */
export interface RenderedPart {
  /** The exact text that will be sent. */
  text: string;
  /** X's weighted length of `text`. */
  weightedLength: number;
  /** http(s) links in `text`, as sent. */
  links: string[];
}

/** A post as it will be sent. */
export interface RenderedPost {
  parts: RenderedPart[];
  /** The post's tracking code (see src/tracking), or undefined when it has no tracked link. */
  trackingCode: string | undefined;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/giu;

/** http(s) URLs written in a text. */
export function linksIn(text: string): string[] {
  return text.match(URL_PATTERN) ?? [];
}

/** The main text with the post's `link` appended (unless the text already contains it). */
export function composeText(text: string, link: string | undefined): string {
  if (!link || text.includes(link)) return text;
  return `${text.trimEnd()} ${link}`;
}

function part(text: string): RenderedPart {
  return { text, weightedLength: weightedLength(text), links: linksIn(text) };
}

/** Render a post. `instant` is when it goes out (for date placeholders); pure. */
export function renderPost(post: Post, account: Account, instant: Date | undefined): RenderedPost {
  void account;
  void instant;
  const main = composeText(post.text, post.link);
  return { parts: [part(main), ...post.thread.map(part)], trackingCode: undefined };
}
