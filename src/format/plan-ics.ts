// `chorus plan --format ics`: an iCalendar feed, one event per post with a stable UID, for calendar apps.
import ical from 'ical-generator';
import type { Plan } from './plan-posts.js';
import { printableAll } from './printable.js';

/** How long each event lasts in a calendar app (a post is an instant; apps need a span). */
const EVENT_MINUTES = 15;

/** The event UID of a post: stable across runs, so calendar apps update events instead of duplicating them. */
export function planEventUid(account: string, postId: string): string {
  return `${account}/${postId}@chorus`;
}

/** The feed; `now` is the DTSTAMP of every event so the output is deterministic. */
export function formatPlanIcs(input: Plan, options: { now: Date; name?: string }): string {
  // The feed is often printed to a terminal: no control character from a post reaches it.
  const plan = printableAll(input);
  const calendar = ical({
    name: options.name ?? 'Chorus plan',
    prodId: { company: 'chorus', product: 'chorus-plan', language: 'EN' },
  });
  for (const post of plan.posts) {
    const start = new Date(post.at);
    calendar.createEvent({
      id: planEventUid(post.account, post.id),
      start,
      end: new Date(start.getTime() + EVENT_MINUTES * 60_000),
      stamp: options.now,
      summary: `@${post.handle} ${post.category}: ${post.id}${post.published ? ' (published)' : ''}`,
      description: [post.text, ...post.thread].join('\n\n'),
      ...(post.links[0] ? { url: post.links[0] } : {}),
    });
  }
  return calendar.toString();
}
