import type { ExchangeClock, ExchangeSigner } from '@tradeloop/auth';
import { type Clock, sleep } from '@tradeloop/clock';
import { authenticationHint, errorFromResponse } from './error-mapping.js';
import {
  AbortedError,
  AuthenticationError,
  type RestError,
  type RestErrorDetails,
  UnexpectedResponseError,
} from './errors.js';
import { encodeQuery, type QueryParams } from './http/query.js';
import type { HttpResponse, HttpTransport } from './http/transport.js';
import { asTransportFailure, restErrorOfTransport } from './http/transport-errors.js';
import type { RateLimitBucket, RateLimiter } from './rate-limiter.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.js';
import type { CallOptions } from './types/common.js';
import type { ExchangeTime } from './types/time.js';
import { describeArgument } from './validation.js';

/**
 * When a failed request may be sent again by the requester itself:
 * - `idempotent`: on 429, 5xx, network failures and timeouts (GET, DELETE of one order);
 * - `rejected-only`: on 429 only, which means the exchange did not act on it (cancel all);
 * - `never`: order placement, which has its own lookup-before-resend logic.
 */
export type ResendPolicy = 'idempotent' | 'rejected-only' | 'never';

/** One endpoint call, described once; the requester does the rest. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path without query, segments already encoded. */
  path: string;
  query?: QueryParams;
  /** The body, already serialized: these exact bytes are signed and sent on every attempt. */
  body?: string;
  access: 'public' | 'private';
  bucket: RateLimitBucket;
  resend: ResendPolicy;
  /** Reads the 2xx body; JSON.parse when absent. */
  parse?: (text: string) => T;
  /** Record the local send and receive times of the answered attempt (for clock sync). */
  measureRoundTrip?: boolean;
}

/** Local clock readings (without the exchange offset) around the answered attempt. */
export interface RoundTrip {
  sentAt: number;
  receivedAt: number;
}

/** A 2xx response: the parsed body and the pagination cursors. */
export interface ApiResponse<T> {
  data: T;
  before: string | undefined;
  after: string | undefined;
  /** Present when the spec asked for `measureRoundTrip`. */
  roundTrip?: RoundTrip;
}

/** Everything the requester needs, decided by the client's constructor. */
export interface RequesterConfig {
  origin: string;
  /** A path prefix of the base URL (e.g. `/proxy`), sent but not signed. */
  pathPrefix: string;
  transport: HttpTransport;
  signer: ExchangeSigner | undefined;
  /** Signing time, and the timers of retry waits (its source's, unmoved by the offset). */
  clock: ExchangeClock;
  limiter: RateLimiter;
  retryPolicy: RetryPolicy;
  timeoutMs: number;
  /** Responses larger than this fail with ResponseTooLargeError (the connection is closed). */
  maxResponseBytes: number;
  userAgent: string;
  autoSyncClock: boolean;
  syncClockOnStart: boolean;
  random: () => number;
}

/** The exchange's time as last measured, to tell by how much a rejected timestamp was off. */
interface ServerTimeReading {
  serverMs: number;
  localMs: number;
}

/**
 * Sends one endpoint call: encodes the query once, signs the exact path and body, waits for a
 * rate-limit token, sends, maps failures to typed errors, resyncs the clock once on "request
 * timestamp expired", and resends idempotent requests with backoff.
 */
export class Requester {
  readonly #config: RequesterConfig;
  #clockSync: Promise<number> | undefined;
  #startupSync: Promise<void> | undefined;
  #lastServerTime: ServerTimeReading | undefined;

  constructor(config: RequesterConfig) {
    this.#config = config;
  }

  get config(): RequesterConfig {
    return this.#config;
  }

  /**
   * Sends `spec` and returns its parsed 2xx response.
   * @throws {RestError} a typed subclass for every failure.
   */
  async send<T>(spec: RequestSpec<T>, call: CallOptions = {}): Promise<ApiResponse<T>> {
    const requestPath = spec.path + encodeQuery(spec.query);
    const config = this.#config;
    const { signal } = call;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const details: RestErrorDetails = { method: spec.method, path: requestPath };
    if (spec.access === 'private') {
      if (config.signer === undefined) {
        throw new AuthenticationError(
          'missing_credentials',
          `${spec.method} ${requestPath}: ${authenticationHint('missing_credentials')}`,
          details,
        );
      }
      if (config.syncClockOnStart) await this.#syncOnStart(call);
    }
    let attempt = 0;
    let clockResynced = false;
    let everSent = false;
    for (;;) {
      attempt += 1;
      let failure: RestError;
      let sentTimestamp: string | undefined;
      let requestSent = false;
      try {
        throwIfAborted(signal, details);
        const permit =
          config.limiter.tryAcquire(spec.bucket) ?? (await config.limiter.acquire(spec.bucket, signal));
        let response: HttpResponse;
        let sentAt = 0;
        try {
          const headers = this.#headers(spec, requestPath);
          sentTimestamp = headers['CB-ACCESS-TIMESTAMP'];
          if (spec.measureRoundTrip) sentAt = config.clock.localNow();
          requestSent = true;
          response = await config.transport
            .send({
              method: spec.method,
              origin: config.origin,
              path: config.pathPrefix + requestPath,
              headers,
              body: spec.body,
              timeoutMs,
              signal,
              maxResponseBytes: config.maxResponseBytes,
            })
            .catch(asTransportFailure);
        } finally {
          // Answered or not, the exchange may have counted it by now (see TokenBucket).
          permit.settle();
        }
        if (response.status >= 200 && response.status < 300) {
          const result = this.#read(spec, response, details);
          if (spec.measureRoundTrip) result.roundTrip = { sentAt, receivedAt: config.clock.localNow() };
          return result;
        }
        failure = errorFromResponse({
          method: spec.method,
          path: requestPath,
          status: response.status,
          bodyText: response.body,
          retryAfterMs: parseRetryAfter(response.header('retry-after'), config.clock.now()),
        });
        if (AuthenticationError.isInstance(failure) && failure.reason === 'timestamp_expired') {
          if (config.autoSyncClock && !clockResynced) {
            clockResynced = true;
            attempt -= 1; // the resync's retry is not one of the policy's retries
            await this.#resyncAfterExpiry(failure, call);
            continue;
          }
          throw this.#explainExpiredTimestamp(failure, sentTimestamp, response, clockResynced);
        }
      } catch (error) {
        failure = restErrorOfTransport(
          error,
          details,
          timeoutMs,
          signal,
          requestSent,
          config.maxResponseBytes,
        );
      }
      if (failure.status === 429) {
        config.limiter.noteRateLimited(spec.bucket, (failure as { retryAfterMs?: number }).retryAfterMs);
      }
      everSent ||= requestSent;
      const delay = this.#resendDelay(spec.resend, failure, attempt);
      if (delay === undefined) throw failure;
      if (!(await waitUnlessAborted(config.clock, delay, signal))) {
        throw new AbortedError(
          `${spec.method} ${requestPath}: aborted by the caller's signal while waiting to retry after: ${failure.message}`,
          { ...details, cause: signal?.reason },
          everSent,
        );
      }
    }
  }

  /**
   * Measures the exchange's clock with `GET /time` and stores the offset in the clock.
   * Concurrent calls share one request.
   * @returns the offset in ms (positive: the exchange is ahead of the local clock).
   */
  syncClock(call: CallOptions = {}): Promise<number> {
    if (this.#clockSync) return this.#clockSync;
    const sync = this.#measureClock(call).finally(() => {
      this.#clockSync = undefined;
    });
    this.#clockSync = sync;
    return sync;
  }

  async #measureClock(call: CallOptions): Promise<number> {
    const clock = this.#config.clock;
    const response = await this.send<ExchangeTime>(
      {
        method: 'GET',
        path: '/time',
        access: 'public',
        bucket: 'public',
        resend: 'idempotent',
        measureRoundTrip: true,
      },
      call,
    );
    const epoch = response.data.epoch;
    const roundTrip = response.roundTrip as RoundTrip;
    if (typeof epoch !== 'number' || !Number.isFinite(epoch) || epoch <= 0) {
      throw new UnexpectedResponseError(
        `GET /time: expected { epoch: seconds since the epoch }, received epoch as ${describeArgument(epoch)}`,
        { method: 'GET', path: '/time', status: 200 },
      );
    }
    this.#lastServerTime = { serverMs: epoch * 1000, localMs: roundTrip.receivedAt };
    return clock.updateFromServerTime(epoch, roundTrip.sentAt, roundTrip.receivedAt);
  }

  async #syncOnStart(call: CallOptions): Promise<void> {
    if (!this.#startupSync) {
      // One attempt; if it fails, requests go on unsynced and the expiry handler resyncs later.
      this.#startupSync = this.syncClock(call).then(
        () => undefined,
        () => undefined,
      );
    }
    await this.#startupSync;
  }

  async #resyncAfterExpiry(failure: AuthenticationError, call: CallOptions): Promise<void> {
    try {
      await this.syncClock({ ...(call.signal ? { signal: call.signal } : {}) });
    } catch (syncError) {
      throw new AuthenticationError(
        'timestamp_expired',
        `${failure.message}; resyncing the clock with GET /time failed too (${describe(syncError)})`,
        {
          method: failure.method,
          path: failure.path,
          status: failure.status,
          exchangeMessage: failure.exchangeMessage,
          cause: syncError,
        },
      );
    }
  }

  #explainExpiredTimestamp(
    failure: AuthenticationError,
    sentTimestamp: string | undefined,
    response: HttpResponse,
    clockResynced: boolean,
  ): AuthenticationError {
    const serverMs = this.#serverTimeNow(response);
    const sentMs = sentTimestamp === undefined ? Number.NaN : Number(sentTimestamp) * 1000;
    const skewMs = Number.isFinite(serverMs) && Number.isFinite(sentMs) ? sentMs - serverMs : undefined;
    const measured =
      skewMs === undefined
        ? 'the skew could not be measured'
        : `the signed timestamp was ${Math.abs(skewMs / 1000).toFixed(1)} s ${skewMs < 0 ? 'behind' : 'ahead of'} the exchange's clock`;
    const remedy = clockResynced
      ? `the clock was resynced with GET /time (offset ${this.#config.clock.offsetMs} ms) and the request retried once, yet the exchange still refused it; the clock's source is not steady — fix the machine's time (NTP)`
      : this.#config.autoSyncClock
        ? "fix the machine's time (NTP)"
        : "enable clock sync (autoSyncClock or syncClockOnStart) or fix the machine's time (NTP)";
    return new AuthenticationError(
      'timestamp_expired',
      `${failure.method} ${failure.path} failed with ${failure.status} "request timestamp expired": expected CB-ACCESS-TIMESTAMP within 30 s of the exchange's clock, but ${measured}; ${remedy}`,
      {
        method: failure.method,
        path: failure.path,
        status: failure.status,
        exchangeMessage: failure.exchangeMessage,
      },
      skewMs,
    );
  }

  /** The exchange's time now: from the last GET /time reading, else the response's `Date` header. */
  #serverTimeNow(response: HttpResponse): number {
    const reading = this.#lastServerTime;
    if (reading) return reading.serverMs + (this.#config.clock.localNow() - reading.localMs);
    const date = response.header('date');
    return date === undefined ? Number.NaN : Date.parse(date);
  }

  #headers(spec: RequestSpec<unknown>, requestPath: string): Record<string, string> {
    const config = this.#config;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': config.userAgent };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.access === 'private' && config.signer) {
      const signed = config.signer.sign({ method: spec.method, requestPath, body: spec.body ?? '' });
      headers['CB-ACCESS-KEY'] = signed['CB-ACCESS-KEY'];
      headers['CB-ACCESS-SIGN'] = signed['CB-ACCESS-SIGN'];
      headers['CB-ACCESS-TIMESTAMP'] = signed['CB-ACCESS-TIMESTAMP'];
      headers['CB-ACCESS-PASSPHRASE'] = signed['CB-ACCESS-PASSPHRASE'];
    }
    return headers;
  }

  #read<T>(spec: RequestSpec<T>, response: HttpResponse, details: RestErrorDetails): ApiResponse<T> {
    let data: T;
    try {
      data = spec.parse ? spec.parse(response.body) : (JSON.parse(response.body) as T);
    } catch (error) {
      throw new UnexpectedResponseError(
        `${details.method} ${details.path}: expected a JSON body with status ${response.status}, received ${response.body.length} characters that do not parse (${describe(error)})`,
        { ...details, status: response.status, cause: error },
      );
    }
    return { data, before: response.header('cb-before'), after: response.header('cb-after') };
  }

  #resendDelay(policy: ResendPolicy, failure: RestError, attempt: number): number | undefined {
    if (AbortedError.isInstance(failure)) return undefined;
    const config = this.#config;
    if (attempt >= config.retryPolicy.maxAttempts) return undefined;
    const allowed =
      policy === 'idempotent' ? failure.isRetryable : policy === 'rejected-only' && failure.status === 429;
    if (!allowed) return undefined;
    const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
    return backoffDelay(config.retryPolicy, attempt, config.random, retryAfterMs);
  }
}

function throwIfAborted(signal: AbortSignal | undefined, details: RestErrorDetails): void {
  if (signal?.aborted) {
    throw new AbortedError(`${details.method} ${details.path}: aborted by the caller's signal`, {
      ...details,
      cause: signal.reason,
    });
  }
}

/** Waits `ms` on `clock`. @returns false when `signal` fired first (the wait ends at once), else true. */
export function waitUnlessAborted(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return sleep(clock, ms, signal).then(
    () => true,
    () => false,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
