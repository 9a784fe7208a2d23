import { createHmac } from 'node:crypto';
import http from 'node:http';

/** Credentials as the simulator hands them out (base64 secret). */
export interface RawCredentials {
  apiKey: string;
  apiSecret: string;
  passphrase: string;
}

/** How the bare client sends: the global `fetch` (undici) or `node:http` with a keep-alive agent. */
export type BareTransport = 'fetch' | 'node:http';

/**
 * The least a client can do for one Coinbase Exchange REST call: sign with `node:crypto` (key
 * decoded once), send, read the JSON. No validation, no retries, no rate limiting: the baseline
 * the REST client's per-request cost is compared with.
 */
export class BareRest {
  readonly #baseUrl: URL;
  readonly #credentials: RawCredentials;
  readonly #key: Buffer;
  readonly #transport: BareTransport;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(baseUrl: string, credentials: RawCredentials, transport: BareTransport = 'fetch') {
    this.#baseUrl = new URL(baseUrl);
    this.#credentials = credentials;
    this.#key = Buffer.from(credentials.apiSecret, 'base64');
    this.#transport = transport;
  }

  /** An unsigned GET (public endpoint); resolves with the parsed JSON body. */
  get(path: string): Promise<unknown> {
    return this.#send('GET', path, {}, undefined);
  }

  /** A signed request; resolves with the parsed JSON body. */
  signed(method: 'GET' | 'POST' | 'DELETE', path: string, body?: string): Promise<unknown> {
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
    return this.#send(method, path, headers, body);
  }

  /** Closes pooled `node:http` connections. */
  close(): void {
    this.#agent.destroy();
  }

  async #send(method: string, path: string, headers: Record<string, string>, body: string | undefined) {
    if (this.#transport === 'fetch') {
      const response = await fetch(
        new URL(path, this.#baseUrl),
        body === undefined ? { method, headers } : { method, headers, body },
      );
      return this.#parse(method, path, response.status, await response.text());
    }
    return new Promise<unknown>((resolve, reject) => {
      const request = http.request(
        {
          agent: this.#agent,
          hostname: this.#baseUrl.hostname,
          port: this.#baseUrl.port,
          path,
          method,
          headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              resolve(
                this.#parse(method, path, response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')),
              );
            } catch (error) {
              reject(error);
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  #parse(method: string, path: string, status: number, text: string): unknown {
    if (status < 200 || status > 299) {
      throw new Error(`expected 2xx from ${method} ${path}, received ${status}: ${text.slice(0, 200)}`);
    }
    return JSON.parse(text);
  }
}
