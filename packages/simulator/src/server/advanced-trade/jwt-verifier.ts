import { verify } from 'node:crypto';
import type { CdpKeyRecord, CdpKeyStore } from './cdp-keys.js';

/** The JWT issuers current clients send: `cdp` (Coinbase's SDKs and docs) and `coinbase-cloud` (older Python SDK, ccxt). */
export const ACCEPTED_ISSUERS: ReadonlySet<string> = new Set(['cdp', 'coinbase-cloud']);
/** Coinbase's token lifetime: a JWT is valid for two minutes. */
export const MAX_JWT_LIFETIME_SECONDS = 120;
/** Clock difference tolerated on `nbf` and `exp`, in seconds. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 30;
/** The production host, which clients may keep in the `uri` claim whatever host they talk to. */
export const ADVANCED_TRADE_PRODUCTION_HOST = 'api.coinbase.com';

/** What the JWT must be bound to: the request as the server received it. */
export interface JwtRequest {
  authorization: string | undefined;
  method: string;
  /** The `Host` header (e.g. `127.0.0.1:54321`). */
  host: string | undefined;
  /** The path without the query. */
  path: string;
}

/** Why a JWT was refused; logged by the server, never sent (Coinbase answers a bare 401). */
export type JwtProblem =
  | 'missing bearer token'
  | 'malformed token'
  | 'unsupported algorithm'
  | 'unknown key'
  | 'kid and sub differ'
  | 'bad issuer'
  | 'not yet valid'
  | 'expired'
  | 'lifetime too long'
  | 'uri mismatch'
  | 'bad signature';

export type JwtVerification = { ok: true; record: CdpKeyRecord } | { ok: false; problem: JwtProblem };

/**
 * Verifies an Advanced Trade REST JWT with `node:crypto`: ES256 over `header.payload` with the
 * raw r‖s signature, `kid` = `sub` = a known key name, `iss` `cdp` or `coinbase-cloud`, `nbf`/`exp`
 * within {@link JWT_CLOCK_TOLERANCE_SECONDS} and at most {@link MAX_JWT_LIFETIME_SECONDS} apart,
 * optional `aud` (any value), and `uri` = `METHOD host/path` without the query (a claim that
 * carries the query is refused, as Coinbase refuses it: ccxt#21640). The host may be the
 * request's `Host` or `api.coinbase.com`, with or without `http://` / `https://` (ccxt strips only
 * `https://`, so against a plain-http simulator its claim reads `GET http://127.0.0.1:port/...`).
 */
export function verifyRestJwt(request: JwtRequest, keys: CdpKeyStore, nowMs: number): JwtVerification {
  const authorization = request.authorization;
  if (authorization === undefined || !/^Bearer\s+/i.test(authorization))
    return refuse('missing bearer token');
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  if (parts.length !== 3) return refuse('malformed token');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (header === undefined || claims === undefined) return refuse('malformed token');
  if (header.alg !== 'ES256') return refuse('unsupported algorithm');
  const keyName = header.kid;
  if (typeof keyName !== 'string') return refuse('malformed token');
  const record = keys.get(keyName);
  if (record === undefined) return refuse('unknown key');
  if (claims.sub !== keyName) return refuse('kid and sub differ');
  if (typeof claims.iss !== 'string' || !ACCEPTED_ISSUERS.has(claims.iss)) return refuse('bad issuer');
  const { nbf, exp } = claims;
  if (typeof nbf !== 'number' || typeof exp !== 'number') return refuse('malformed token');
  const nowSeconds = nowMs / 1000;
  if (nowSeconds + JWT_CLOCK_TOLERANCE_SECONDS < nbf) return refuse('not yet valid');
  if (nowSeconds - JWT_CLOCK_TOLERANCE_SECONDS >= exp) return refuse('expired');
  if (exp - nbf > MAX_JWT_LIFETIME_SECONDS) return refuse('lifetime too long');
  if (typeof claims.uri !== 'string' || !uriMatches(claims.uri, request)) return refuse('uri mismatch');
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== 64) return refuse('bad signature');
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: record.publicKey, dsaEncoding: 'ieee-p1363' },
    signature,
  );
  return valid ? { ok: true, record } : refuse('bad signature');
}

function refuse(problem: JwtProblem): JwtVerification {
  return { ok: false, problem };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function uriMatches(uri: string, request: JwtRequest): boolean {
  const space = uri.indexOf(' ');
  if (space < 0 || uri.slice(0, space) !== request.method.toUpperCase()) return false;
  let target = uri.slice(space + 1);
  if (target.startsWith('https://')) target = target.slice('https://'.length);
  else if (target.startsWith('http://')) target = target.slice('http://'.length);
  const slash = target.indexOf('/');
  if (slash < 0) return false;
  const host = target.slice(0, slash).toLowerCase();
  const path = target.slice(slash);
  if (path !== request.path) return false;
  return (
    host === ADVANCED_TRADE_PRODUCTION_HOST ||
    (request.host !== undefined && host === request.host.toLowerCase())
  );
}
