import { randomBytes, sign as signBytes } from 'node:crypto';
import { type Clock, systemClock } from '@tradeloop/clock';
import { type CdpCredentials, cdpSecretOf } from './credentials.js';
import { SigningError } from './errors.js';

/** Advanced Trade's REST host, as it appears in the JWT `uri` claim. */
export const ADVANCED_TRADE_HOST = 'api.coinbase.com';
/** How long a CDP JWT is valid, in seconds (Coinbase's limit). */
export const CDP_JWT_LIFETIME_SECONDS = 120;

/** Options for {@link CdpJwtSigner}. */
export interface CdpJwtSignerOptions {
  clock?: Clock;
  /** The `iss` claim: `'cdp'` (Coinbase's current SDKs, default) or `'coinbase-cloud'` (older Python SDK). */
  issuer?: 'cdp' | 'coinbase-cloud';
}

/** What a REST JWT is bound to. */
export interface CdpRestRequest {
  method: string;
  /** The request path; any `?query` is dropped from the `uri` claim, as Coinbase requires. */
  path: string;
  /** Defaults to {@link ADVANCED_TRADE_HOST}. */
  host?: string;
  /** Optional `aud` claim, e.g. `['retail_rest_api_proxy']`. */
  audience?: string[];
}

/** The decoded claims of a token this package issues. */
export interface CdpJwtClaims {
  iss: string;
  sub: string;
  nbf: number;
  exp: number;
  uri?: string;
  aud?: string[];
}

/**
 * Issues Coinbase Advanced Trade (CDP) JWTs: ES256 for EC P-256 keys, EdDSA for Ed25519 keys,
 * header `kid` = key name and a random `nonce`, claims `iss`, `sub`, `nbf`, `exp = nbf + 120`, and
 * for REST `uri = "METHOD host/path"` without the query string.
 *
 * @example
 * const jwt = new CdpJwtSigner(createCdpCredentials({ keyName, privateKey }));
 * const token = jwt.signRest({ method: 'GET', path: '/api/v3/brokerage/accounts' });
 * await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
 */
export class CdpJwtSigner {
  readonly #credentials: CdpCredentials;
  readonly #clock: Clock;
  readonly #issuer: string;

  constructor(credentials: CdpCredentials, options: CdpJwtSignerOptions = {}) {
    this.#credentials = credentials;
    this.#clock = options.clock ?? systemClock;
    this.#issuer = options.issuer ?? 'cdp';
  }

  /** A JWT for one REST request (one per request: the token is bound to its method and path). */
  signRest(request: CdpRestRequest): string {
    if (typeof request.method !== 'string' || request.method === '') {
      throw new SigningError(`expected an HTTP method, received ${JSON.stringify(request.method)}`);
    }
    if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
      throw new SigningError(`expected a path starting with "/", received ${JSON.stringify(request.path)}`);
    }
    const pathWithoutQuery = request.path.split('?', 1)[0] ?? request.path;
    const uri = `${request.method.toUpperCase()} ${request.host ?? ADVANCED_TRADE_HOST}${pathWithoutQuery}`;
    return this.#sign({ uri, ...(request.audience ? { aud: request.audience } : {}) });
  }

  /** A JWT for a WebSocket subscribe message (`"jwt"` field); no `uri` claim. */
  signWebSocket(audience?: string[]): string {
    return this.#sign(audience ? { aud: audience } : {});
  }

  #sign(extraClaims: { uri?: string; aud?: string[] }): string {
    const { keyName, algorithm } = this.#credentials;
    const nbf = Math.floor(this.#clock.now() / 1000);
    const header = { alg: algorithm, kid: keyName, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };
    const claims: CdpJwtClaims = {
      iss: this.#issuer,
      sub: keyName,
      nbf,
      exp: nbf + CDP_JWT_LIFETIME_SECONDS,
      ...extraClaims,
    };
    const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const { privateKey } = cdpSecretOf(this.#credentials);
    const signature =
      algorithm === 'ES256'
        ? // JOSE wants the raw r‖s form (64 bytes), not DER.
          signBytes('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' })
        : signBytes(null, Buffer.from(signingInput), privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
