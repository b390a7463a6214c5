// The record key of each post part: a valid TID computed from the part's stable identity (account, post id,
// part), so every attempt at the same part writes the same record and a retry can never create a second one.
import { createHash } from 'node:crypto';
import type { PartKey } from '../types.js';

/** The base32 alphabet TIDs are written in ("base32-sortable"). */
const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
/** A TID's syntax (atproto spec): 13 characters, the first one keeping the top bit zero. */
export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
/** Keys are timestamps within 2023 (in the past: no server or relay sees a key from the future). */
const EPOCH_MICROS = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
const SPAN_MICROS = 365n * 24n * 3600n * 1_000_000n;

/**
 * The record key of a post part: a TID (64 bits: zero, 53 bits of microseconds, 10 bits of clock id) whose
 * timestamp and clock id come from SHA-256 of the part's identity. 55 bits of hash: two parts of one account
 * share a key with odds of about n²/2^56 (one in 7 million for 100,000 posts).
 */
export function recordKey(key: PartKey): string {
  const digest = createHash('sha256')
    .update(`chorus-bluesky-rkey\0${key.account}\0${key.post}\0${key.part}`)
    .digest();
  const micros = EPOCH_MICROS + (digest.readBigUInt64BE(0) % SPAN_MICROS);
  const clockId = BigInt(digest.readUInt16BE(8) & 0x3ff);
  let value = (micros << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** The record key at the end of an at:// URI (at://did/collection/rkey), or undefined. */
export function recordKeyOf(uri: string): string | undefined {
  const match = /^at:\/\/[^/]+\/[^/]+\/([^/]+)$/.exec(uri);
  return match?.[1];
}
