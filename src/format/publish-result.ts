// What a publish run did, as the formatters show it: the publish loop (src/publish/) produces it, the show
// stage declares it (so format never imports the loop).

/** A post reported with why it was not (or not yet) sent. */
export interface PostReport {
  account: string;
  id: string;
  reason: string;
}

/** A post that went out (its main part). */
export interface PublishedReport {
  account: string;
  id: string;
  platformId: string;
  url: string;
  at: string;
}

/** What `--dry-run` would send for one post. */
export interface PlannedPost {
  account: string;
  id: string;
  at: string | undefined;
  /** What each request is ("POST /2/tweets"). */
  endpoint: string;
  /** The exact request bodies, in order (the network's own shape, e.g. a Bluesky record with facets). */
  payloads: unknown[];
  /** Images that would be uploaded first, with their alt text. */
  media: { file: string; alt: string }[];
  note: string | undefined;
}

/** The outcome of a run. */
export interface PublishResult {
  published: PublishedReport[];
  deferred: PostReport[];
  missed: PostReport[];
  skipped: PostReport[];
  failed: PostReport[];
  /** Only with dry-run. */
  planned: PlannedPost[];
}
