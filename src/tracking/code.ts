// Tracking codes: a short, stable, URL-safe name for each post, so sales can be mapped back to it.
import { createHash } from 'node:crypto';

/** A post's tracking code: 12 characters of lower-case RFC 4648 base32 (a-z, 2-7). */
export type TrackingCode = string;

/** Version tag of the algorithm; part of the hashed string so a future change cannot silently collide. */
export const TRACKING_CODE_VERSION = 'chorus-tracking-v1';

/** Length of a code: 12 base32 characters = 60 bits (collision odds at 1M posts ≈ 4 in 10 million). */
export const TRACKING_CODE_LENGTH = 12;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 without padding, lower case. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31]!;
  return out;
}

/**
 * The tracking code of post `postId` of account `accountId`:
 * the first 12 characters of lower-case base32 (RFC 4648, no padding) of
 * SHA-256 over the UTF-8 bytes of `chorus-tracking-v1:<account id>:<post id>`.
 * It depends only on the two ids (never on file paths, time or machine), so every run everywhere
 * gives the same code. Account ids cannot contain ":", so the string is unambiguous.
 * Reproduce in Python: `base64.b32encode(hashlib.sha256(s.encode()).digest()).decode().lower()[:12]`.
 */
export function trackingCode(accountId: string, postId: string): TrackingCode {
  const digest = createHash('sha256')
    .update(`${TRACKING_CODE_VERSION}:${accountId}:${postId}`, 'utf8')
    .digest();
  return base32(digest).slice(0, TRACKING_CODE_LENGTH);
}
