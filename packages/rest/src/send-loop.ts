import { type Clock, sleep } from '@tradeloop/clock';
import type { FailedResponse } from './error-mapping.js';
import { AbortedError, type RestError, type RestErrorDetails, UnexpectedResponseError } from './errors.js';
import { encodeQuery, type QueryParams } from './http/query.js';
import type { HttpResponse, HttpTransport } from './http/transport.js';
import { asTransportFailure, restErrorOfTransport } from './http/transport-errors.js';
import type { RateLimitBucket, RateLimiter } from './rate-limiter.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.js';
import type { CallOptions } from './types/common.js';

/**
 * When a failed request may be sent again by the requester itself:
 * - `idempotent`: on 429, 5xx, network failures and timeouts (GET, DELETE of one order);
 * - `rejected-only`: on 429 only, which means the exchange did not act on it (cancel all);
 * - `never`: order placement, which has its own lookup-before-resend logic.
 */
export type ResendPolicy = 'idempotent' | 'rejected-only' | 'never';

/** What the send loop needs from a client, whichever API it speaks. */
export interface SendLoopConfig {
  origin: string;
  /** A path prefix of the base URL (e.g. `/proxy`), sent but not signed. */
  pathPrefix: string;
  transport: HttpTransport;
  limiter: RateLimiter;
  retryPolicy: RetryPolicy;
  timeoutMs: number;
  /** Responses larger than this fail with ResponseTooLargeError; absent: the transport's default. */
  maxResponseBytes?: number;
  userAgent: string;
  /** Reads `Retry-After` dates and times the retry waits. */
  clock: Clock;
  random: () => number;
}

/** One call, described once by an endpoint: the loop sends it the same way on every attempt. */
export interface CallDescription {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path without query, segments encoded. */
  path: string;
  query?: QueryParams;
  /** The body, serialized once: every attempt sends (and signs) these bytes. */
  body?: string;
  access: 'public' | 'private';
  bucket: RateLimitBucket;
  resend: ResendPolicy;
}

/** A call as sent, with its query encoded once. */
export interface OutgoingCall extends CallDescription {
  /** The path with its encoded query, as sent (after the base URL's prefix). */
  requestPath: string;
}

/** A refused attempt, for an API's {@link SendStrategy.reconsider}. */
export interface RefusedAttempt {
  response: HttpResponse;
  /** The headers the attempt was sent with (its signature included). */
  headers: Record<string, string>;
  /** How many times `reconsider` already asked for an immediate resend during this call. */
  earlierResends: number;
}

/** What differs between the APIs the loop sends for (Exchange, Advanced Trade). */
export interface SendStrategy {
  /** Why a private call cannot be signed (no credentials), as the error it fails with; else undefined. */
  missingCredentials(call: OutgoingCall): RestError | undefined;
  /**
   * Runs before the first attempt of a private call (the Exchange's start-up clock sync). Returns
   * undefined when there is nothing to wait for, so the call goes out without a microtask hop.
   */
  prepare?(call: OutgoingCall, options: CallOptions): Promise<void> | undefined;
  /** The credential headers of one attempt of a private call, signed afresh each time. */
  sign(call: OutgoingCall): Record<string, string>;
  /** Types a non-2xx answer in the API's error shapes. */
  errorOf(response: FailedResponse): RestError;
  /**
   * Looks at a typed refusal before the retry policy does: `'resend'` sends again at once (not
   * counted as one of the policy's attempts); a throw ends the call with that error (a
   * `RestError`); undefined leaves the refusal to the policy.
   */
  reconsider?(failure: RestError, attempt: RefusedAttempt, call: CallOptions): Promise<'resend' | undefined>;
}

/** The 2xx answer of a call, with local clock readings around it when asked for. */
export interface AnsweredCall {
  response: HttpResponse;
  sentAt: number;
  receivedAt: number;
}

/**
 * The send loop both requesters share: takes a rate-limit token of the call's bucket (at once when
 * one is free, so the request is handed to the transport in the caller's own task, without any
 * microtask hop; it waits only when none is), signs
 * each attempt afresh, sends through the transport, types every failure (the API's error shapes
 * for answers, the shared transport errors otherwise), tells the limiter about 429s, and resends
 * as the call's {@link ResendPolicy} allows with backoff (honouring `Retry-After`), until a 2xx
 * answer (returned) or a final failure (thrown). `read` turns the 2xx answer into the result
 * inside the loop, so an unreadable body is a typed failure too.
 * @throws {RestError} a typed subclass for every failure.
 */
export async function sendWithRetries<T>(
  config: SendLoopConfig,
  strategy: SendStrategy,
  description: CallDescription,
  call: CallOptions,
  read: (answered: AnsweredCall, details: RestErrorDetails) => T,
  localNow?: () => number,
): Promise<T> {
  const outgoing: OutgoingCall = {
    ...description,
    requestPath: description.path + encodeQuery(description.query),
  };
  if (outgoing.access === 'private') {
    const missing = strategy.missingCredentials(outgoing);
    if (missing !== undefined) throw missing;
    // Awaited only when there is something to wait for: an `await` of nothing would still defer
    // the send by a microtask, behind whatever else the caller's task queued.
    const preparing = strategy.prepare?.(outgoing, call);
    if (preparing !== undefined) await preparing;
  }
  const { signal } = call;
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const { method, requestPath, bucket } = outgoing;
  const details: RestErrorDetails = { method, path: requestPath };
  let attempt = 0;
  let reconsideredResends = 0;
  let everSent = false;
  for (;;) {
    attempt += 1;
    let failure: RestError;
    let requestSent = false;
    try {
      if (signal?.aborted) {
        throw new AbortedError(`${method} ${requestPath}: aborted by the caller's signal`, {
          ...details,
          cause: signal.reason,
        });
      }
      const permit = config.limiter.tryAcquire(bucket) ?? (await config.limiter.acquire(bucket, signal));
      let response: HttpResponse;
      let headers: Record<string, string>;
      let sentAt = 0;
      try {
        headers = headersOf(config, strategy, outgoing);
        if (localNow) sentAt = localNow();
        requestSent = true;
        response = await config.transport
          .send({
            method,
            origin: config.origin,
            path: config.pathPrefix + requestPath,
            headers,
            body: outgoing.body,
            timeoutMs,
            signal,
            ...(config.maxResponseBytes === undefined ? {} : { maxResponseBytes: config.maxResponseBytes }),
          })
          .catch(asTransportFailure);
      } finally {
        // Answered or not, the exchange may have counted it by now (see TokenBucket).
        permit.settle();
      }
      if (response.status >= 200 && response.status < 300) {
        return read({ response, sentAt, receivedAt: localNow ? localNow() : 0 }, details);
      }
      failure = strategy.errorOf({
        method,
        path: requestPath,
        status: response.status,
        bodyText: response.body,
        retryAfterMs: parseRetryAfter(response.header('retry-after'), config.clock.now()),
      });
      if (strategy.reconsider) {
        const decision = await strategy.reconsider(
          failure,
          { response, headers, earlierResends: reconsideredResends },
          call,
        );
        if (decision === 'resend') {
          reconsideredResends += 1;
          attempt -= 1;
          everSent = true;
          continue;
        }
      }
    } catch (error) {
      failure = restErrorOfTransport(error, details, timeoutMs, signal, requestSent, config.maxResponseBytes);
    }
    if (failure.status === 429) {
      config.limiter.noteRateLimited(bucket, (failure as { retryAfterMs?: number }).retryAfterMs);
    }
    everSent ||= requestSent;
    const delay = resendDelay(config, outgoing.resend, failure, attempt);
    if (delay === undefined) throw failure;
    if (!(await waitUnlessAborted(config.clock, delay, signal))) {
      throw new AbortedError(
        `${method} ${requestPath}: aborted by the caller's signal while waiting to retry after: ${failure.message}`,
        { ...details, cause: signal?.reason },
        everSent,
      );
    }
  }
}

function headersOf(
  config: SendLoopConfig,
  strategy: SendStrategy,
  outgoing: OutgoingCall,
): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': config.userAgent };
  if (outgoing.body !== undefined) headers['Content-Type'] = 'application/json';
  if (outgoing.access === 'private') Object.assign(headers, strategy.sign(outgoing));
  return headers;
}

function resendDelay(
  config: SendLoopConfig,
  policy: ResendPolicy,
  failure: RestError,
  attempt: number,
): number | undefined {
  if (AbortedError.isInstance(failure)) return undefined;
  if (attempt >= config.retryPolicy.maxAttempts) return undefined;
  const allowed =
    policy === 'idempotent' ? failure.isRetryable : policy === 'rejected-only' && failure.status === 429;
  if (!allowed) return undefined;
  const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
  return backoffDelay(config.retryPolicy, attempt, config.random, retryAfterMs);
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

/**
 * Parses a 2xx body, as JSON unless the endpoint reads its own way.
 * @throws {UnexpectedResponseError} when it does not parse.
 */
export function parseBody<T>(
  response: HttpResponse,
  details: RestErrorDetails,
  parse: (text: string) => T = JSON.parse,
): T {
  try {
    return parse(response.body);
  } catch (error) {
    throw new UnexpectedResponseError(
      `${details.method} ${details.path}: expected a JSON body with status ${response.status}, received ${response.body.length} characters that do not parse (${describeError(error)})`,
      { ...details, status: response.status, cause: error },
    );
  }
}

/** An error's message, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
