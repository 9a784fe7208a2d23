import { randomBytes, sign } from 'node:crypto';

/** Claims and header fields a test may override to build a bad token. */
export interface JwtOverrides {
  iss?: string;
  sub?: string;
  kid?: string;
  nbf?: number;
  exp?: number;
  uri?: string | null;
  aud?: string[];
  alg?: string;
}

/**
 * The tests' own ES256 JWT signer (node:crypto only, independent of @tradeloop/auth), building
 * tokens as Coinbase's SDKs do: header `{alg, kid, nonce, typ}`, claims `{iss, sub, nbf, exp, uri}`.
 */
export function signJwt(
  key: { keyName: string; privateKey: string },
  uri: string | undefined,
  overrides: JwtOverrides = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = {
    alg: overrides.alg ?? 'ES256',
    kid: overrides.kid ?? key.keyName,
    nonce: randomBytes(16).toString('hex'),
    typ: 'JWT',
  };
  const claims: Record<string, unknown> = {
    iss: overrides.iss ?? 'cdp',
    sub: overrides.sub ?? key.keyName,
    nbf: overrides.nbf ?? now,
    exp: overrides.exp ?? (overrides.nbf ?? now) + 120,
  };
  const claimUri = overrides.uri === undefined ? uri : overrides.uri;
  if (claimUri !== null && claimUri !== undefined) claims.uri = claimUri;
  if (overrides.aud) claims.aud = overrides.aud;
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export interface AdvancedTradeResponse {
  status: number;
  text: string;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
}

/** A minimal Advanced Trade REST client for the simulator's own tests (fetch + {@link signJwt}). */
export class AdvancedTradeTestClient {
  readonly #restUrl: string;
  readonly #key: { keyName: string; privateKey: string } | undefined;

  constructor(restUrl: string, key?: { keyName: string; privateKey: string }) {
    this.#restUrl = restUrl;
    this.#key = key;
  }

  get host(): string {
    return new URL(this.#restUrl).host;
  }

  get(target: string, overrides?: JwtOverrides): Promise<AdvancedTradeResponse> {
    return this.request('GET', target, undefined, overrides);
  }

  post(target: string, body: unknown, overrides?: JwtOverrides): Promise<AdvancedTradeResponse> {
    return this.request('POST', target, body, overrides);
  }

  async request(
    method: string,
    target: string,
    body?: unknown,
    overrides?: JwtOverrides,
    headers: Record<string, string> = {},
  ): Promise<AdvancedTradeResponse> {
    const path = target.split('?')[0] as string;
    const allHeaders: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
    if (this.#key)
      allHeaders.Authorization = `Bearer ${signJwt(this.#key, `${method} ${this.host}${path}`, overrides)}`;
    const response = await fetch(`${this.#restUrl}${target}`, {
      method,
      headers: allHeaders,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, text, contentType: response.headers.get('content-type'), body: parsed };
  }
}
