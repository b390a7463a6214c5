// What Chorus uses of twitter-text, bundled by scripts/bundle.js into dist/bundle/twitter-text.cjs (see
// src/platforms/x/twitter-text.ts): these four functions and what they need, without the rest of the package.
export { default as parseTweet } from 'twitter-text/dist/parseTweet.js';
export { default as extractUrlsWithIndices } from 'twitter-text/dist/extractUrlsWithIndices.js';
export { default as extractHashtagsWithIndices } from 'twitter-text/dist/extractHashtagsWithIndices.js';
export { default as extractMentionsWithIndices } from 'twitter-text/dist/extractMentionsWithIndices.js';
