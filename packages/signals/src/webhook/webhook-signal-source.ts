import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@tradeloop/clock';
import type { Signal, SignalFate, SignalSink, SignalSource } from '@tradeloop/strategy-kit';
import { EventEmitter } from 'eventemitter3';
import { InvalidSignalError, SignalsConfigError } from '../errors.js';
import { parseJsonKeepingNumbers } from '../json-text.js';
import { parseSignal } from '../parse-signal.js';
import { secretsMatch, signingKey, verifyStandardWebhook } from './authenticate.js';
import { MinuteRateLimit } from './rate-limit.js';
import { DEFAULT_MAX_REMEMBERED_SIGNALS, SignalStore } from './signal-store.js';

/** How the webhook intake listens and what it accepts. Only `secret` is required. */
export interface WebhookSignalSourceOptions {
  /** Shared secret (at least 16 characters): the HMAC key of signed requests, or the body's `secret`. `whsec_<base64>` keys are decoded as the Standard Webhooks spec says. */
  secret: string;
  /** Default `127.0.0.1`. Any address that is not loopback needs `tls` or `insecure: true`. */
  host?: string;
  /** Default 8787; 0 picks a free port (read it from `url` after `start`). */
  port?: number;
  /** Default `/signals`. */
  path?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Allow plain HTTP on a non-loopback address (e.g. behind a proxy on a private network). Default false. */
  insecure?: boolean;
  /** Time for the timestamp window and the rate limit. Default the system clock. */
  clock?: Clock;
  /** File of accepted ids (and their fates), so duplicates are refused across restarts; default in memory. */
  storePath?: string;
  /** Ids remembered (newest kept). Default 10 000. */
  maxRememberedSignals?: number;
  /** How far a signal's timestamp may be from now, either way. Default 60 000 ms. */
  timestampToleranceMs?: number;
  /** Largest body accepted. Default 16 384 bytes. */
  maxBodyBytes?: number;
  /** Most requests per minute (all senders together). Default 120. */
  maxRequestsPerMinute?: number;
  /** A client must send its headers within this. Default 5 000 ms. */
  headersTimeoutMs?: number;
  /** A client must send its whole request within this. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Most connections at once; more are dropped. Default 64. */
  maxConnections?: number;
}

/** Events of {@link WebhookSignalSource}. None carries the secret. */
export interface WebhookSignalSourceEvents {
  /** The server listens at `url`. */
  'source-started': [info: { url: string }];
  /** A signal was accepted (answered 202) and handed to the runtime. */
  'signal-accepted': [signal: Signal];
  /** A request was answered with an error status. */
  'request-refused': [info: { status: number; error: string; field?: string }];
  /** Something failed outside a request's answer (the store, the sink). */
  'source-failed': [info: { error: unknown; context: string }];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** A refusal on its way to an answer. */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly message: string,
    readonly field?: string,
  ) {}
}

/**
 * Receives signals over HTTP(S): `POST {path}` with a JSON body, authenticated by Standard
 * Webhooks signature headers or by `"secret"` in the body; answers `202 {"id","status":"accepted"}`
 * at once and hands the signal to the runtime, whose risk gates decide. `GET {path}/{id}` (with
 * `Authorization: Bearer <secret>`) tells a signal's fate. Refusals: `401` bad or missing
 * signature/secret or a timestamp outside the window, `400` naming the first bad field, `409
 * {"duplicate":true}` for an id already accepted (also before a restart, with `storePath`), `413`
 * over `maxBodyBytes`, `429` over `maxRequestsPerMinute`. No answer echoes the secret.
 *
 * @example
 * const source = new WebhookSignalSource({ secret: process.env.SIGNALS_SECRET!, port: 8787, storePath: './signals.jsonl' });
 * const runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], signalSources: [source] });
 * await runtime.start(); // source.url === 'http://127.0.0.1:8787/signals'
 */
export class WebhookSignalSource extends EventEmitter<WebhookSignalSourceEvents> implements SignalSource {
  readonly name = 'webhook';
  readonly #options: Required<
    Omit<WebhookSignalSourceOptions, 'tls' | 'storePath' | 'clock' | 'secret' | 'insecure'>
  >;
  readonly #secret: string;
  readonly #key: Buffer;
  readonly #tls: WebhookSignalSourceOptions['tls'];
  readonly #storePath: string | undefined;
  readonly #clock: Clock;
  readonly #rateLimit: MinuteRateLimit;
  #store: SignalStore | undefined;
  #server: Server | undefined;
  #sink: SignalSink | undefined;
  #url: string | undefined;

  /** @throws SignalsConfigError for a short secret, an exposed address without TLS, or a bad limit. */
  constructor(options: WebhookSignalSourceOptions) {
    super();
    if (typeof options.secret !== 'string' || options.secret.length < 16)
      throw new SignalsConfigError(
        'secret',
        `expected at least 16 characters, received ${typeof options.secret === 'string' ? `${options.secret.length}` : 'none'}; use a long random value`,
      );
    const host = options.host ?? '127.0.0.1';
    if (
      !LOOPBACK.has(host) &&
      !host.startsWith('127.') &&
      options.tls === undefined &&
      options.insecure !== true
    )
      throw new SignalsConfigError(
        'host',
        `listening on ${host} (not loopback) needs TLS (a certificate and key) or an explicit insecure flag; or listen on 127.0.0.1 behind a reverse proxy`,
      );
    this.#secret = options.secret;
    this.#key = signingKey(options.secret);
    this.#tls = options.tls;
    this.#storePath = options.storePath;
    this.#clock = options.clock ?? systemClock;
    this.#options = {
      host,
      port: options.port ?? 8787,
      path: (options.path ?? '/signals').replace(/\/+$/, ''),
      maxRememberedSignals: positiveInteger(
        'maxRememberedSignals',
        options.maxRememberedSignals,
        DEFAULT_MAX_REMEMBERED_SIGNALS,
      ),
      timestampToleranceMs: positiveInteger('timestampToleranceMs', options.timestampToleranceMs, 60_000),
      maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, 16_384),
      maxRequestsPerMinute: positiveInteger('maxRequestsPerMinute', options.maxRequestsPerMinute, 120),
      headersTimeoutMs: positiveInteger('headersTimeoutMs', options.headersTimeoutMs, 5_000),
      requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs, 10_000),
      maxConnections: positiveInteger('maxConnections', options.maxConnections, 64),
    };
    if (!Number.isInteger(this.#options.port) || this.#options.port < 0 || this.#options.port > 65_535)
      throw new SignalsConfigError('port', `expected 0 to 65535, received ${this.#options.port}`);
    this.#rateLimit = new MinuteRateLimit(this.#clock, this.#options.maxRequestsPerMinute);
  }

  /** Where signals are posted, once started, e.g. `http://127.0.0.1:8787/signals`. */
  get url(): string | undefined {
    return this.#url;
  }

  /**
   * Opens the id store and listens.
   * @throws SignalStoreError when the store cannot be opened; the listen error (e.g. `EADDRINUSE`).
   */
  async start(sink: SignalSink): Promise<void> {
    if (this.#server !== undefined) throw new SignalsConfigError('start', 'the source is started already');
    this.#sink = sink;
    this.#store = new SignalStore(this.#storePath, this.#options.maxRememberedSignals);
    const serverOptions = {
      headersTimeout: this.#options.headersTimeoutMs,
      requestTimeout: this.#options.requestTimeoutMs,
      // How often Node checks those two timeouts (its default, 30 s, would let a slow client linger).
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(this.#options.headersTimeoutMs / 4)),
      ),
      keepAliveTimeout: 5_000,
    };
    const handler = (request: IncomingMessage, response: ServerResponse) => this.#handle(request, response);
    const server =
      this.#tls === undefined
        ? createHttpServer(serverOptions, handler)
        : createHttpsServer({ ...serverOptions, cert: this.#tls.cert, key: this.#tls.key }, handler);
    server.maxConnections = this.#options.maxConnections;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.#options.port, this.#options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.#store.close();
      this.#store = undefined;
      throw error;
    }
    server.on('error', (error) => this.emit('source-failed', { error, context: 'server' }));
    this.#server = server;
    const port = (server.address() as AddressInfo).port;
    const host = this.#options.host.includes(':') ? `[${this.#options.host}]` : this.#options.host;
    this.#url = `${this.#tls === undefined ? 'http' : 'https'}://${host}:${port}${this.#options.path}`;
    this.emit('source-started', { url: this.#url });
  }

  /** Records the fate the runtime reports (served by `GET` and kept in the store). */
  fateChanged(fate: SignalFate): void {
    try {
      this.#store?.updateFate(fate);
    } catch (error) {
      this.emit('source-failed', { error, context: 'recording a fate' });
    }
  }

  /** Stops listening, drops open connections, closes the store. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#sink = undefined;
    if (server !== undefined) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    this.#store?.close();
    this.#store = undefined;
  }

  // ── requests ────────────────────────────────────────────────────────────────

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0] as string;
    const base = this.#options.path;
    let outcome: Promise<void> | undefined;
    try {
      if (path === base) {
        if (request.method !== 'POST') throw new Refusal(405, 'method_not_allowed', `expected POST ${base}`);
        outcome = this.#receive(request, response);
      } else if (path.startsWith(`${base}/`) && path.length > base.length + 1) {
        if (request.method !== 'GET')
          throw new Refusal(405, 'method_not_allowed', `expected GET ${base}/{id}`);
        this.#tellFate(request, response, decodeURIComponent(path.slice(base.length + 1)));
      } else throw new Refusal(404, 'not_found', `expected POST ${base} or GET ${base}/{id}`);
    } catch (error) {
      this.#answerError(request, response, error);
      return;
    }
    outcome?.catch((error: unknown) => this.#answerError(request, response, error));
  }

  async #receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.#rateLimit.take()) {
      response.setHeader('Retry-After', String(this.#rateLimit.retryAfterSeconds()));
      throw new Refusal(
        429,
        'rate_limited',
        `more than ${this.#options.maxRequestsPerMinute} requests in a minute`,
      );
    }
    const body = await this.#readBody(request);
    const signal = this.#authenticatedSignal(request, body);
    const store = this.#store;
    const sink = this.#sink;
    if (store === undefined || sink === undefined)
      throw new Refusal(503, 'stopping', 'the intake is stopping');
    if (store.has(signal.id)) {
      this.emit('request-refused', { status: 409, error: 'duplicate' });
      this.#answer(response, 409, { id: signal.id, duplicate: true });
      return;
    }
    store.add(signal.id, this.#clock.now());
    this.#answer(response, 202, { id: signal.id, status: 'accepted' });
    this.emit('signal-accepted', signal);
    try {
      sink.submit(signal);
    } catch (error) {
      this.emit('source-failed', { error, context: `handing signal ${signal.id} to the runtime` });
    }
  }

  /** Checks the signature or the body's secret, then the fields, then the timestamp window. */
  #authenticatedSignal(request: IncomingMessage, body: Buffer): Signal {
    const productIds = this.#sink?.productIds ?? [];
    const signature = header(request, 'webhook-signature');
    const webhookId = header(request, 'webhook-id');
    const webhookTimestamp = header(request, 'webhook-timestamp');
    if (signature !== undefined || webhookId !== undefined || webhookTimestamp !== undefined) {
      if (signature === undefined || webhookId === undefined || webhookTimestamp === undefined)
        throw new Refusal(
          401,
          'unauthorized',
          'expected webhook-id, webhook-timestamp and webhook-signature together',
        );
      if (!verifyStandardWebhook(this.#key, webhookId, webhookTimestamp, body, signature))
        throw new Refusal(401, 'unauthorized', 'the webhook-signature does not match');
      if (!/^\d{1,12}$/.test(webhookTimestamp))
        throw new Refusal(401, 'timestamp_outside_window', 'expected webhook-timestamp in Unix seconds');
      const time = Number(webhookTimestamp) * 1000;
      this.#checkWindow(time);
      const signal = parseSignal(this.#json(body), { productIds, source: this.name, id: webhookId, time });
      return signal;
    }
    const parsed = this.#json(body);
    const secret = (parsed as { secret?: unknown } | null)?.secret;
    if (typeof secret !== 'string' || !secretsMatch(secret, this.#secret))
      throw new Refusal(401, 'unauthorized', 'expected signature headers or the right "secret" in the body');
    const signal = parseSignal(parsed, { productIds, source: this.name });
    this.#checkWindow(signal.time);
    return signal;
  }

  #checkWindow(time: number): void {
    const skew = time - this.#clock.now();
    if (Math.abs(skew) > this.#options.timestampToleranceMs)
      throw new Refusal(
        401,
        'timestamp_outside_window',
        `the timestamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'old' : 'in the future'}; the window is ±${this.#options.timestampToleranceMs / 1000} s (check the sender's clock)`,
      );
  }

  #json(body: Buffer): unknown {
    try {
      return parseJsonKeepingNumbers(body.toString('utf8'));
    } catch {
      throw new Refusal(
        400,
        'invalid_signal',
        'body: expected a JSON object, received text that is not JSON',
        'body',
      );
    }
  }

  #readBody(request: IncomingMessage): Promise<Buffer> {
    const limit = this.#options.maxBodyBytes;
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) return Promise.reject(tooLarge(limit));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let length = 0;
      request.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > limit) {
          request.removeAllListeners('data');
          request.pause();
          reject(tooLarge(limit));
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => resolve(Buffer.concat(chunks)));
      // A client that goes away mid-body is no failure of the intake: nothing was accepted.
      const incomplete = () =>
        reject(new Refusal(400, 'invalid_signal', 'body: the request ended before its body did', 'body'));
      request.on('error', incomplete);
      request.on('close', () => {
        if (!request.complete) incomplete();
      });
    });
  }

  #tellFate(request: IncomingMessage, response: ServerResponse, id: string): void {
    const authorization = header(request, 'authorization') ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    if (!secretsMatch(token, this.#secret))
      throw new Refusal(401, 'unauthorized', 'expected Authorization: Bearer <the signals secret>');
    const stored = this.#store?.get(id);
    if (stored === undefined) throw new Refusal(404, 'not_found', 'no signal with this id was accepted');
    this.#answer(response, 200, {
      status: 'accepted',
      ...stored.fate,
      id: stored.id,
      acceptedAt: new Date(stored.receivedAt).toISOString(),
    });
  }

  #answerError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    let refusal: Refusal;
    if (error instanceof Refusal) refusal = error;
    else if (InvalidSignalError.isInstance(error))
      refusal = new Refusal(400, 'invalid_signal', error.message, error.field);
    else {
      this.emit('source-failed', { error, context: 'answering a request' });
      refusal = new Refusal(500, 'internal_error', 'the signal was not accepted; try again');
    }
    this.emit('request-refused', {
      status: refusal.status,
      error: refusal.error,
      ...(refusal.field === undefined ? {} : { field: refusal.field }),
    });
    if (refusal.status === 413) {
      // The rest of an oversized body is not read: close the connection once answered.
      response.setHeader('Connection', 'close');
      response.once('finish', () => request.destroy());
    }
    this.#answer(response, refusal.status, {
      error: refusal.error,
      ...(refusal.field === undefined ? {} : { field: refusal.field }),
      message: refusal.message,
    });
  }

  #answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
    if (response.headersSent || response.destroyed) return;
    // Defence in depth: whatever path a value took into an answer, the secret never leaves.
    const text = JSON.stringify(body)
      .replaceAll(this.#secret, '[redacted]')
      .replaceAll(JSON.stringify(this.#secret).slice(1, -1), '[redacted]');
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(text);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(' ') : value;
  return text === undefined || text === '' ? undefined : text;
}

function tooLarge(limit: number): Refusal {
  return new Refusal(413, 'too_large', `expected a body of at most ${limit} bytes`);
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new SignalsConfigError(option, `expected a positive whole number, received ${value}`);
  return value;
}
