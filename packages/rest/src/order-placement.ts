import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  InvalidOrderError,
  NotFoundError,
  OrderStatusUnknownError,
  PermissionError,
  ResponseTooLargeError,
  RestError,
  UnexpectedResponseError,
} from './errors.js';
import { pathSegment } from './http/query.js';
import type { PreparedOrder } from './order-request.js';
import type { ApiResponse, Requester } from './requester.js';
import { backoffDelay } from './retry.js';
import { describeError, waitUnlessAborted } from './send-loop.js';
import type { CallOptions } from './types/common.js';
import type { Order } from './types/orders.js';

/** How `placeOrder` recovers when it cannot tell whether an order was placed. */
export interface OrderPlacementOptions {
  /**
   * Wait before the first `GET /orders/client:{client_oid}` after an unclear answer, in ms. A
   * `Retry-After` lengthens it, up to `absenceWindowMs`. Default 1 000.
   */
  lookupDelayMs?: number;
  /**
   * How long after an unclear answer lookups must keep saying "not found" before the order counts
   * as absent and may be sent again, in ms. It must outlast the longest time the exchange may
   * hold a placement in its queue: an order still queued is not found yet, and sending it again
   * would place it twice. Default 12 000.
   */
  absenceWindowMs?: number;
  /** Lookups spread over `absenceWindowMs` (the first after `lookupDelayMs`, the last at its end); all must say 404. Default 4. */
  absenceLookups?: number;
  /** Most times the order is sent (each after the lookups confirmed it absent). Default 3. */
  maxAttempts?: number;
}

/** Placement options with every field decided. */
export interface OrderPlacementPolicy {
  lookupDelayMs: number;
  absenceWindowMs: number;
  absenceLookups: number;
  maxAttempts: number;
}

/** Defaults: first lookup after 1 s, absent only after 4 lookups over 12 s all said 404, 3 sends at most. */
export const DEFAULT_ORDER_PLACEMENT: Readonly<OrderPlacementPolicy> = {
  lookupDelayMs: 1_000,
  absenceWindowMs: 12_000,
  absenceLookups: 4,
  maxAttempts: 3,
};

/** What one `POST /orders` told about the order. */
type SendOutcome =
  | { kind: 'placed'; order: Order }
  /** The exchange refused it in its own words: it was not placed. */
  | { kind: 'refused'; error: RestError }
  /** The exchange says an order with this client_oid exists (a 2xx we cannot read, a duplicate refusal). */
  | { kind: 'exists'; failure: RestError }
  /** Nothing says whether it was placed (timeout, lost connection, 5xx, 429, unreadable answer). */
  | { kind: 'unknown'; failure: RestError };

/** What the lookups over the absence window found. */
type LookupOutcome =
  | { kind: 'found'; order: Order }
  | { kind: 'absent' }
  | { kind: 'undecided'; why: string; cause?: unknown };

/**
 * Places an order at most once.
 *
 * The body (with its `client_oid`) was serialized once by `prepareOrder`; every send uses those
 * bytes. A refusal the exchange wrote itself (a JSON 4xx) is final. After any other answer —
 * timeout, network error, 5xx, 429, a 2xx or error body that cannot be read — the order's fate is
 * unknown, and it is looked up by `client_oid`, repeatedly, over `absenceWindowMs`: found, it is
 * returned; only when every lookup over the whole window answered 404 is it sent again. A
 * duplicate-`client_oid` refusal or an unreadable 2xx means the order exists: it is looked up, and
 * never sent again. When the lookups cannot settle it, {@link OrderStatusUnknownError} says so.
 * Any other error thrown means the order was not placed.
 *
 * `firstSend` is the first attempt when the caller started it already ({@link sendOrder}): the
 * request is then written before any of this function's own work.
 */
export async function placeOrderSafely(
  requester: Requester,
  prepared: PreparedOrder,
  policy: OrderPlacementPolicy,
  call: CallOptions,
  firstSend?: Promise<ApiResponse<unknown>>,
): Promise<Order> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await sendOnce(
      attempt === 1 && firstSend !== undefined ? firstSend : sendOrder(requester, prepared, call),
    );
    if (outcome.kind === 'placed') return outcome.order;
    if (outcome.kind === 'refused') throw outcome.error;
    const { failure } = outcome;
    if (AbortedError.isInstance(failure)) {
      throw unknown(prepared.clientOid, failure, 'the caller aborted after the order was sent');
    }
    const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
    const lookup = await lookUpOverWindow(requester, prepared.clientOid, policy, retryAfterMs, call);
    if (lookup.kind === 'found') return lookup.order;
    if (lookup.kind === 'undecided') throw unknown(prepared.clientOid, failure, lookup.why, lookup.cause);
    if (outcome.kind === 'exists') {
      throw unknown(
        prepared.clientOid,
        failure,
        `the exchange's answer means the order exists, yet ${policy.absenceLookups} lookups over ${policy.absenceWindowMs} ms did not find it`,
      );
    }
    // Absent after the whole window: sending again cannot place it twice.
    if (attempt >= policy.maxAttempts) throw failure;
    const config = requester.config;
    const delay =
      backoffDelay(config.retryPolicy, attempt, config.random, retryAfterMs) ?? config.retryPolicy.maxDelayMs;
    if (!(await waitUnlessAborted(config.clock, delay, call.signal))) {
      throw new AbortedError(
        `POST /orders: aborted by the caller's signal before sending again; the order with client_oid ${prepared.clientOid} was confirmed absent after: ${failure.message}`,
        { method: 'POST', path: '/orders', cause: call.signal?.reason },
        false,
      );
    }
  }
}

/** Sends the prepared order once (`POST /orders`, never resent by the requester itself). */
export function sendOrder(
  requester: Requester,
  prepared: PreparedOrder,
  call: CallOptions,
): Promise<ApiResponse<unknown>> {
  return requester.send<unknown>(
    {
      method: 'POST',
      path: '/orders',
      body: prepared.body,
      access: 'private',
      bucket: 'private',
      resend: 'never',
    },
    call,
  );
}

/** What one send of the order told about it. */
async function sendOnce(sending: Promise<ApiResponse<unknown>>): Promise<SendOutcome> {
  let answer: unknown;
  try {
    answer = (await sending).data;
  } catch (error) {
    if (!RestError.isInstance(error)) throw error;
    return classifyFailure(error);
  }
  if (isOrder(answer)) return { kind: 'placed', order: answer };
  return {
    kind: 'exists',
    failure: new UnexpectedResponseError(
      'POST /orders: expected the placed order (a JSON object with a string id) with status 2xx, received JSON of another shape',
      { method: 'POST', path: '/orders' },
    ),
  };
}

function classifyFailure(error: RestError): SendOutcome {
  const { status, isRetryable } = error;
  if (AbortedError.isInstance(error)) {
    return error.requestSent ? { kind: 'unknown', failure: error } : { kind: 'refused', error };
  }
  if (InvalidOrderError.isInstance(error) && error.reason === 'duplicate_client_oid') {
    return { kind: 'exists', failure: error };
  }
  // An answer too large to read says nothing either way.
  if (ResponseTooLargeError.isInstance(error)) return { kind: 'unknown', failure: error };
  // A 2xx the client could not read: the exchange accepted something.
  if (error.status !== undefined && error.status >= 200 && error.status < 300) {
    return { kind: 'exists', failure: error };
  }
  // Refusals in the exchange's own words (error-mapping turns unreadable 4xx bodies into
  // UnexpectedResponseError), and failures before anything was sent.
  if (
    AuthenticationError.isInstance(error) ||
    PermissionError.isInstance(error) ||
    BadRequestError.isInstance(error) ||
    NotFoundError.isInstance(error) ||
    (status === undefined && !isRetryable)
  ) {
    return { kind: 'refused', error };
  }
  return { kind: 'unknown', failure: error };
}

/**
 * Looks the order up `absenceLookups` times: first after `lookupDelayMs` (or a `Retry-After`,
 * capped at the window), the last at the end of the window, evenly spread between.
 */
async function lookUpOverWindow(
  requester: Requester,
  clientOid: string,
  policy: OrderPlacementPolicy,
  retryAfterMs: number | undefined,
  call: CallOptions,
): Promise<LookupOutcome> {
  const clock = requester.config.clock;
  const startedAt = clock.localNow();
  const firstAt = Math.max(policy.lookupDelayMs, Math.min(retryAfterMs ?? 0, policy.absenceWindowMs));
  const lastAt = Math.max(firstAt, policy.absenceWindowMs);
  const step = policy.absenceLookups > 1 ? (lastAt - firstAt) / (policy.absenceLookups - 1) : 0;
  const path = `/orders/client:${pathSegment(clientOid)}`;
  let failedLookup: unknown;
  for (let lookup = 0; lookup < policy.absenceLookups; lookup += 1) {
    const dueAt = startedAt + firstAt + step * lookup;
    if (!(await waitUnlessAborted(clock, Math.max(0, dueAt - clock.localNow()), call.signal))) {
      return { kind: 'undecided', why: 'the caller aborted before the order could be looked up' };
    }
    try {
      const { data } = await requester.send<unknown>(
        { method: 'GET', path, access: 'private', bucket: 'private', resend: 'idempotent' },
        call,
      );
      if (isOrder(data)) return { kind: 'found', order: data };
      failedLookup = new UnexpectedResponseError(
        `GET ${path}: expected an order, received JSON of another shape`,
        { method: 'GET', path, status: 200 },
      );
    } catch (error) {
      if (AbortedError.isInstance(error)) {
        return {
          kind: 'undecided',
          why: 'the caller aborted while the order was being looked up',
          cause: error,
        };
      }
      if (!NotFoundError.isInstance(error)) failedLookup = error;
    }
  }
  if (failedLookup !== undefined) {
    return {
      kind: 'undecided',
      why: `looking it up failed too (${describeError(failedLookup)})`,
      cause: failedLookup,
    };
  }
  return { kind: 'absent' };
}

function isOrder(value: unknown): value is Order {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id !== ''
  );
}

function unknown(
  clientOid: string,
  failure: RestError,
  why: string,
  cause?: unknown,
): OrderStatusUnknownError {
  return new OrderStatusUnknownError(
    `POST /orders: the order with client_oid ${clientOid} may or may not have been placed: ${failure.message}; ${why}. Treat it as live and look it up with getOrderByClientOid before placing it again`,
    {
      method: 'POST',
      path: '/orders',
      status: failure.status,
      exchangeMessage: failure.exchangeMessage,
      cause: cause ?? failure,
    },
    clientOid,
  );
}
