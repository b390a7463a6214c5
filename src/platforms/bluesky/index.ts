// The Bluesky platform: its pure text half (300 graphemes, facets), its account half (handle, server, app
// password) and its client, whose library (@atproto/api) is imported only when something is sent or measured.
import type { Platform } from '../types.js';
import { blueskyAccount } from './account.js';
import {
  draftRequest,
  graphemeLength,
  hashtags,
  links,
  MAX_GRAPHEMES,
  mentions,
  withoutEntities,
} from './text.js';

/** Bluesky's image limits (app.bsky.embed.images: 4 images of at most 1,000,000 bytes each). */
export const BLUESKY_MEDIA = {
  maxImages: 4,
  maxBytes: 1_000_000,
  types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
  altRequired: true,
  maxAltLength: 2000,
} as const;

/** Bluesky, as Chorus sees it. */
export const bluesky: Platform = {
  id: 'bluesky',
  name: 'Bluesky',
  text: {
    lengthUnit: 'graphemes',
    lengthRule: `${MAX_GRAPHEMES} graphemes (user-perceived characters); a link counts as shown: its host and path, without https:// or its tracking codes`,
    maxLength: () => MAX_GRAPHEMES,
    length: graphemeLength,
    links,
    hashtags,
    mentions,
    withoutEntities,
    threads: true,
    media: BLUESKY_MEDIA,
    draftEndpoint: 'com.atproto.repo.createRecord',
    draftRequest,
  },
  account: blueskyAccount,
  async client(options) {
    const { createBlueskyClient } = await import('./client.js');
    return createBlueskyClient(options);
  },
};
