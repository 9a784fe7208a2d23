import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller, Permission } from '../../exchange/contract.js';

/**
 * A legacy Advanced Trade key (pre-CDP "Coinbase API key"): an id and a secret string, signed
 * with HMAC per request, no passphrase. Coinbase is retiring these in favour of CDP keys; some
 * clients (coinbase-advanced-node 2.x) still only speak this scheme.
 */
export interface LegacyAdvancedTradeKey {
  apiKey: string;
  apiSecret: string;
}

interface LegacyKeyRecord {
  secret: string;
  caller: Caller;
}

/** How far `CB-ACCESS-TIMESTAMP` may be from the server's clock, in seconds. */
export const LEGACY_TIMESTAMP_WINDOW_SECONDS = 30;

/** A fresh legacy key: 16 random bytes of id and 32 of secret, as hex-free base62-ish text. */
export function generateLegacyKey(): LegacyAdvancedTradeKey {
  return { apiKey: randomBytes(12).toString('base64url'), apiSecret: randomBytes(24).toString('base64url') };
}

/** The legacy keys of one simulator instance. */
export class LegacyKeyStore {
  readonly #records = new Map<string, LegacyKeyRecord>();

  add(
    key: LegacyAdvancedTradeKey,
    profileId: string,
    userId: string,
    permissions: Iterable<Permission>,
  ): void {
    this.#records.set(key.apiKey, {
      secret: key.apiSecret,
      caller: { profileId, userId, permissions: new Set(permissions) },
    });
  }

  get(apiKey: string): LegacyKeyRecord | undefined {
    return this.#records.get(apiKey);
  }
}

/** What the signature covers: the request as the server received it. */
export interface LegacySignedRequest {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  path: string;
  rawQuery: string;
  rawBody: Buffer;
}

/**
 * Verifies the legacy scheme (protocol notes §1.4): `CB-ACCESS-SIGN` = hex HMAC-SHA256 keyed
 * with the raw secret string over `timestamp + METHOD + path + body`, `CB-ACCESS-TIMESTAMP` in
 * integer seconds within {@link LEGACY_TIMESTAMP_WINDOW_SECONDS}. The signed path may be the
 * path alone (ccxt for `/api/v3`), the path with its query, or the path with a bare `?`
 * (coinbase-advanced-node strips the query's text but keeps the `?`).
 * @returns the caller, or undefined when the request is not signed this way or not validly.
 */
export function verifyLegacyHmac(
  request: LegacySignedRequest,
  keys: LegacyKeyStore,
  nowMs: number,
): Caller | undefined {
  const apiKey = header(request.headers, 'cb-access-key');
  const signature = header(request.headers, 'cb-access-sign');
  const timestamp = header(request.headers, 'cb-access-timestamp');
  if (apiKey === undefined || signature === undefined || timestamp === undefined) return undefined;
  const record = keys.get(apiKey);
  if (record === undefined || !/^\d+$/.test(timestamp)) return undefined;
  if (Math.abs(Number(timestamp) - nowMs / 1000) > LEGACY_TIMESTAMP_WINDOW_SECONDS) return undefined;
  if (!/^[0-9a-f]{64}$/i.test(signature)) return undefined;
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  const body = request.rawBody.toString('utf8');
  const paths = [request.path, `${request.path}?`];
  if (request.rawQuery !== '') paths.push(`${request.path}?${request.rawQuery}`);
  for (const path of paths) {
    const expected = createHmac('sha256', record.secret)
      .update(timestamp + request.method.toUpperCase() + path + body)
      .digest();
    if (timingSafeEqual(expected, given)) return record.caller;
  }
  return undefined;
}

function header(headers: LegacySignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
