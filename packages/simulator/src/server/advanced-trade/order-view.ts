import { Decimal } from 'decimal.js';
import type { FillWire, OrderWire } from '../../exchange/contract.js';
import type { OrderConfigurationKind } from './order-configuration.js';
import type { AdvancedTradeOrder } from './order-registry.js';

/** Advanced Trade's `status` values for orders. */
export type AdvancedTradeOrderStatus =
  | 'PENDING'
  | 'OPEN'
  | 'FILLED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'FAILED'
  | 'UNKNOWN_ORDER_STATUS'
  | 'QUEUED'
  | 'CANCEL_QUEUED'
  | 'EDIT_QUEUED';

const TIME_IN_FORCE: Record<OrderConfigurationKind, string> = {
  market_market_ioc: 'IMMEDIATE_OR_CANCEL',
  sor_limit_ioc: 'IMMEDIATE_OR_CANCEL',
  limit_limit_gtc: 'GOOD_UNTIL_CANCELLED',
  limit_limit_gtd: 'GOOD_UNTIL_DATE_TIME',
  limit_limit_fok: 'FILL_OR_KILL',
  stop_limit_stop_limit_gtc: 'GOOD_UNTIL_CANCELLED',
  stop_limit_stop_limit_gtd: 'GOOD_UNTIL_DATE_TIME',
  trigger_bracket_gtc: 'GOOD_UNTIL_CANCELLED',
  trigger_bracket_gtd: 'GOOD_UNTIL_DATE_TIME',
};

const ORDER_TYPE: Record<OrderConfigurationKind, string> = {
  market_market_ioc: 'MARKET',
  sor_limit_ioc: 'LIMIT',
  limit_limit_gtc: 'LIMIT',
  limit_limit_gtd: 'LIMIT',
  limit_limit_fok: 'LIMIT',
  stop_limit_stop_limit_gtc: 'STOP_LIMIT',
  stop_limit_stop_limit_gtd: 'STOP_LIMIT',
  trigger_bracket_gtc: 'BRACKET',
  trigger_bracket_gtd: 'BRACKET',
};

/** The engine's order state as Advanced Trade reports it. */
export function advancedTradeStatus(last: OrderWire, expired: boolean): AdvancedTradeOrderStatus {
  switch (last.status) {
    case 'pending':
    case 'received':
      return 'PENDING';
    case 'open':
    case 'active':
      return 'OPEN';
    case 'rejected':
      return 'FAILED';
    case 'done':
      if (last.done_reason === 'filled') return 'FILLED';
      if (last.done_reason === 'rejected') return 'FAILED';
      return expired ? 'EXPIRED' : 'CANCELLED';
    default:
      return 'UNKNOWN_ORDER_STATUS';
  }
}

/** The configuration of an order placed through the Exchange protocol, in Advanced Trade's terms. */
export function configurationOfExchangeOrder(order: OrderWire): {
  kind: OrderConfigurationKind;
  configuration: Record<string, unknown>;
} {
  if (order.type === 'market' && order.stop === undefined) {
    return {
      kind: 'market_market_ioc',
      configuration:
        order.specified_funds !== undefined || order.funds !== undefined
          ? { quote_size: trim(order.specified_funds ?? order.funds ?? '0') }
          : { base_size: trim(order.size ?? '0') },
    };
  }
  const base = {
    base_size: trim(order.size ?? '0'),
    limit_price: trim(order.price ?? order.stop_price ?? '0'),
  };
  if (order.stop !== undefined) {
    return {
      kind: 'stop_limit_stop_limit_gtc',
      configuration: {
        ...base,
        stop_price: trim(order.stop_price ?? '0'),
        stop_direction: order.stop === 'loss' ? 'STOP_DIRECTION_STOP_DOWN' : 'STOP_DIRECTION_STOP_UP',
      },
    };
  }
  if (order.time_in_force === 'IOC') return { kind: 'sor_limit_ioc', configuration: base };
  if (order.time_in_force === 'FOK') return { kind: 'limit_limit_fok', configuration: base };
  if (order.time_in_force === 'GTT') {
    return {
      kind: 'limit_limit_gtd',
      configuration: { ...base, end_time: order.expire_time ?? '', post_only: order.post_only },
    };
  }
  return { kind: 'limit_limit_gtc', configuration: { ...base, post_only: order.post_only } };
}

/** A wire decimal without trailing zeros ("0.01000000" → "0.01"), as Advanced Trade prints them. */
export function trim(value: string): string {
  return new Decimal(value).toFixed();
}

/**
 * An order as `GET /orders/historical/{id}` shows it, aggregated over its legs: filled size,
 * value and fees are sums, the status is the last leg's, and `fills` are the legs' fills (newest first).
 */
export function advancedTradeOrderView(
  orderId: string,
  legs: OrderWire[],
  registered: AdvancedTradeOrder | undefined,
  fills: FillWire[],
  userId: string,
): Record<string, unknown> {
  const first = legs[0] as OrderWire;
  const last = legs[legs.length - 1] as OrderWire;
  const { kind, configuration } = registered ?? configurationOfExchangeOrder(first);
  let filledSize = new Decimal(0);
  let filledValue = new Decimal(0);
  let fees = new Decimal(0);
  for (const leg of legs) {
    filledSize = filledSize.plus(leg.filled_size);
    filledValue = filledValue.plus(leg.executed_value);
    fees = fees.plus(leg.fill_fees);
  }
  const status = advancedTradeStatus(last, registered?.expired ?? false);
  const side = first.side === 'buy' ? 'BUY' : 'SELL';
  const requestedQuote = configuration.quote_size;
  let completion = new Decimal(0);
  if (typeof requestedQuote === 'string' && new Decimal(requestedQuote).gt(0)) {
    completion = filledValue.div(requestedQuote).times(100);
  } else if (typeof configuration.base_size === 'string' && new Decimal(configuration.base_size).gt(0)) {
    completion = filledSize.div(configuration.base_size).times(100);
  }
  if (status === 'FILLED') completion = new Decimal(100);
  let outstandingHold = new Decimal(0);
  if (status === 'OPEN' && last.size !== undefined) {
    const remaining = new Decimal(last.size).minus(last.filled_size);
    outstandingHold = side === 'BUY' ? remaining.times(last.price ?? '0') : remaining;
  }
  const triggerStatus = kind.startsWith('stop_limit')
    ? last.status === 'active'
      ? 'STOP_PENDING'
      : 'STOP_TRIGGERED'
    : kind.startsWith('trigger_bracket')
      ? registered?.triggered
        ? 'STOP_TRIGGERED'
        : 'STOP_PENDING'
      : 'INVALID_ORDER_TYPE';
  return {
    order_id: orderId,
    product_id: first.product_id,
    user_id: userId,
    order_configuration: { [kind]: configuration },
    side,
    client_order_id: registered?.clientOrderId ?? first.client_oid ?? '',
    status,
    time_in_force: TIME_IN_FORCE[kind],
    created_time: first.created_at,
    completion_percentage: completion.toDecimalPlaces(2).toFixed(),
    filled_size: filledSize.toFixed(),
    average_filled_price: filledSize.gt(0) ? filledValue.div(filledSize).toDecimalPlaces(16).toFixed() : '0',
    fee: '',
    number_of_fills: String(fills.length),
    filled_value: filledValue.toFixed(),
    pending_cancel: false,
    size_in_quote: typeof requestedQuote === 'string',
    total_fees: fees.toFixed(),
    size_inclusive_of_fees: false,
    total_value_after_fees: (side === 'BUY' ? filledValue.plus(fees) : filledValue.minus(fees)).toFixed(),
    trigger_status: triggerStatus,
    order_type: ORDER_TYPE[kind],
    reject_reason: status === 'FAILED' ? 'REJECT_REASON_UNSPECIFIED' : '',
    settled: last.settled,
    product_type: 'SPOT',
    reject_message: last.reject_reason ?? '',
    cancel_message:
      status === 'CANCELLED' ? 'User requested cancel' : status === 'EXPIRED' ? 'Order expired' : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: outstandingHold.toFixed(),
    is_liquidation: false,
    last_fill_time: fills[0]?.created_at ?? null,
    edit_history: registered?.editHistory ?? [],
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: first.profile_id,
    originating_order_id: '',
    attached_order_id: '',
  };
}

/** A fill as `GET /orders/historical/fills` shows it. */
export function advancedTradeFillView(fill: FillWire, orderId: string): Record<string, unknown> {
  const price = new Decimal(fill.price);
  const size = new Decimal(fill.size);
  return {
    entry_id: `${fill.product_id}-${fill.trade_id}-${fill.order_id}`,
    trade_id: String(fill.trade_id),
    order_id: orderId,
    trade_time: fill.created_at,
    trade_type: 'FILL',
    price: price.toFixed(),
    size: size.toFixed(),
    commission: trim(fill.fee),
    product_id: fill.product_id,
    sequence_timestamp: fill.created_at,
    liquidity_indicator: fill.liquidity === 'M' ? 'MAKER' : 'TAKER',
    size_in_quote: false,
    user_id: fill.user_id,
    side: fill.side === 'buy' ? 'BUY' : 'SELL',
    retail_portfolio_id: fill.profile_id,
  };
}
