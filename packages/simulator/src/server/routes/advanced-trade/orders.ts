import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { PlaceOrderRequestWire } from '../../../exchange/contract.js';
import { translateOrder } from '../../advanced-trade/order-configuration.js';
import { orderFailure } from '../../advanced-trade/order-failures.js';
import { previewOrder } from '../../advanced-trade/order-preview.js';
import type { AdvancedTradeOrder } from '../../advanced-trade/order-registry.js';
import { invalidArgument } from '../../advanced-trade/replies.js';
import { ok } from '../../replies.js';
import type { Reply, Route, RouteRequest } from '../../router.js';

const BROKERAGE = '/api/v3/brokerage';
const tradeAccess = { kind: 'private', permission: 'trade', bucket: 'private' } as const;
/** Most order ids one batch cancel takes (Coinbase's documented limit). */
const MAX_BATCH_CANCEL = 100;
/** The client ids the Exchange protocol accepts as `client_oid`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bodyObject(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

function successReply(order: AdvancedTradeOrder): Reply {
  return ok({
    success: true,
    success_response: {
      order_id: order.orderId,
      product_id: order.productId,
      side: order.side === 'buy' ? 'BUY' : 'SELL',
      client_order_id: order.clientOrderId,
    },
    order_configuration: { [order.kind]: order.configuration },
  });
}

/**
 * `POST /orders`. A `client_order_id` this profile used before places nothing and answers with
 * the order it named, as Coinbase documents ("the order with this ID will be returned instead").
 */
function createOrder({ exchange, caller, body, context }: RouteRequest): Reply {
  const request = bodyObject(body);
  if (request === undefined) return invalidArgument('expected a JSON object body');
  const clientOrderId = request.client_order_id;
  if (typeof clientOrderId !== 'string' || clientOrderId === '')
    return invalidArgument('client_order_id: required');
  const registry = context.advancedTrade.orders;
  const existing = registry.byClientOrderId(caller, clientOrderId);
  if (existing !== undefined) return successReply(existing);
  const translated = translateOrder(request, exchange.now());
  if (!translated.ok) return invalidArgument(translated.problem.message);
  const { engineRequest } = translated.value;
  // The Exchange protocol shows a UUID client order id as `client_oid`; other ids live here only.
  if (UUID.test(clientOrderId)) engineRequest.client_oid = clientOrderId;
  const placed = exchange.placeOrder(caller, engineRequest);
  if (!placed.ok) {
    return orderFailure(
      placed.error.message,
      engineRequest.post_only === true,
      request.order_configuration as Record<string, unknown>,
    );
  }
  return successReply(registry.register(caller, clientOrderId, translated.value, placed.value.id));
}

function previewReply(request: RouteRequest, engineRequest: PlaceOrderRequestWire): Record<string, unknown> {
  const estimate = previewOrder(request.exchange, request.caller, engineRequest);
  const buy = engineRequest.side === 'buy';
  return {
    order_total: (buy
      ? estimate.quoteSize.plus(estimate.commission)
      : estimate.quoteSize.minus(estimate.commission)
    ).toFixed(),
    commission_total: estimate.commission.toFixed(),
    errs: estimate.errors,
    warning: [],
    quote_size: estimate.quoteSize.toFixed(),
    base_size: estimate.baseSize.toFixed(),
    best_bid: estimate.bestBid,
    best_ask: estimate.bestAsk,
    is_max: false,
    order_margin_total: '0',
    leverage: '1',
    long_leverage: '1',
    short_leverage: '1',
    slippage: '0',
    preview_id: randomUUID(),
  };
}

function previewCreate(request: RouteRequest): Reply {
  const body = bodyObject(request.body);
  if (body === undefined) return invalidArgument('expected a JSON object body');
  const translated = translateOrder(body, request.exchange.now());
  if (!translated.ok) return invalidArgument(translated.problem.message);
  return ok(previewReply(request, translated.value.engineRequest));
}

function batchCancel({ exchange, caller, body, context }: RouteRequest): Reply {
  const orderIds = bodyObject(body)?.order_ids;
  if (!Array.isArray(orderIds) || orderIds.some((id) => typeof id !== 'string')) {
    return invalidArgument('order_ids: expected an array of order ids');
  }
  if (orderIds.length > MAX_BATCH_CANCEL) {
    return invalidArgument(`order_ids: at most ${MAX_BATCH_CANCEL} orders per request`);
  }
  const registry = context.advancedTrade.orders;
  const results = (orderIds as string[]).map((orderId) => {
    const registered = registry.get(orderId);
    const legId = registered ? (registered.legs[registered.legs.length - 1] as string) : orderId;
    const canceled = exchange.cancelOrder(caller, legId);
    if (canceled.ok)
      return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: orderId };
    const failureReason =
      canceled.error.status === 404 || canceled.error.message === 'Invalid order id'
        ? 'UNKNOWN_CANCEL_ORDER'
        : 'INVALID_CANCEL_REQUEST';
    return { success: false, failure_reason: failureReason, order_id: orderId };
  });
  return ok({ results });
}

/** What an edit would do, or the `edit_failure_reason` that stops it. */
type EditCheck =
  | {
      ok: true;
      order: AdvancedTradeOrder;
      legId: string;
      price: string;
      size: string;
      remaining: Decimal;
      postOnly: boolean;
    }
  | { ok: false; reason: string; preview?: string };

function checkEdit(request: RouteRequest): EditCheck {
  const body = bodyObject(request.body) ?? {};
  const { order_id: orderId, price, size } = body;
  if (typeof orderId !== 'string') return { ok: false, reason: 'ORDER_NOT_FOUND' };
  const order = request.context.advancedTrade.orders.get(orderId);
  const legs = request.context.advancedTrade.orders.legsOf(request.caller, orderId);
  if (legs === undefined) return { ok: false, reason: 'ORDER_NOT_FOUND' };
  if (order === undefined || (order.kind !== 'limit_limit_gtc' && order.kind !== 'limit_limit_gtd')) {
    return { ok: false, reason: 'ONLY_LIMIT_ORDER_EDITS_SUPPORTED' };
  }
  const last = legs[legs.length - 1];
  if (last === undefined || last.status !== 'open')
    return { ok: false, reason: 'ONLY_OPEN_ORDERS_CAN_BE_EDITED' };
  const product = request.exchange.product(last.product_id);
  if (
    typeof price !== 'string' ||
    !/^\d+(\.\d+)?$/.test(price) ||
    (product && !new Decimal(price).mod(product.quote_increment).isZero())
  ) {
    return { ok: false, reason: 'INVALID_EDITED_PRICE' };
  }
  if (
    typeof size !== 'string' ||
    !/^\d+(\.\d+)?$/.test(size) ||
    (product && !new Decimal(size).mod(product.base_increment).isZero())
  ) {
    return { ok: false, reason: 'INVALID_EDITED_SIZE' };
  }
  let filled = new Decimal(0);
  for (const leg of legs) filled = filled.plus(leg.filled_size);
  const remaining = new Decimal(size).minus(filled);
  if (remaining.lte(0)) return { ok: false, reason: 'CANNOT_EDIT_TO_BELOW_FILLED_SIZE' };
  if (
    new Decimal(price).eq(order.configuration.limit_price as string) &&
    new Decimal(size).eq(order.configuration.base_size as string)
  ) {
    return { ok: false, reason: 'EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST' };
  }
  return { ok: true, order, legId: last.id, price, size, remaining, postOnly: last.post_only };
}

function editFailure(reason: string, preview = 'UNKNOWN_PREVIEW_FAILURE_REASON'): Reply {
  return ok({ success: false, errors: [{ edit_failure_reason: reason, preview_failure_reason: preview }] });
}

/**
 * `POST /orders/edit`: the engine has no amend, so the resting leg is canceled and a new leg
 * placed for the new size minus what already filled (queue priority is lost, as on Coinbase when
 * the price changes). If the new leg is refused, the old remainder is put back.
 */
function editOrder(request: RouteRequest): Reply {
  const check = checkEdit(request);
  if (!check.ok) return editFailure(check.reason, check.preview);
  const { exchange, caller, context } = request;
  const before = exchange.getOrder(caller, check.legId);
  if (!before.ok) return editFailure('ORDER_NOT_FOUND');
  const canceled = exchange.cancelOrder(caller, check.legId);
  if (!canceled.ok) return editFailure('ONLY_OPEN_ORDERS_CAN_BE_EDITED');
  const base = {
    product_id: before.value.product_id,
    side: before.value.side,
    type: 'limit',
    post_only: check.postOnly,
  };
  const placed = exchange.placeOrder(caller, {
    ...base,
    price: check.price,
    size: check.remaining.toFixed(),
  });
  if (!placed.ok) {
    const oldRemaining = new Decimal(before.value.size ?? '0').minus(before.value.filled_size);
    const restored = exchange.placeOrder(caller, {
      ...base,
      price: before.value.price,
      size: oldRemaining.toFixed(),
    });
    if (restored.ok) context.advancedTrade.orders.addLeg(check.order, restored.value.id);
    else
      context.log(
        `advanced trade: edit of ${check.order.orderId} could not restore the order: ${restored.error.message}`,
      );
    return editFailure(
      'COMMANDER_REJECTED_EDIT_ORDER',
      placed.error.message.startsWith('Insufficient funds') ? 'PREVIEW_INSUFFICIENT_FUND' : undefined,
    );
  }
  context.advancedTrade.orders.addLeg(check.order, placed.value.id);
  check.order.configuration.limit_price = check.price;
  check.order.configuration.base_size = check.size;
  check.order.editHistory.push({
    price: check.price,
    size: check.size,
    replace_accept_timestamp: new Date(exchange.now()).toISOString(),
  });
  return ok({ success: true, errors: [] });
}

function editPreview(request: RouteRequest): Reply {
  const check = checkEdit(request);
  if (!check.ok)
    return ok({
      errors: [
        { edit_failure_reason: check.reason, preview_failure_reason: 'UNKNOWN_PREVIEW_FAILURE_REASON' },
      ],
    });
  const preview = previewReply(request, {
    product_id: check.order.productId,
    side: check.order.side,
    type: 'limit',
    price: check.price,
    size: check.remaining.toFixed(),
  });
  return ok({
    errors: [],
    slippage: '0',
    order_total: preview.order_total,
    commission_total: preview.commission_total,
    quote_size: preview.quote_size,
    base_size: check.size,
    best_bid: preview.best_bid,
    best_ask: preview.best_ask,
    average_filled_price: '0',
  });
}

/** Create, preview, edit, edit preview and batch cancel. */
export const advancedTradeOrderRoutes: Route[] = [
  {
    method: 'POST',
    path: `${BROKERAGE}/orders`,
    access: tradeAccess,
    placesOrder: true,
    handle: createOrder,
  },
  { method: 'POST', path: `${BROKERAGE}/orders/preview`, access: tradeAccess, handle: previewCreate },
  {
    method: 'POST',
    path: `${BROKERAGE}/orders/batch_cancel`,
    access: tradeAccess,
    queuedLikePlacement: true,
    handle: batchCancel,
  },
  { method: 'POST', path: `${BROKERAGE}/orders/edit`, access: tradeAccess, handle: editOrder },
  { method: 'POST', path: `${BROKERAGE}/orders/edit_preview`, access: tradeAccess, handle: editPreview },
];
