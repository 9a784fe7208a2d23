import type { CdpJwtSigner } from '@tradeloop/auth';
import { type Clock, sleep } from '@tradeloop/clock';
import {
  AbortedError,
  AuthenticationError,
  type RestError,
  type RestErrorDetails,
  UnexpectedResponseError,
} from '../errors.js';
import { encodeQuery, type QueryParams } from '../http/query.js';
import type { HttpResponse, HttpTransport } from '../http/transport.js';
import { asTransportFailure, restErrorOfTransport } from '../http/transport-errors.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { ResendPolicy } from '../requester.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from '../retry.js';
import type { CallOptions } from '../types/common.js';
import { advancedTradeErrorFromResponse } from './error-mapping.js';

/** One Advanced Trade call, described once; the requester does the rest. */
export interface AdvancedTradeRequestSpec<T> {
  method: 'GET' | 'POST';
  /** The path under the origin without query, e.g. `/api/v3/brokerage/accounts`, segments encoded. */
  path: string;
  query?: QueryParams;
  /** The body, serialized once: every attempt sends these bytes. */
  body?: string;
  access: 'public' | 'private';
  resend: ResendPolicy;
  /** Checks the parsed 2xx body and returns it typed; throws a message when the shape is wrong. */
  read?: (data: unknown) => T;
}

/** What the requester needs, decided by the client's constructor. */
export interface AdvancedTradeRequesterConfig {
  origin: string;
  /** A path prefix of the base URL (a proxy's), sent but left out of the JWT `uri`. */
  pathPrefix: string;
  /** The host the JWT `uri` names (`api.coinbase.com`, or the simulator's `127.0.0.1:port`). */
  jwtHost: string;
  transport: HttpTransport;
  signer: CdpJwtSigner | undefined;
  limiter: RateLimiter;
  retryPolicy: RetryPolicy;
  timeoutMs: number;
  userAgent: string;
  clock: Clock;
  random: () => number;
}

/**
 * Sends Advanced Trade calls over the shared transport: encodes the query once, signs a fresh
 * ES256 JWT per attempt (`uri` = method, host and path without the query), waits for a token of
 * Advanced Trade's buckets, maps failures to the shared typed errors, and resends idempotent
 * calls with backoff. Order placement (`resend: 'never'`) is never resent here.
 */
export class AdvancedTradeRequester {
  readonly config: AdvancedTradeRequesterConfig;

  constructor(config: AdvancedTradeRequesterConfig) {
    this.config = config;
  }

  /** @throws {RestError} a typed subclass for every failure. */
  async send<T>(spec: AdvancedTradeRequestSpec<T>, call: CallOptions = {}): Promise<T> {
    const config = this.config;
    const requestPath = spec.path + encodeQuery(spec.query);
    const { signal } = call;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const details: RestErrorDetails = { method: spec.method, path: requestPath };
    if (spec.access === 'private' && config.signer === undefined) {
      throw new AuthenticationError(
        'missing_credentials',
        `${spec.method} ${requestPath}: expected Advanced Trade credentials (a CDP key name and its private key) for this private endpoint, received none`,
        details,
      );
    }
    let everSent = false;
    for (let attempt = 1; ; attempt += 1) {
      let failure: RestError;
      let requestSent = false;
      try {
        if (signal?.aborted)
          throw new AbortedError(`${spec.method} ${requestPath}: aborted by the caller's signal`, details);
        const bucket = spec.access === 'public' ? 'public' : 'private';
        const permit = config.limiter.tryAcquire(bucket) ?? (await config.limiter.acquire(bucket, signal));
        let response: HttpResponse;
        try {
          const headers = this.#headers(spec);
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
            })
            .catch(asTransportFailure);
        } finally {
          permit.settle();
        }
        if (response.status >= 200 && response.status < 300) return read(spec, response, details);
        failure = advancedTradeErrorFromResponse({
          method: spec.method,
          path: requestPath,
          status: response.status,
          bodyText: response.body,
          retryAfterMs: parseRetryAfter(response.header('retry-after'), config.clock.now()),
        });
      } catch (error) {
        failure = restErrorOfTransport(error, details, timeoutMs, signal, requestSent);
      }
      if (failure.status === 429)
        config.limiter.noteRateLimited(spec.access === 'public' ? 'public' : 'private');
      everSent ||= requestSent;
      const delay = this.#resendDelay(spec.resend, failure, attempt);
      if (delay === undefined) throw failure;
      try {
        await sleep(config.clock, delay, signal);
      } catch {
        throw new AbortedError(
          `${spec.method} ${requestPath}: aborted by the caller's signal while waiting to retry after: ${failure.message}`,
          { ...details, cause: signal?.reason },
          everSent,
        );
      }
    }
  }

  #headers(spec: AdvancedTradeRequestSpec<unknown>): Record<string, string> {
    const config = this.config;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': config.userAgent };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.access === 'private' && config.signer) {
      // One JWT per request and attempt: it is bound to this method and path, and lives 120 s.
      const token = config.signer.signRest({ method: spec.method, path: spec.path, host: config.jwtHost });
      headers.Authorization = `Bearer ${token}`;
    }
    return headers;
  }

  #resendDelay(policy: ResendPolicy, failure: RestError, attempt: number): number | undefined {
    if (AbortedError.isInstance(failure)) return undefined;
    const config = this.config;
    if (attempt >= config.retryPolicy.maxAttempts) return undefined;
    const allowed =
      policy === 'idempotent' ? failure.isRetryable : policy === 'rejected-only' && failure.status === 429;
    if (!allowed) return undefined;
    const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
    return backoffDelay(config.retryPolicy, attempt, config.random, retryAfterMs);
  }
}

function read<T>(spec: AdvancedTradeRequestSpec<T>, response: HttpResponse, details: RestErrorDetails): T {
  let data: unknown;
  try {
    data = JSON.parse(response.body);
  } catch (error) {
    throw new UnexpectedResponseError(
      `${details.method} ${details.path}: expected a JSON body with status ${response.status}, received ${response.body.length} characters that do not parse (${describe(error)})`,
      { ...details, status: response.status, cause: error },
    );
  }
  if (spec.read === undefined) return data as T;
  try {
    return spec.read(data);
  } catch (error) {
    throw new UnexpectedResponseError(
      `${details.method} ${details.path}: the ${response.status} body is not what this endpoint returns: ${describe(error)}`,
      { ...details, status: response.status, cause: error },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
