import type { Caller, ExchangeApi, FillWire, OrderWire } from '../../../exchange/contract.js';
import type { AdvancedTradeOrderRegistry } from '../../advanced-trade/order-registry.js';
import {
  advancedTradeFillView,
  advancedTradeOrderView,
  advancedTradeStatus,
} from '../../advanced-trade/order-view.js';
import { invalidArgument, orderNotFound, readLimit } from '../../advanced-trade/replies.js';
import { ok } from '../../replies.js';
import type { Reply, Route, RouteRequest } from '../../router.js';

const BROKERAGE = '/api/v3/brokerage';
const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;
const ENGINE_PAGE = 1000;

/** Every engine order of the caller, newest first (the engine pages at most 1000 at a time). */
function engineOrders(exchange: ExchangeApi, caller: Caller): OrderWire[] {
  const orders: OrderWire[] = [];
  let after: string | undefined;
  for (;;) {
    const page = exchange.listOrders(
      caller,
      { statuses: ['all'] },
      after === undefined ? { limit: ENGINE_PAGE } : { limit: ENGINE_PAGE, after },
    );
    if (!page.ok) return orders;
    orders.push(...page.value.items);
    if (page.value.items.length < ENGINE_PAGE || page.value.after === undefined || page.value.after === after)
      return orders;
    after = page.value.after;
  }
}

/** Every engine fill of the given engine orders, or of the caller's products, newest first. */
function engineFills(
  exchange: ExchangeApi,
  caller: Caller,
  filter: { orderId?: string; productId?: string },
): FillWire[] {
  const fills: FillWire[] = [];
  let after: string | undefined;
  for (;;) {
    const page = exchange.fills(
      caller,
      filter,
      after === undefined ? { limit: ENGINE_PAGE } : { limit: ENGINE_PAGE, after },
    );
    if (!page.ok) return fills;
    fills.push(...page.value.items);
    if (page.value.items.length < ENGINE_PAGE || page.value.after === undefined || page.value.after === after)
      return fills;
    after = page.value.after;
  }
}

function fillsOfOrder(exchange: ExchangeApi, caller: Caller, legs: OrderWire[]): FillWire[] {
  const fills = legs.flatMap((leg) => engineFills(exchange, caller, { orderId: leg.id }));
  return fills.sort((a, b) => b.trade_id - a.trade_id);
}

/** The full Advanced Trade view of one order, or undefined when the caller has no such order. */
export function orderView(request: RouteRequest, orderId: string): Record<string, unknown> | undefined {
  const registry = request.context.advancedTrade.orders;
  const legs = registry.legsOf(request.caller, orderId);
  if (legs === undefined) return undefined;
  return advancedTradeOrderView(
    orderId,
    legs,
    registry.get(orderId),
    fillsOfOrder(request.exchange, request.caller, legs),
    request.caller.userId,
  );
}

/** One order per AT id (an edited or triggered order has several engine legs), newest first. */
function advancedTradeOrderIds(
  registry: AdvancedTradeOrderRegistry,
  orders: OrderWire[],
): Array<{ orderId: string; first: OrderWire }> {
  const seen = new Set<string>();
  const byId = new Map(orders.map((order) => [order.id, order]));
  const result: Array<{ orderId: string; first: OrderWire }> = [];
  for (const order of orders) {
    const orderId = registry.orderIdOfLeg(order.id);
    if (seen.has(orderId)) continue;
    seen.add(orderId);
    const first = byId.get(orderId);
    if (first !== undefined) result.push({ orderId, first });
  }
  return result.sort((a, b) =>
    a.first.created_at < b.first.created_at ? 1 : a.first.created_at > b.first.created_at ? -1 : 0,
  );
}

/**
 * `GET /orders/historical/batch` with `order_ids`, `product_ids` (or `product_id`), `order_status`,
 * `order_side`, `order_types` (or `order_type`), `time_in_forces`, `start_date`, `end_date`,
 * `product_type`, `limit` (default 100, at most 1000) and `cursor`. The cursor names the last
 * order returned, so orders placed between two pages never shift the walk.
 */
function listHistorical(request: RouteRequest): Reply {
  const { exchange, caller, query, context } = request;
  const registry = context.advancedTrade.orders;
  const limit = readLimit(query.get('limit'), 100, 1000);
  if (typeof limit !== 'number') return limit;
  const orderIds = new Set(query.getAll('order_ids'));
  const productIds = new Set([...query.getAll('product_ids'), ...query.getAll('product_id')]);
  const statuses = new Set(query.getAll('order_status'));
  const sides = new Set(query.getAll('order_side'));
  const types = new Set([...query.getAll('order_types'), ...query.getAll('order_type')]);
  const timesInForce = new Set(query.getAll('time_in_forces'));
  const productType = query.get('product_type');
  const startDate = query.get('start_date');
  const endDate = query.get('end_date');
  const startMs = startDate ? Date.parse(startDate) : undefined;
  const endMs = endDate ? Date.parse(endDate) : undefined;
  if (Number.isNaN(startMs)) return invalidArgument('start_date: expected an RFC 3339 time');
  if (Number.isNaN(endMs)) return invalidArgument('end_date: expected an RFC 3339 time');
  if (
    productType !== undefined &&
    productType !== '' &&
    productType !== 'SPOT' &&
    productType !== 'UNKNOWN_PRODUCT_TYPE'
  ) {
    return ok({ orders: [], sequence: '0', has_next: false, cursor: '' });
  }

  const candidates = advancedTradeOrderIds(registry, engineOrders(exchange, caller)).filter(
    ({ orderId, first }) => {
      if (orderIds.size > 0 && !orderIds.has(orderId)) return false;
      if (productIds.size > 0 && !productIds.has(first.product_id)) return false;
      if (sides.size > 0 && !sides.has(first.side === 'buy' ? 'BUY' : 'SELL')) return false;
      const createdMs = Date.parse(first.created_at);
      if (startMs !== undefined && createdMs < startMs) return false;
      if (endMs !== undefined && createdMs > endMs) return false;
      return true;
    },
  );

  const cursor = query.get('cursor');
  let start = 0;
  if (cursor !== undefined && cursor !== '') {
    start = candidates.findIndex(({ orderId }) => orderId === cursor) + 1;
    if (start === 0) return invalidArgument('cursor: unknown cursor');
  }
  const page: Array<Record<string, unknown>> = [];
  let index = start;
  for (; index < candidates.length && page.length < limit; index += 1) {
    const { orderId } = candidates[index] as { orderId: string };
    const legs = registry.legsOf(caller, orderId);
    if (legs === undefined) continue;
    const registered = registry.get(orderId);
    const last = legs[legs.length - 1] as OrderWire;
    if (statuses.size > 0 && !statuses.has(advancedTradeStatus(last, registered?.expired ?? false))) continue;
    const view = advancedTradeOrderView(
      orderId,
      legs,
      registered,
      fillsOfOrder(exchange, caller, legs),
      caller.userId,
    );
    if (types.size > 0 && !types.has(String(view.order_type))) continue;
    if (timesInForce.size > 0 && !timesInForce.has(String(view.time_in_force))) continue;
    page.push(view);
  }
  const hasNext = index < candidates.length;
  const lastOrderId = page.length > 0 ? String(page[page.length - 1]?.order_id) : '';
  return ok({
    orders: page,
    sequence: '0',
    has_next: hasNext,
    cursor: hasNext ? (candidates[index - 1]?.orderId ?? lastOrderId) : '',
  });
}

function getHistorical(request: RouteRequest): Reply {
  const view = orderView(request, request.params.order_id as string);
  return view === undefined ? orderNotFound : ok({ order: view });
}

/**
 * `GET /orders/historical/fills` with `order_ids` (or `order_id`), `product_ids` (or `product_id`),
 * `trade_ids`, `start_sequence_timestamp`, `end_sequence_timestamp`, `limit` (default 100) and
 * `cursor` (the last fill returned, by `entry_id`).
 */
function listFills(request: RouteRequest): Reply {
  const { exchange, caller, query, context } = request;
  const registry = context.advancedTrade.orders;
  const limit = readLimit(query.get('limit'), 100, 1000);
  if (typeof limit !== 'number') return limit;
  const orderIds = [...query.getAll('order_ids'), ...query.getAll('order_id')];
  const productIds = new Set([...query.getAll('product_ids'), ...query.getAll('product_id')]);
  const tradeIds = new Set(query.getAll('trade_ids'));
  const start = query.get('start_sequence_timestamp');
  const end = query.get('end_sequence_timestamp');
  const startMs = start ? Date.parse(start) : undefined;
  const endMs = end ? Date.parse(end) : undefined;
  if (Number.isNaN(startMs) || Number.isNaN(endMs))
    return invalidArgument('start_sequence_timestamp, end_sequence_timestamp: expected RFC 3339 times');
  let fills: FillWire[];
  if (orderIds.length > 0) {
    fills = orderIds.flatMap((orderId) => {
      const legs = registry.legsOf(caller, orderId);
      return legs === undefined
        ? []
        : legs.flatMap((leg) => engineFills(exchange, caller, { orderId: leg.id }));
    });
  } else {
    const products = productIds.size > 0 ? [...productIds] : exchange.products().map((product) => product.id);
    fills = products.flatMap((productId) => engineFills(exchange, caller, { productId }));
  }
  const views = fills
    .filter((fill) => productIds.size === 0 || productIds.has(fill.product_id))
    .filter((fill) => tradeIds.size === 0 || tradeIds.has(String(fill.trade_id)))
    .filter(
      (fill) =>
        (startMs === undefined || Date.parse(fill.created_at) >= startMs) &&
        (endMs === undefined || Date.parse(fill.created_at) <= endMs),
    )
    .sort((a, b) =>
      a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.trade_id - a.trade_id,
    )
    .map((fill) => advancedTradeFillView(fill, registry.orderIdOfLeg(fill.order_id)));
  const cursor = query.get('cursor');
  let from = 0;
  if (cursor !== undefined && cursor !== '') {
    from = views.findIndex((view) => view.entry_id === cursor) + 1;
    if (from === 0) return invalidArgument('cursor: unknown cursor');
  }
  const page = views.slice(from, from + limit);
  const hasNext = from + limit < views.length;
  return ok({ fills: page, cursor: hasNext ? String(page[page.length - 1]?.entry_id) : '' });
}

/** Order history and fills. */
export const advancedTradeHistoryRoutes: Route[] = [
  { method: 'GET', path: `${BROKERAGE}/orders/historical/batch`, access: viewAccess, handle: listHistorical },
  { method: 'GET', path: `${BROKERAGE}/orders/historical/fills`, access: viewAccess, handle: listFills },
  {
    method: 'GET',
    path: `${BROKERAGE}/orders/historical/{order_id}`,
    access: viewAccess,
    handle: getHistorical,
  },
];
