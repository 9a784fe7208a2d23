import type {
  AdvancedTradeCreateOrderRequest,
  AdvancedTradeFill,
  AdvancedTradeOrder,
  AdvancedTradeOrderConfiguration,
  AdvancedTradePlacedOrder,
} from '@tradeloop/rest';
import {
  type ClientOrderId,
  type Fill,
  type OrderId,
  type OrderReport,
  type OrderRequest,
  type OrderType,
  type ProductId,
  type ReportedOrderStatus,
  type Side,
  type Ticker,
  toDecimal,
} from '@tradeloop/strategy-kit';
import type { AdvancedTradeMessages } from '@tradeloop/websocket';
import { UnsupportedOrderError } from '../errors.js';
import { optionalDecimal, parseTime, stripUndefined } from '../exchange/coinbase-mapping.js';

type UserOrder = AdvancedTradeMessages.UserOrder;
type TickerEntry = AdvancedTradeMessages.TickerEvent['tickers'][number];

const CANCEL_AFTER_MS = { min: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The body of `POST /orders` for a request: limit GTC → `limit_limit_gtc` (with `post_only`),
 * GTT → `limit_limit_gtd` ending `cancelAfter` from `now`, IOC → `sor_limit_ioc`, FOK →
 * `limit_limit_fok`; market by size or funds → `market_market_ioc`; stop-limit →
 * `stop_limit_stop_limit_gtc` (a sell stops on the way down, a buy on the way up).
 *
 * @throws {UnsupportedOrderError} for a stop order without a limit price or sized in funds:
 *   Advanced Trade has no stop-market order.
 */
export function toCreateOrderRequest(request: OrderRequest, now: number): AdvancedTradeCreateOrderRequest {
  return {
    client_order_id: request.clientOrderId,
    product_id: request.productId,
    side: request.side === 'buy' ? 'BUY' : 'SELL',
    order_configuration: orderConfigurationOf(request, now),
  };
}

function orderConfigurationOf(request: OrderRequest, now: number): AdvancedTradeOrderConfiguration {
  const size = request.size?.toFixed();
  switch (request.type) {
    case 'market':
      if (request.funds !== undefined) return { market_market_ioc: { quote_size: request.funds.toFixed() } };
      return { market_market_ioc: { base_size: required(size, request, 'size') } };
    case 'limit': {
      const limit = {
        base_size: required(size, request, 'size'),
        limit_price: required(request.price?.toFixed(), request, 'price'),
      };
      const postOnly = request.postOnly === true ? { post_only: true } : {};
      switch (request.timeInForce) {
        case 'IOC':
          return { sor_limit_ioc: limit };
        case 'FOK':
          return { limit_limit_fok: limit };
        case 'GTT': {
          const lifetime = CANCEL_AFTER_MS[request.cancelAfter ?? 'day'];
          const endTime = new Date(now + lifetime).toISOString();
          return { limit_limit_gtd: { ...limit, end_time: endTime, ...postOnly } };
        }
        default:
          return { limit_limit_gtc: { ...limit, ...postOnly } };
      }
    }
    case 'stop':
      if (request.price === undefined || request.size === undefined)
        throw new UnsupportedOrderError(
          request.clientOrderId,
          'a stop order with a limit price and a base size (Advanced Trade has stop-limit orders only)',
          `a stop order with ${request.price === undefined ? 'no limit price' : 'no base size'}`,
        );
      return {
        stop_limit_stop_limit_gtc: {
          base_size: request.size.toFixed(),
          limit_price: request.price.toFixed(),
          stop_price: required(request.stopPrice?.toFixed(), request, 'stopPrice'),
          stop_direction: request.side === 'sell' ? 'STOP_DIRECTION_STOP_DOWN' : 'STOP_DIRECTION_STOP_UP',
        },
      };
  }
}

function required(value: string | undefined, request: OrderRequest, field: string): string {
  if (value === undefined)
    throw new UnsupportedOrderError(
      request.clientOrderId,
      `a ${request.type} order with ${field}`,
      `a ${request.type} order without ${field}`,
    );
  return value;
}

/**
 * An Advanced Trade order status in the port's terms, or `undefined` for
 * `UNKNOWN_ORDER_STATUS` (it says nothing; the order stays where the runtime has it, `unknown`
 * included). Queued edits and cancels are still working orders.
 */
export function reportedStatusOf(status: string): ReportedOrderStatus | undefined {
  switch (status) {
    case 'PENDING':
    case 'QUEUED':
      return 'pending';
    case 'OPEN':
    case 'EDIT_QUEUED':
    case 'CANCEL_QUEUED':
      return 'open';
    case 'FILLED':
      return 'filled';
    case 'CANCELLED':
    case 'EXPIRED':
      return 'canceled';
    case 'FAILED':
      return 'rejected';
    default:
      return undefined;
  }
}

/** The port's order type of an Advanced Trade configuration (brackets rest as limits). */
function orderTypeOf(
  configuration: AdvancedTradeOrderConfiguration | undefined,
  wireType: string,
): OrderType {
  const kind = configuration === undefined ? '' : (Object.keys(configuration)[0] ?? '');
  if (kind.startsWith('market') || wireType === 'MARKET') return 'market';
  if (kind.startsWith('stop_limit') || wireType === 'STOP_LIMIT') return 'stop';
  return 'limit';
}

function configurationFields(configuration: AdvancedTradeOrderConfiguration | undefined): {
  size?: string;
  funds?: string;
  price?: string;
  stopPrice?: string;
} {
  const body = (configuration === undefined ? undefined : Object.values(configuration)[0]) as
    | Record<string, unknown>
    | undefined;
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : undefined);
  return {
    size: text('base_size'),
    funds: text('quote_size'),
    price: text('limit_price'),
    stopPrice: text('stop_price') ?? text('stop_trigger_price'),
  };
}

/**
 * A REST order as an {@link OrderReport}, or `undefined` when its status is
 * `UNKNOWN_ORDER_STATUS` and `unknownAs` is not given.
 */
export function orderReportFromRest(
  order: AdvancedTradeOrder,
  now: number,
  unknownAs?: ReportedOrderStatus,
): OrderReport | undefined {
  const status = reportedStatusOf(order.status) ?? unknownAs;
  if (status === undefined) return undefined;
  const fields = configurationFields(order.order_configuration);
  return stripUndefined({
    orderId: order.order_id as OrderId,
    clientOrderId: (order.client_order_id || undefined) as ClientOrderId | undefined,
    productId: order.product_id as ProductId,
    side: sideOf(order.side),
    type: orderTypeOf(order.order_configuration, order.order_type),
    status,
    price: optionalDecimal(fields.price, 'limit_price'),
    size: optionalDecimal(fields.size, 'base_size'),
    funds: optionalDecimal(fields.funds, 'quote_size'),
    stopPrice: optionalDecimal(fields.stopPrice, 'stop_price'),
    filledSize: optionalDecimal(order.filled_size, 'filled_size'),
    rejectReason: order.reject_reason || order.reject_message || undefined,
    time: parseTime(order.last_fill_time ?? order.created_time, now),
    source: 'rest',
  }) as OrderReport;
}

/**
 * The first report of an order `POST /orders` accepted: Advanced Trade answers with ids only,
 * so the rest comes from the request. `pending` until the feed or a lookup says more.
 */
export function placedOrderReport(
  placed: AdvancedTradePlacedOrder,
  request: OrderRequest,
  now: number,
): OrderReport {
  return stripUndefined({
    orderId: placed.order_id as OrderId,
    clientOrderId: request.clientOrderId,
    productId: request.productId,
    side: request.side,
    type: request.type,
    status: 'pending',
    price: request.price,
    size: request.size,
    funds: request.funds,
    stopPrice: request.stopPrice,
    time: now,
    source: 'rest',
  }) as OrderReport;
}

/** One order of the `user` channel as an {@link OrderReport} (`undefined` for `UNKNOWN_ORDER_STATUS`). */
export function orderReportFromUser(order: UserOrder, time: number): OrderReport | undefined {
  const status = reportedStatusOf(order.status);
  if (status === undefined) return undefined;
  const type =
    order.order_type === 'MARKET' ? 'market' : order.order_type === 'STOP_LIMIT' ? 'stop' : 'limit';
  const limitPrice = typeof order.limit_price === 'string' ? order.limit_price : undefined;
  const stopPrice = typeof order.stop_price === 'string' ? order.stop_price : undefined;
  return stripUndefined({
    orderId: order.order_id as OrderId,
    clientOrderId: (order.client_order_id || undefined) as ClientOrderId | undefined,
    productId: order.product_id as ProductId,
    side: sideOf(order.order_side),
    type,
    status,
    price: optionalDecimal(limitPrice, 'limit_price'),
    stopPrice: optionalDecimal(stopPrice, 'stop_price'),
    filledSize: optionalDecimal(order.cumulative_quantity, 'cumulative_quantity'),
    time,
    source: 'feed',
  }) as OrderReport;
}

/**
 * A fill of `GET /orders/historical/fills` as a {@link Fill}. Its trade id is Coinbase's
 * `trade_id`: the same whether the fill is found by the `user` channel (which the venue resolves
 * through this endpoint) or by reconciliation, so the runtime counts it once. `commission` is
 * the fee in quote currency.
 */
export function fillFromRest(fill: AdvancedTradeFill, now: number, source: 'feed' | 'rest'): Fill {
  return {
    tradeId: fill.trade_id,
    productId: fill.product_id as ProductId,
    orderId: fill.order_id as OrderId,
    side: sideOf(fill.side),
    price: toDecimal(fill.price, 'price'),
    size: toDecimal(fill.size, 'size'),
    fee: toDecimal(fill.commission, 'commission'),
    liquidity: fill.liquidity_indicator === 'MAKER' ? 'maker' : 'taker',
    time: parseTime(fill.trade_time, now),
    source,
  };
}

/** One entry of a `ticker` event as a {@link Ticker}; the envelope's timestamp is its time. */
export function tickerFromAdvancedTrade(entry: TickerEntry, time: number): Ticker {
  return stripUndefined({
    productId: entry.product_id as ProductId,
    price: toDecimal(entry.price, 'price'),
    bestBid: optionalDecimal(entry.best_bid, 'best_bid'),
    bestAsk: optionalDecimal(entry.best_ask, 'best_ask'),
    bestBidSize: optionalDecimal(entry.best_bid_quantity, 'best_bid_quantity'),
    bestAskSize: optionalDecimal(entry.best_ask_quantity, 'best_ask_quantity'),
    volume24h: optionalDecimal(entry.volume_24_h, 'volume_24_h'),
    time,
  }) as Ticker;
}

function sideOf(side: string): Side {
  return side === 'SELL' ? 'sell' : 'buy';
}
