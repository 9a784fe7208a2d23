import { pathSegment } from '../../http/query.js';
import type { AdvancedTradeRequestSpec } from '../requester.js';
import type {
  AdvancedTradeCancelResult,
  AdvancedTradeCreateOrderResponse,
  AdvancedTradeEditOrderRequest,
  AdvancedTradeEditOrderResponse,
  AdvancedTradeEditPreview,
  AdvancedTradeFill,
  AdvancedTradeFillFilter,
  AdvancedTradeOrder,
  AdvancedTradeOrderFilter,
  AdvancedTradeOrderPreview,
  AdvancedTradePage,
} from '../wire-types.js';
import { arrayField, BROKERAGE, nextCursor, objectField, objectOf } from './shape.js';

/** `POST /orders` with a body serialized once (see `prepareAdvancedTradeOrder`); never resent here. */
export function createOrder(body: string): AdvancedTradeRequestSpec<AdvancedTradeCreateOrderResponse> {
  return {
    method: 'POST',
    path: `${BROKERAGE}/orders`,
    body,
    access: 'private',
    resend: 'never',
    read: (data) => {
      const response = objectOf(data, 'the create-order response');
      if (typeof response.success !== 'boolean') throw new Error('expected success as a boolean');
      return response as unknown as AdvancedTradeCreateOrderResponse;
    },
  };
}

/** `POST /orders/preview`: what the order would cost, and why it would fail. Places nothing. */
export function previewOrder(body: string): AdvancedTradeRequestSpec<AdvancedTradeOrderPreview> {
  return {
    method: 'POST',
    path: `${BROKERAGE}/orders/preview`,
    body,
    access: 'private',
    resend: 'idempotent',
    read: (data) => objectOf(data, 'the preview') as AdvancedTradeOrderPreview,
  };
}

/** `POST /orders/edit`: new limit price and total size of a resting GTC limit order. */
export function editOrder(
  request: AdvancedTradeEditOrderRequest,
): AdvancedTradeRequestSpec<AdvancedTradeEditOrderResponse> {
  return {
    method: 'POST',
    path: `${BROKERAGE}/orders/edit`,
    body: JSON.stringify(request),
    access: 'private',
    // An edit that timed out may have happened; the caller reads the order to find out.
    resend: 'rejected-only',
    read: (data) => objectOf(data, 'the edit response') as unknown as AdvancedTradeEditOrderResponse,
  };
}

/** `POST /orders/edit_preview`. */
export function previewEditOrder(
  request: AdvancedTradeEditOrderRequest,
): AdvancedTradeRequestSpec<AdvancedTradeEditPreview> {
  return {
    method: 'POST',
    path: `${BROKERAGE}/orders/edit_preview`,
    body: JSON.stringify(request),
    access: 'private',
    resend: 'idempotent',
    read: (data) => objectOf(data, 'the edit preview') as unknown as AdvancedTradeEditPreview,
  };
}

/** `POST /orders/batch_cancel` (at most 100 ids). Canceling twice is harmless, so it is resent. */
export function cancelOrders(orderIds: string[]): AdvancedTradeRequestSpec<AdvancedTradeCancelResult[]> {
  return {
    method: 'POST',
    path: `${BROKERAGE}/orders/batch_cancel`,
    body: JSON.stringify({ order_ids: orderIds }),
    access: 'private',
    resend: 'idempotent',
    read: (data) => arrayField(data, 'results', 'the batch cancel response'),
  };
}

/** `GET /orders/historical/batch` with its filters and cursor. */
export function listOrders(
  filter: AdvancedTradeOrderFilter,
  limit?: number,
  cursor?: string,
): AdvancedTradeRequestSpec<AdvancedTradePage<AdvancedTradeOrder>> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/orders/historical/batch`,
    query: {
      order_ids: filter.orderIds,
      product_ids: filter.productIds,
      order_status: filter.orderStatus,
      order_types: filter.orderTypes,
      order_side: filter.orderSide,
      time_in_forces: filter.timeInForces,
      start_date: filter.startDate,
      end_date: filter.endDate,
      product_type: filter.productType,
      limit,
      cursor,
    },
    access: 'private',
    resend: 'idempotent',
    read: (data) => ({ items: arrayField(data, 'orders', 'the orders page'), cursor: nextCursor(data) }),
  };
}

/** `GET /orders/historical/{order_id}`. */
export function getOrder(orderId: string): AdvancedTradeRequestSpec<AdvancedTradeOrder> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/orders/historical/${pathSegment(orderId)}`,
    access: 'private',
    resend: 'idempotent',
    read: (data) => objectField(data, 'order', 'the order response'),
  };
}

/** `GET /orders/historical/fills` with its filters and cursor (the body has `cursor`, no `has_next`). */
export function listFills(
  filter: AdvancedTradeFillFilter,
  limit?: number,
  cursor?: string,
): AdvancedTradeRequestSpec<AdvancedTradePage<AdvancedTradeFill>> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/orders/historical/fills`,
    query: {
      order_ids: filter.orderIds,
      product_ids: filter.productIds,
      trade_ids: filter.tradeIds,
      start_sequence_timestamp: filter.startSequenceTimestamp,
      end_sequence_timestamp: filter.endSequenceTimestamp,
      limit,
      cursor,
    },
    access: 'private',
    resend: 'idempotent',
    read: (data) => ({ items: arrayField(data, 'fills', 'the fills page'), cursor: nextCursor(data) }),
  };
}
