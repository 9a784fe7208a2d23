import { Decimal } from 'decimal.js';
import type { Caller, ExchangeApi } from '../../../exchange/contract.js';
import type { AdvancedTradeOrderRegistry } from '../../advanced-trade/order-registry.js';
import { advancedTradeOrderView } from '../../advanced-trade/order-view.js';

/** Coinbase sends the open orders of a `user` snapshot in batches of 50. */
export const userSnapshotBatchSize = 50;

const OPEN_STATUSES = ['open', 'pending', 'active'];
const ENGINE_PAGE = 1000;

/**
 * One order as the `user` channel shows it, built from the same aggregate as
 * `GET /orders/historical/{id}`: `cumulative_quantity`, `filled_value` and `total_fees` are the
 * order's running totals over all its legs and fills, so clients derive fills from their change.
 */
export function userOrder(
  exchange: ExchangeApi,
  registry: AdvancedTradeOrderRegistry,
  caller: Caller,
  orderId: string,
): Record<string, unknown> | undefined {
  const legs = registry.legsOf(caller, orderId);
  if (legs === undefined) return undefined;
  const fills = legs.flatMap((leg) => {
    const page = exchange.fills(caller, { orderId: leg.id }, { limit: ENGINE_PAGE });
    return page.ok ? page.value.items : [];
  });
  const view = advancedTradeOrderView(orderId, legs, registry.get(orderId), fills, caller.userId);
  const configuration =
    Object.values(view.order_configuration as Record<string, Record<string, unknown>>)[0] ?? {};
  const last = legs[legs.length - 1];
  const filled = new Decimal(view.filled_size as string);
  const size = typeof configuration.base_size === 'string' ? new Decimal(configuration.base_size) : undefined;
  const open = view.status === 'OPEN' || view.status === 'PENDING';
  return {
    order_id: orderId,
    client_order_id: view.client_order_id,
    status: view.status,
    product_id: view.product_id,
    product_type: 'SPOT',
    order_side: view.side,
    order_type: view.order_type,
    time_in_force: view.time_in_force,
    creation_time: view.created_time,
    end_time: typeof configuration.end_time === 'string' ? configuration.end_time : '',
    start_time: '',
    limit_price: typeof configuration.limit_price === 'string' ? configuration.limit_price : '',
    stop_price: typeof configuration.stop_price === 'string' ? configuration.stop_price : '',
    post_only: configuration.post_only === true,
    cumulative_quantity: view.filled_size,
    leaves_quantity: open && size !== undefined ? Decimal.max(0, size.minus(filled)).toFixed() : '0',
    avg_price: view.average_filled_price,
    filled_value: view.filled_value,
    number_of_fills: view.number_of_fills,
    total_fees: view.total_fees,
    total_value_after_fees: view.total_value_after_fees,
    outstanding_hold_amount: view.outstanding_hold_amount,
    completion_percentage: view.completion_percentage,
    cancel_reason: view.status === 'CANCELLED' ? (last?.done_reason ?? '') : '',
    reject_reason: view.reject_reason,
    trigger_status: view.trigger_status,
    contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE',
    risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE',
    retail_portfolio_id: view.retail_portfolio_id,
  };
}

/** The caller's open orders (optionally of some products), for the `user` snapshot. */
export function openUserOrders(
  exchange: ExchangeApi,
  registry: AdvancedTradeOrderRegistry,
  caller: Caller,
  productIds: ReadonlySet<string>,
): Array<Record<string, unknown>> {
  const orderIds = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = exchange.listOrders(
      caller,
      { statuses: OPEN_STATUSES },
      after === undefined ? { limit: ENGINE_PAGE } : { limit: ENGINE_PAGE, after },
    );
    if (!page.ok) break;
    for (const order of page.value.items)
      if (productIds.size === 0 || productIds.has(order.product_id))
        orderIds.add(registry.orderIdOfLeg(order.id));
    if (page.value.items.length < ENGINE_PAGE || page.value.after === undefined || page.value.after === after)
      break;
    after = page.value.after;
  }
  const orders: Array<Record<string, unknown>> = [];
  for (const orderId of orderIds) {
    const order = userOrder(exchange, registry, caller, orderId);
    if (order !== undefined) orders.push(order);
  }
  return orders;
}
