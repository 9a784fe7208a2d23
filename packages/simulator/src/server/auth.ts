import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQueryString, stringify as stringifyQueryString } from 'node:querystring';
import type { ApiKeyRecord, ApiKeyStore } from './api-keys.js';

/**
 * Coinbase Exchange HMAC verification, written here from the protocol reference and never shared
 * with `@tradeloop/auth`: if our signer had a bug, a verifier built from the same code would agree
 * with it and the bug would hide.
 *
 * prehash = timestamp + METHOD + requestPath + body; signature = base64(HMAC-SHA256(base64decode(secret), prehash)).
 */

/** How the query part of the signed path is matched. */
export type QuerySigningMode =
  /** Only the raw request target as sent (what Coinbase is believed to do). */
  | 'strict'
  /** Also accept common re-encodings of the same query (querystring vs axios vs URLSearchParams). */
  | 'lenient';

export interface AuthSettings {
  /** Status of every authentication failure: 401 (today's Coinbase) or 400 (older captures). */
  failureStatus: 400 | 401;
  querySigningMode: QuerySigningMode;
  /** Allowed distance between the client's timestamp and the server clock. */
  windowSeconds: number;
}

export const defaultAuthSettings: AuthSettings = {
  failureStatus: 401,
  querySigningMode: 'strict',
  windowSeconds: 30,
};

/** The outcome of checking a signed request: the key record, or Coinbase's status and message. */
export type AuthOutcome = { ok: true; record: ApiKeyRecord } | { ok: false; status: number; message: string };

/** Everything a signature covers, as the client sent it. */
export interface SignedMaterial {
  apiKey: string;
  signature: string;
  /** The timestamp texts the client may have signed (one for REST; for WebSocket, raw JSON token and its string form). */
  timestamps: string[];
  passphrase: string;
  method: string;
  /** Candidate request paths, first the one exactly as sent. */
  requestPaths: string[];
  /** Candidate bodies, first the one exactly as sent. */
  bodies: Buffer[];
}

/** Checks key, passphrase, timestamp window and signature in Coinbase's order of messages. */
export function verifySignedMaterial(
  material: SignedMaterial,
  keys: ApiKeyStore,
  nowMs: number,
  settings: AuthSettings,
): AuthOutcome {
  const timestamp = material.timestamps[0] ?? '';
  if (!timestampPattern.test(timestamp)) return failed(settings, 'invalid timestamp');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > settings.windowSeconds)
    return failed(settings, 'request timestamp expired');
  const record = keys.get(material.apiKey);
  if (!record) return failed(settings, 'Invalid API Key');
  if (!safeEqualText(material.passphrase, record.passphrase)) return failed(settings, 'Invalid Passphrase');
  const signature = Buffer.from(material.signature, 'utf8');
  const method = material.method.toUpperCase();
  for (const timestampText of material.timestamps) {
    for (const requestPath of material.requestPaths) {
      for (const body of material.bodies) {
        const expected = createHmac('sha256', record.secretKey)
          .update(timestampText + method + requestPath, 'utf8')
          .update(body)
          .digest('base64');
        const expectedBytes = Buffer.from(expected, 'utf8');
        if (expectedBytes.length === signature.length && timingSafeEqual(expectedBytes, signature)) {
          return { ok: true, record };
        }
      }
    }
  }
  return failed(settings, 'invalid signature');
}

const timestampPattern = /^\d+(\.\d+)?$/;

/** A failed check, with the status the settings give every authentication failure. */
function failed(settings: AuthSettings, message: string): AuthOutcome {
  return { ok: false, status: settings.failureStatus, message };
}

/** The parts of an HTTP request that REST authentication reads. */
export interface RestRequestToVerify {
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** The request target exactly as sent: path plus `?query` when there is one. */
  rawTarget: string;
  rawBody: Buffer;
}

const requiredHeaders = [
  'cb-access-key',
  'cb-access-sign',
  'cb-access-timestamp',
  'cb-access-passphrase',
] as const;

/** Authenticates a private REST request with Coinbase's messages for every failure. */
export function verifyRestRequest(
  request: RestRequestToVerify,
  keys: ApiKeyStore,
  nowMs: number,
  settings: AuthSettings,
): AuthOutcome {
  const values: string[] = [];
  for (const name of requiredHeaders) {
    const value = headerText(request.headers[name]);
    // Coinbase reports the header name upper-cased; an empty header counts as missing.
    if (value === '')
      return {
        ok: false,
        status: settings.failureStatus,
        message: `${name.toUpperCase()} header is required`,
      };
    values.push(value);
  }
  const [apiKey, signature, timestamp, passphrase] = values as [string, string, string, string];
  const bodies = [request.rawBody];
  // A GET may carry a body its client never signed (bennycode sends `{}` with GET /time).
  if (request.method === 'GET' && request.rawBody.length > 0) bodies.push(Buffer.alloc(0));
  return verifySignedMaterial(
    {
      apiKey,
      signature,
      timestamps: [timestamp],
      passphrase,
      method: request.method,
      requestPaths: signedPathCandidates(request.rawTarget, settings.querySigningMode),
      bodies,
    },
    keys,
    nowMs,
    settings,
  );
}

/** The request paths a client may have signed for `rawTarget`: the raw one, plus re-encodings when lenient. */
export function signedPathCandidates(rawTarget: string, mode: QuerySigningMode): string[] {
  if (mode === 'strict') return [rawTarget];
  const queryStart = rawTarget.indexOf('?');
  if (queryStart < 0) return [rawTarget];
  const path = rawTarget.slice(0, queryStart);
  const rawQuery = rawTarget.slice(queryStart + 1);
  const candidates = new Set<string>([rawTarget]);
  if (rawQuery === '') candidates.add(path);
  const parsed = parseQueryString(rawQuery);
  candidates.add(withQuery(path, stringifyQueryString(parsed)));
  candidates.add(withQuery(path, new URLSearchParams(rawQuery).toString()));
  // axios writes arrays as `status[]=a`; querystring-based signers wrote `status=a`.
  const withoutBrackets: Record<string, string | string[] | undefined> = {};
  for (const [key, value] of Object.entries(parsed)) withoutBrackets[key.replace(/\[\]$/, '')] = value;
  candidates.add(withQuery(path, stringifyQueryString(withoutBrackets)));
  try {
    candidates.add(withQuery(path, decodeURIComponent(rawQuery)));
  } catch {
    // A malformed escape cannot have been produced by a signer's decoder either.
  }
  return [...candidates];
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

function headerText(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? (value[0] ?? '') : value;
}

function safeEqualText(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/** The path every Coinbase WebSocket signature covers. */
export const webSocketAuthPath = '/users/self/verify';

/** The authentication fields of a subscribe message. */
export interface WebSocketAuthToVerify {
  key: string;
  passphrase: string;
  signature: string;
  /** The timestamp texts the client may have signed (see `timestampTexts`). */
  timestamps: string[];
}

/** Authenticates a subscribe message: signature over `timestamp + "GET" + "/users/self/verify"`. */
export function verifyWebSocketAuth(
  fields: WebSocketAuthToVerify,
  keys: ApiKeyStore,
  nowMs: number,
  settings: AuthSettings,
): AuthOutcome {
  return verifySignedMaterial(
    {
      apiKey: fields.key,
      signature: fields.signature,
      timestamps: fields.timestamps,
      passphrase: fields.passphrase,
      method: 'GET',
      requestPaths: [webSocketAuthPath],
      bodies: [Buffer.alloc(0)],
    },
    keys,
    nowMs,
    settings,
  );
}
