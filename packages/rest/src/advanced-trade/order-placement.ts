import { AbortedError, OrderStatusUnknownError, RestError, UnexpectedResponseError } from '../errors.js';
import { backoffDelay } from '../retry.js';
import { describeError, waitUnlessAborted } from '../send-loop.js';
import type { CallOptions } from '../types/common.js';
import { createOrder, listOrders } from './endpoints/orders.js';
import { AdvancedTradeOrderRejectedError } from './errors.js';
import type { PreparedAdvancedTradeOrder } from './order-request.js';
import type { AdvancedTradeRequester } from './requester.js';
import type { AdvancedTradeOrder, AdvancedTradeSide } from './wire-types.js';

/** How `createOrder` recovers when it cannot tell whether an order was placed. */
export interface AdvancedTradePlacementOptions {
  /** Wait before each lookup after an unclear failure, in ms. Default 1 000. */
  lookupDelayMs?: number;
  /**
   * Lookups, `lookupDelayMs` apart, that must each answer "no such order" before it is sent
   * again; as many more may fail before the order's fate is declared unknown. Default 3.
   */
  absenceChecks?: number;
  /** Most times the order is sent. Default 3. */
  maxAttempts?: number;
  /** How far before the first send the lookup lists orders from, in ms (clock skew margin). Default 300 000. */
  lookupWindowMs?: number;
}

/** Placement options with every field decided. */
export type AdvancedTradePlacementPolicy = Required<AdvancedTradePlacementOptions>;

export const DEFAULT_ADVANCED_TRADE_PLACEMENT: Readonly<AdvancedTradePlacementPolicy> = {
  lookupDelayMs: 1_000,
  absenceChecks: 3,
  maxAttempts: 3,
  lookupWindowMs: 300_000,
};

/** A placed order: its id and what it was placed as. */
export interface AdvancedTradePlacedOrder {
  order_id: string;
  client_order_id: string;
  product_id: string;
  side: AdvancedTradeSide;
}

const PATH = '/api/v3/brokerage/orders';

/**
 * Places an order at most once. Every send carries the same bytes and `client_order_id`.
 * `success: false` is final ({@link AdvancedTradeOrderRejectedError}); so is any other refusal.
 * After an unclear failure (timeout, network error, 5xx, an unreadable 2xx) the order is looked
 * up by its client order id in `GET /orders/historical/batch` (its product, from shortly before
 * the first send): found, it is returned; answered absent by `absenceChecks` lookups spread over
 * time, it is sent again (and should the first send land after all, Coinbase answers
 * a repeated `client_order_id` with that order instead of a second one). A lookup that cannot be
 * answered ends in {@link OrderStatusUnknownError}: the caller must not place it again blindly.
 */
export async function placeAdvancedTradeOrder(
  requester: AdvancedTradeRequester,
  prepared: PreparedAdvancedTradeOrder,
  policy: AdvancedTradePlacementPolicy,
  call: CallOptions,
): Promise<AdvancedTradePlacedOrder> {
  const { clock } = requester.config;
  const since = new Date(clock.now() - policy.lookupWindowMs).toISOString();
  for (let attempt = 1; ; attempt += 1) {
    let failure: RestError;
    try {
      const response = await requester.send(createOrder(prepared.body), call);
      if (response.success && response.success_response) return response.success_response;
      throw new AdvancedTradeOrderRejectedError(
        response.error_response,
        response.failure_reason,
        prepared.clientOrderId,
        {
          method: 'POST',
          path: PATH,
          status: 200,
        },
      );
    } catch (error) {
      if (!RestError.isInstance(error)) throw error;
      failure = error;
    }
    if (AdvancedTradeOrderRejectedError.isInstance(failure)) throw failure;
    if (AbortedError.isInstance(failure)) {
      if (!failure.requestSent) throw failure;
      throw unknown(prepared, failure, 'the caller aborted after the order was sent');
    }
    const unreadableSuccess =
      UnexpectedResponseError.isInstance(failure) && failure.status !== undefined && failure.status < 300;
    if (!failure.isRetryable && !unreadableSuccess) throw failure; // refused: nothing was placed
    const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;

    if (failure.status !== 429) {
      // 429 is a refusal too; anything else may have placed the order: look before sending again.
      // Sent again only after `absenceChecks` lookups answered "absent"; failed lookups do not
      // count, and more than `absenceChecks` of them end the attempt as unknown.
      let absent = 0;
      let lookupFailures = 0;
      let lookupFailure: unknown;
      while (absent < policy.absenceChecks) {
        if (
          !(await waitUnlessAborted(clock, Math.max(policy.lookupDelayMs, retryAfterMs ?? 0), call.signal))
        ) {
          throw unknown(prepared, failure, 'the caller aborted before the order could be looked up');
        }
        try {
          const found = await findByClientOrderId(requester, prepared, since, call);
          if (found !== undefined) {
            return {
              order_id: found.order_id,
              client_order_id: found.client_order_id,
              product_id: found.product_id,
              side: found.side,
            };
          }
          absent += 1;
        } catch (error) {
          lookupFailure = error;
          lookupFailures += 1;
          if (lookupFailures > policy.absenceChecks) {
            throw unknown(
              prepared,
              failure,
              `looking it up failed too (${describeError(lookupFailure)})`,
              lookupFailure,
            );
          }
        }
      }
    }
    if (attempt >= policy.maxAttempts) throw failure; // confirmed absent: it was not placed
    const retry = requester.config.retryPolicy;
    const delay = backoffDelay(retry, attempt, requester.config.random, retryAfterMs) ?? retry.maxDelayMs;
    if (!(await waitUnlessAborted(clock, delay, call.signal))) {
      throw new AbortedError(
        `POST ${PATH}: aborted by the caller's signal before sending again; the order with client_order_id ${prepared.clientOrderId} was confirmed absent after: ${failure.message}`,
        { method: 'POST', path: PATH, cause: call.signal?.reason },
        false,
      );
    }
  }
}

/** The caller's order with this client order id, placed since `since`, or undefined. */
export async function findByClientOrderId(
  requester: AdvancedTradeRequester,
  prepared: Pick<PreparedAdvancedTradeOrder, 'clientOrderId' | 'productId'>,
  since: string,
  call: CallOptions,
): Promise<AdvancedTradeOrder | undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await requester.send(
      listOrders({ productIds: [prepared.productId], startDate: since }, 250, cursor),
      call,
    );
    const found = page.items.find((order) => order.client_order_id === prepared.clientOrderId);
    if (found !== undefined) return found;
    if (page.cursor === undefined || page.cursor === cursor || page.items.length === 0) return undefined;
    cursor = page.cursor;
  }
}

function unknown(
  prepared: PreparedAdvancedTradeOrder,
  failure: RestError,
  why: string,
  cause?: unknown,
): OrderStatusUnknownError {
  return new OrderStatusUnknownError(
    `POST ${PATH}: the order with client_order_id ${prepared.clientOrderId} may or may not have been placed: ${failure.message}; ${why}. Look it up with findOrderByClientOrderId before placing it again`,
    {
      method: 'POST',
      path: PATH,
      status: failure.status,
      exchangeMessage: failure.exchangeMessage,
      cause: cause ?? failure,
    },
    prepared.clientOrderId,
  );
}
