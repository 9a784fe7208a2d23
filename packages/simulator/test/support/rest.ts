import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { authHeaders, type TestCredentials } from './signing.js';

/** A response as the tests inspect it. */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
}

export interface TestRequestOptions {
  /** A string is sent byte for byte; anything else is JSON.stringify'd once. */
  body?: unknown;
  /** Sign with these credentials (default: the client's, when it has any and the route is private). */
  credentials?: TestCredentials | null;
  timestamp?: string;
  headers?: Record<string, string>;
}

/**
 * A tiny REST client over node:http, so tests control the exact request target and body bytes.
 * Signs with the tests' own signer.
 */
export class TestRestClient {
  readonly #baseUrl: URL;
  readonly #credentials: TestCredentials | undefined;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(baseUrl: string, credentials?: TestCredentials) {
    this.#baseUrl = new URL(baseUrl);
    this.#credentials = credentials;
  }

  get(target: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('GET', target, options);
  }

  post(target: string, body: unknown, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('POST', target, { ...options, body });
  }

  delete(target: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('DELETE', target, options);
  }

  /** A request whose body is JSON (or a raw string) and is signed over exactly what is sent. */
  request(method: string, target: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const bodyText =
      options.body === undefined
        ? ''
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const credentials = options.credentials === null ? undefined : (options.credentials ?? this.#credentials);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
    if (credentials)
      Object.assign(
        headers,
        authHeaders(credentials, method, target, bodyText, options.timestamp),
        options.headers,
      );
    return this.raw(method, target, bodyText, headers);
  }

  /** Sends exactly the given target, body and headers. */
  raw(
    method: string,
    target: string,
    body: string | Buffer,
    headers: Record<string, string>,
  ): Promise<TestResponse> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: this.#baseUrl.hostname,
          port: this.#baseUrl.port,
          method,
          path: target,
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          agent: this.#agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
