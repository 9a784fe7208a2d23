import { createHash, type Hash } from 'node:crypto';
import type { Clock } from '@tradeloop/clock';
import { ExchangeClock, formatTimestamp, type TimestampFormat } from './clock.js';
import { type ExchangeCredentials, exchangeSecretOf } from './credentials.js';
import { SigningError } from './errors.js';

/** The four headers Coinbase Exchange reads on a private REST request. */
export interface ExchangeAuthHeaders {
  'CB-ACCESS-KEY': string;
  'CB-ACCESS-SIGN': string;
  'CB-ACCESS-TIMESTAMP': string;
  /** Always present: the empty string when the key has no passphrase. */
  'CB-ACCESS-PASSPHRASE': string;
}

/** The four fields added to a WebSocket `subscribe` message to authenticate it. */
export interface WebSocketAuthFields {
  key: string;
  passphrase: string;
  timestamp: string;
  signature: string;
}

/** A request as it will be sent: the exact path-and-query and the exact body bytes. */
export interface ExchangeRequestToSign {
  /** Any case; it is upper-cased for signing. */
  method: string;
  /** Path plus `?query` when there is one, exactly as sent (e.g. `/orders?status=open`). */
  requestPath: string;
  /** The exact body string that will be sent; empty or absent for none. */
  body?: string;
  /** Override the clock, e.g. to reproduce a recorded request. */
  timestamp?: string;
}

/** The path Coinbase signs for WebSocket authentication. */
export const WEBSOCKET_AUTH_PATH = '/users/self/verify';

/** SHA-256's block size: an HMAC key is padded (or hashed down) to it. */
const SHA256_BLOCK_BYTES = 64;

/**
 * HMAC-SHA256 (RFC 2104) with the key's inner and outer pads hashed once: each signature copies
 * the two prepared hash states instead of setting up an HMAC from the key (`createHmac` pads the
 * key and initialises three digest contexts per call). Same bytes as `createHmac('sha256', key)`.
 */
class PreparedHmacSha256 {
  readonly #inner: Hash;
  readonly #outer: Hash;

  constructor(key: Buffer) {
    const blockKey = key.length > SHA256_BLOCK_BYTES ? createHash('sha256').update(key).digest() : key;
    const innerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
    const outerPad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);
    for (let index = 0; index < blockKey.length; index += 1) {
      innerPad[index] = (innerPad[index] as number) ^ (blockKey[index] as number);
      outerPad[index] = (outerPad[index] as number) ^ (blockKey[index] as number);
    }
    this.#inner = createHash('sha256').update(innerPad);
    this.#outer = createHash('sha256').update(outerPad);
    innerPad.fill(0);
    outerPad.fill(0);
  }

  /** The base64 HMAC of `message` (UTF-8). */
  base64(message: string): string {
    const innerDigest = this.#inner.copy().update(message, 'utf8').digest();
    return this.#outer.copy().update(innerDigest).digest('base64');
  }
}

/** Options for {@link ExchangeSigner}. */
export interface ExchangeSignerOptions {
  /** Where time comes from; an {@link ExchangeClock} carries the measured server offset. */
  clock?: Clock;
  /** `'seconds'` (default, integer) or `'milliseconds'` (three decimals). */
  timestampFormat?: TimestampFormat;
}

/**
 * Signs Coinbase Exchange REST requests and WebSocket subscriptions with an Exchange API key.
 *
 * @example
 * const signer = new ExchangeSigner(createExchangeCredentials({ apiKey, apiSecret, passphrase }));
 * const body = JSON.stringify(order);               // serialize once...
 * const headers = signer.sign({ method: 'POST', requestPath: '/orders', body });
 * await fetch(url, { method: 'POST', headers, body }); // ...and send exactly those bytes
 */
export class ExchangeSigner {
  readonly #apiKey: string;
  readonly #hmac: PreparedHmacSha256;
  readonly #passphrase: string;
  readonly #clock: Clock;
  readonly #timestampFormat: TimestampFormat;
  // Formatting the same second again and again is wasted work on the order path; keep the last one.
  #lastTimestampMs = Number.NaN;
  #lastTimestamp = '';

  constructor(credentials: ExchangeCredentials, options: ExchangeSignerOptions = {}) {
    const secret = exchangeSecretOf(credentials);
    this.#apiKey = credentials.apiKey;
    this.#hmac = new PreparedHmacSha256(secret.secretKey);
    this.#passphrase = secret.passphrase;
    this.#clock = options.clock ?? new ExchangeClock();
    this.#timestampFormat = options.timestampFormat ?? 'seconds';
  }

  /** The clock signatures are timed with. */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * Returns the `CB-ACCESS-*` headers for one request.
   * @throws {SigningError} when the method or path is not usable.
   */
  sign(request: ExchangeRequestToSign): ExchangeAuthHeaders {
    if (typeof request.method !== 'string' || request.method === '') {
      throw new SigningError(`expected an HTTP method, received ${JSON.stringify(request.method)}`);
    }
    if (typeof request.requestPath !== 'string' || !request.requestPath.startsWith('/')) {
      throw new SigningError(
        `expected a request path starting with "/" (path plus ?query), received ${JSON.stringify(request.requestPath)}`,
      );
    }
    const timestamp = request.timestamp ?? this.#currentTimestamp();
    const method = request.method;
    const signature = this.#hmac.base64(
      timestamp +
        (method === 'GET' || method === 'POST' || method === 'DELETE' ? method : method.toUpperCase()) +
        request.requestPath +
        (request.body ?? ''),
    );
    return {
      'CB-ACCESS-KEY': this.#apiKey,
      'CB-ACCESS-SIGN': signature,
      'CB-ACCESS-TIMESTAMP': timestamp,
      'CB-ACCESS-PASSPHRASE': this.#passphrase,
    };
  }

  #currentTimestamp(): string {
    const now = this.#clock.now();
    const bucket = this.#timestampFormat === 'seconds' ? Math.floor(now / 1000) : Math.floor(now);
    if (bucket !== this.#lastTimestampMs) {
      this.#lastTimestampMs = bucket;
      this.#lastTimestamp = formatTimestamp(now, this.#timestampFormat);
    }
    return this.#lastTimestamp;
  }

  /** Returns the `key`, `passphrase`, `timestamp` and `signature` fields for a WebSocket subscribe. */
  signWebSocket(timestamp?: string): WebSocketAuthFields {
    const headers = this.sign({
      method: 'GET',
      requestPath: WEBSOCKET_AUTH_PATH,
      ...(timestamp ? { timestamp } : {}),
    });
    return {
      key: headers['CB-ACCESS-KEY'],
      passphrase: headers['CB-ACCESS-PASSPHRASE'],
      timestamp: headers['CB-ACCESS-TIMESTAMP'],
      signature: headers['CB-ACCESS-SIGN'],
    };
  }
}
