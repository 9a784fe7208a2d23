/**
 * The two ways a sender proves it knows the secret: Standard Webhooks signature headers
 * (https://www.standardwebhooks.com: `webhook-id`, `webhook-timestamp`, `webhook-signature:
 * v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), or the secret itself in the body for platforms
 * that cannot set headers (TradingView). Both compare in constant time. Written with node:crypto
 * rather than the `standardwebhooks` package because that one reads `Date.now()` for its window and
 * fixes it at 5 minutes; here the window runs on the injected clock.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The secret as HMAC key bytes: `whsec_<base64>` as the Standard Webhooks spec writes keys, else its UTF-8 bytes. */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** `v1,<base64>` for one message: what a sender puts in `webhook-signature`. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: string,
  body: string | Buffer,
): string {
  const mac = createHmac('sha256', signingKey(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

/**
 * True when one of the space-separated signatures in `signatureHeader` is a `v1` HMAC of
 * `id.timestamp.body` with the secret (the spec allows several, e.g. during a key rotation;
 * unknown versions are skipped). Compared in constant time.
 */
export function verifyStandardWebhook(
  key: Buffer,
  id: string,
  timestamp: string,
  body: Buffer,
  signatureHeader: string,
): boolean {
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  let matched = false;
  for (const entry of signatureHeader.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    const received = Buffer.from(entry.slice(comma + 1), 'base64');
    // Every candidate is compared (no early exit), each in constant time.
    if (received.length === expected.length && timingSafeEqual(received, expected)) matched = true;
  }
  return matched;
}

/** Compares a secret received in a body with the configured one in constant time (lengths hidden by hashing). */
export function secretsMatch(received: string, secret: string): boolean {
  const left = createHash('sha256').update(received, 'utf8').digest();
  const right = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(left, right);
}
