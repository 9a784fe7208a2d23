import { AbortedError, NotFoundError, OrderStatusUnknownError, RestError } from './errors.js';
import { pathSegment } from './http/query.js';
import type { PreparedOrder } from './order-request.js';
import { type Requester, waitUnlessAborted } from './requester.js';
import { backoffDelay } from './retry.js';
import type { CallOptions } from './types/common.js';
import type { Order } from './types/orders.js';

/** How `placeOrder` recovers when it cannot tell whether an order was placed. */
export interface OrderPlacementOptions {
  /**
   * Wait before asking `GET /orders/client:{client_oid}` after an unclear failure, in ms, so a
   * request still in flight on the exchange's side has landed. Default 1 000.
   */
  lookupDelayMs?: number;
  /** Most times the order is sent (each after a lookup confirmed it absent). Default 3. */
  maxAttempts?: number;
}

/** Placement options with every field decided. */
export interface OrderPlacementPolicy {
  lookupDelayMs: number;
  maxAttempts: number;
}

/** Defaults: 1 s before the lookup, 3 sends at most. */
export const DEFAULT_ORDER_PLACEMENT: Readonly<OrderPlacementPolicy> = {
  lookupDelayMs: 1_000,
  maxAttempts: 3,
};

/**
 * Places an order at most once, and exactly once whenever the exchange can be reached.
 *
 * The body (with its `client_oid`) was serialized once by `prepareOrder`; every send uses those
 * bytes. A refusal (4xx) is final. After an unclear failure — timeout, network error, 5xx, or a
 * 429 — the order is looked up by `client_oid`: found, it is returned; absent (404), it is sent
 * again; and if the lookup itself cannot be answered, {@link OrderStatusUnknownError} says so.
 * Any other error thrown means the order does not exist.
 */
export async function placeOrderSafely(
  requester: Requester,
  prepared: PreparedOrder,
  policy: OrderPlacementPolicy,
  call: CallOptions,
): Promise<Order> {
  const lookupPath = `/orders/client:${pathSegment(prepared.clientOid)}`;
  for (let attempt = 1; ; attempt += 1) {
    let failure: RestError;
    try {
      const response = await requester.send<Order>(
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
      return response.data;
    } catch (error) {
      if (!RestError.isInstance(error)) throw error;
      failure = error;
    }
    if (AbortedError.isInstance(failure)) {
      if (!failure.requestSent) throw failure;
      throw unknown(prepared.clientOid, failure, 'the caller aborted after the order was sent');
    }
    if (!failure.isRetryable) throw failure; // refused: the exchange did not place it

    const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
    const lookupDelayMs = Math.max(policy.lookupDelayMs, retryAfterMs ?? 0);
    if (!(await waitUnlessAborted(requester.config.clock, lookupDelayMs, call.signal))) {
      throw unknown(prepared.clientOid, failure, 'the caller aborted before the order could be looked up');
    }
    let found: Order | undefined;
    try {
      found = (
        await requester.send<Order>(
          { method: 'GET', path: lookupPath, access: 'private', bucket: 'private', resend: 'idempotent' },
          call,
        )
      ).data;
    } catch (lookupError) {
      if (!NotFoundError.isInstance(lookupError)) {
        throw unknown(
          prepared.clientOid,
          failure,
          `looking it up failed too (${describe(lookupError)})`,
          lookupError,
        );
      }
    }
    if (found !== undefined) return found;
    // Confirmed absent. Send again, or give up with the failure: the order does not exist.
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

function unknown(
  clientOid: string,
  failure: RestError,
  why: string,
  cause?: unknown,
): OrderStatusUnknownError {
  return new OrderStatusUnknownError(
    `POST /orders: the order with client_oid ${clientOid} may or may not have been placed: ${failure.message}; ${why}. Look it up with getOrderByClientOid before placing it again`,
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
