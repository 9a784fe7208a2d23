import { createHmac } from 'node:crypto';

/** Credentials as the simulator hands them out (base64 secret). */
export interface RawCredentials {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

/**
 * The least a client can do for one Coinbase Exchange REST call: sign with `node:crypto` (key
 * decoded once), `fetch`, read the JSON. No validation, no retries, no rate limiting: the
 * baseline the REST client's per-request cost is compared with.
 */
export class BareRest {
  readonly #baseUrl: string;
  readonly #credentials: RawCredentials;
  readonly #key: Buffer;

  constructor(baseUrl: string, credentials: RawCredentials) {
    this.#baseUrl = baseUrl;
    this.#credentials = credentials;
    this.#key = Buffer.from(credentials.apiSecret, 'base64');
  }

  /** An unsigned GET (public endpoint); resolves with the parsed JSON body. */
  async get(path: string): Promise<unknown> {
    const response = await fetch(this.#baseUrl + path);
    return this.#read(response, 'GET', path);
  }

  /** A signed request; resolves with the parsed JSON body. */
  async signed(method: 'GET' | 'POST' | 'DELETE', path: string, body?: string): Promise<unknown> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.#key)
      .update(timestamp + method + path + (body ?? ''), 'utf8')
      .digest('base64');
    const headers: Record<string, string> = {
      'CB-ACCESS-KEY': this.#credentials.apiKey,
      'CB-ACCESS-SIGN': signature,
      'CB-ACCESS-TIMESTAMP': timestamp,
      'CB-ACCESS-PASSPHRASE': this.#credentials.passphrase,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(
      this.#baseUrl + path,
      body === undefined ? { method, headers } : { method, headers, body },
    );
    return this.#read(response, method, path);
  }

  async #read(response: Response, method: string, path: string): Promise<unknown> {
    const text = await response.text();
    if (!response.ok)
      throw new Error(
        `expected 2xx from ${method} ${path}, received ${response.status}: ${text.slice(0, 200)}`,
      );
    return JSON.parse(text);
  }
}
