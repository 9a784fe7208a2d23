import type { ExchangeClock, ExchangeSigner } from '@tradeloop/auth';
import { authenticationHint, errorFromResponse } from './error-mapping.js';
import { AuthenticationError, type RestError, UnexpectedResponseError } from './errors.js';
import type { HttpResponse, HttpTransport } from './http/transport.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryPolicy } from './retry.js';
import {
  type CallDescription,
  describeError,
  parseBody,
  type RefusedAttempt,
  type SendStrategy,
  sendWithRetries,
} from './send-loop.js';
import type { CallOptions } from './types/common.js';
import type { ExchangeTime } from './types/time.js';
import { describeArgument } from './validation.js';

/** One Exchange endpoint call, described once; the requester does the rest. */
export interface RequestSpec<T> extends CallDescription {
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
 * Sends Exchange calls through the send loop shared with the Advanced Trade requester (rate-limit
 * tokens, transport, typed failures, resends with backoff): signs the exact path, query and body
 * with the HMAC key, reads Exchange error bodies and `CB-BEFORE`/`CB-AFTER` pagination headers,
 * syncs the clock on start when asked, and resyncs it once on "request timestamp expired".
 */
export class Requester {
  readonly #config: RequesterConfig;
  #clockSync: Promise<number> | undefined;
  #startupSync: Promise<void> | undefined;
  /** The start-up sync has settled (or is not wanted): calls no longer wait for it. */
  #startupSyncDone = false;
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
  send<T>(spec: RequestSpec<T>, call: CallOptions = {}): Promise<ApiResponse<T>> {
    const config = this.#config;
    return sendWithRetries(
      config,
      this.#strategy,
      spec,
      call,
      ({ response, sentAt, receivedAt }, details): ApiResponse<T> => {
        const result: ApiResponse<T> = {
          data: parseBody(response, details, spec.parse ?? JSON.parse),
          before: response.header('cb-before'),
          after: response.header('cb-after'),
        };
        if (spec.measureRoundTrip) result.roundTrip = { sentAt, receivedAt };
        return result;
      },
      () => config.clock.localNow(),
    );
  }

  /** Exchange's differences from Advanced Trade in the shared send loop. */
  readonly #strategy: SendStrategy = {
    missingCredentials: ({ method, requestPath }) =>
      this.#config.signer === undefined
        ? new AuthenticationError(
            'missing_credentials',
            `${method} ${requestPath}: ${authenticationHint('missing_credentials')}`,
            { method, path: requestPath },
          )
        : undefined,
    prepare: (_call, options) =>
      this.#startupSyncDone || !this.#config.syncClockOnStart ? undefined : this.#syncOnStart(options),
    // The signer's object holds exactly the four CB-ACCESS-* headers: used as it is.
    sign: (call) => (this.#config.signer as ExchangeSigner).sign(call) as unknown as Record<string, string>,
    errorOf: errorFromResponse,
    reconsider: (failure, attempt, call) => this.#reconsider(failure, attempt, call),
  };

  /** Resyncs the clock once on "request timestamp expired" and resends; explains a second one. */
  async #reconsider(
    failure: RestError,
    attempt: RefusedAttempt,
    call: CallOptions,
  ): Promise<'resend' | undefined> {
    if (!AuthenticationError.isInstance(failure) || failure.reason !== 'timestamp_expired') return undefined;
    const clockResynced = attempt.earlierResends > 0;
    if (this.#config.autoSyncClock && !clockResynced) {
      await this.#resyncAfterExpiry(failure, call);
      return 'resend';
    }
    throw this.#explainExpiredTimestamp(
      failure,
      attempt.headers['CB-ACCESS-TIMESTAMP'],
      attempt.response,
      clockResynced,
    );
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
        () => {
          this.#startupSyncDone = true;
        },
        () => {
          this.#startupSyncDone = true;
        },
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
        `${failure.message}; resyncing the clock with GET /time failed too (${describeError(syncError)})`,
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
}
