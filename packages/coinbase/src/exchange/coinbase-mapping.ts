import type {
  LimitOrderRequest,
  PlaceOrderRequest,
  FillWire as RestFill,
  Order as RestOrder,
} from '@tradeloop/rest';
import {
  type BookLevel,
  type BookView,
  type ClientOrderId,
  ExactDecimal,
  type Fill,
  type OrderId,
  type OrderReport,
  type OrderRequest,
  type OrderResize,
  type ProductId,
  plainTrade,
  quantize,
  type ReportedOrderStatus,
  type Side,
  type Ticker,
  type Trade,
  toDecimal,
} from '@tradeloop/strategy-kit';
import type { Level2Book, MatchMessage, PrivateOrderMessage, TickerMessage } from '@tradeloop/websocket';
import type { Decimal } from 'decimal.js';

/** Coinbase keeps fees to 16 decimals (rounded down); fees computed from a feed's fee rate match them. */
const feeIncrement = new ExactDecimal('1e-16');

/** A decimal field that may be absent (`undefined`, `null` or `""` on the wire). */
export const optionalDecimal = (value: string | null | undefined, field: string): Decimal | undefined =>
  value === undefined || value === null || value === '' ? undefined : toDecimal(value, field);

/** ms since the epoch from an ISO timestamp (microseconds are dropped), or `fallback` when absent or malformed. */
export function parseTime(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? fallback : parsed;
}

/** The body of `POST /orders` for a request. Stop orders go as `type: 'stop'` with `stop` and `stop_price`. */
export function toPlaceOrderRequest(request: OrderRequest): PlaceOrderRequest {
  switch (request.type) {
    case 'limit': {
      // Built field by field, as the order path wants it (no spreads of small objects).
      const limit: LimitOrderRequest = {
        client_oid: request.clientOrderId,
        product_id: request.productId,
        side: request.side,
        type: 'limit',
        price: (request.price as Decimal).toFixed(),
        size: (request.size as Decimal).toFixed(),
      };
      if (request.timeInForce !== undefined) limit.time_in_force = request.timeInForce;
      if (request.cancelAfter !== undefined) limit.cancel_after = request.cancelAfter;
      if (request.postOnly === true) limit.post_only = true;
      return limit;
    }
    case 'market':
      return request.funds !== undefined
        ? {
            client_oid: request.clientOrderId,
            product_id: request.productId,
            side: request.side,
            type: 'market',
            funds: request.funds.toFixed(),
          }
        : {
            client_oid: request.clientOrderId,
            product_id: request.productId,
            side: request.side,
            type: 'market',
            size: (request.size as Decimal).toFixed(),
          };
    case 'stop':
      return {
        client_oid: request.clientOrderId,
        product_id: request.productId,
        side: request.side,
        type: 'stop',
        stop: request.side === 'sell' ? 'loss' : 'entry',
        stop_price: (request.stopPrice as Decimal).toFixed(),
        ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
        ...(request.size === undefined ? {} : { size: request.size.toFixed() }),
        ...(request.funds === undefined ? {} : { funds: request.funds.toFixed() }),
      };
  }
}

/** A REST order's status in the port's terms. */
export function reportedStatus(status: string, doneReason: string | undefined): ReportedOrderStatus {
  switch (status) {
    case 'pending':
    case 'received':
      return 'pending';
    case 'open':
    case 'active':
      return 'open';
    case 'rejected':
      return 'rejected';
    default:
      // `done`: filled, canceled, or rejected (the old post-only behaviour).
      return doneReason === 'filled' ? 'filled' : doneReason === 'rejected' ? 'rejected' : 'canceled';
  }
}

/** A REST order as an {@link OrderReport}. */
export function orderReportFromRest(order: RestOrder, now: number): OrderReport {
  return stripUndefined({
    orderId: order.id as OrderId,
    clientOrderId: order.client_oid as ClientOrderId | undefined,
    productId: order.product_id as ProductId,
    side: order.side,
    type: order.type,
    status: reportedStatus(order.status, order.done_reason),
    price: optionalDecimal(order.price, 'price'),
    size: optionalDecimal(order.size, 'size'),
    funds: optionalDecimal(order.funds, 'funds'),
    stopPrice: optionalDecimal(order.stop_price, 'stop_price'),
    filledSize: optionalDecimal(order.filled_size, 'filled_size'),
    rejectReason: order.reject_reason,
    time: parseTime(order.done_at ?? order.created_at, now),
    source: 'rest',
  }) as OrderReport;
}

/** A REST fill as a {@link Fill}. */
export function fillFromRest(fill: RestFill, now: number): Fill {
  return {
    tradeId: String(fill.trade_id),
    productId: fill.product_id as ProductId,
    orderId: fill.order_id as OrderId,
    side: fill.side,
    price: toDecimal(fill.price, 'price'),
    size: toDecimal(fill.size, 'size'),
    fee: toDecimal(fill.fee, 'fee'),
    liquidity: fill.liquidity === 'M' ? 'maker' : 'taker',
    time: parseTime(fill.created_at, now),
    source: 'rest',
  };
}

/** A `ticker` message as a {@link Ticker}. */
export function tickerFromFeed(message: TickerMessage, now: number): Ticker {
  return stripUndefined({
    productId: message.product_id as ProductId,
    price: toDecimal(message.price, 'price'),
    bestBid: optionalDecimal(message.best_bid, 'best_bid'),
    bestAsk: optionalDecimal(message.best_ask, 'best_ask'),
    bestBidSize: optionalDecimal(message.best_bid_size, 'best_bid_size'),
    bestAskSize: optionalDecimal(message.best_ask_size, 'best_ask_size'),
    volume24h: optionalDecimal(message.volume_24h, 'volume_24h'),
    tradeId: message.trade_id === undefined ? undefined : String(message.trade_id),
    time: parseTime(message.time, now),
  }) as Ticker;
}

/**
 * A public `match` as a {@link Trade}. Coinbase's `side` is the maker's; the taker did the opposite.
 * Price and size are checked here but become Decimals only when read, the time is parsed only
 * when read: a strategy that reacts to the trade itself sends its order sooner.
 * @throws InvalidDecimalError when the price or the size is not a decimal number.
 */
export function tradeFromFeed(message: MatchMessage, now: number): Trade {
  return new FeedTrade(message, now);
}

/** Plain decimal digits, as Coinbase writes prices and sizes (anything else goes through `toDecimal`'s checks). */
const plainDecimal = /^\d+(?:\.\d+)?$/;

/**
 * One is built for every public trade, between the frame and `onTrade`, when nothing is warm in
 * the CPU's caches: its fields are plain properties assigned in the constructor (`declare`d, so
 * no class-field definitions or private-field set-up run first: measured ~2.5 µs per trade on the
 * cold path), and the Decimals and the time are made only when read. `productId`, `tradeId` and
 * `takerSide` stay own properties, so a spread copy keeps them as before.
 */
class FeedTrade implements Trade {
  declare readonly productId: ProductId;
  declare readonly tradeId: string;
  declare readonly takerSide: Side;
  declare private readonly message: MatchMessage;
  declare private readonly receivedAt: number;
  declare private cachedPrice: Decimal | undefined;
  declare private cachedSize: Decimal | undefined;
  declare private cachedTime: number | undefined;

  constructor(message: MatchMessage, now: number) {
    this.productId = message.product_id as ProductId;
    this.tradeId = String(message.trade_id);
    this.takerSide = message.side === 'buy' ? 'sell' : 'buy';
    this.message = message;
    this.receivedAt = now;
    this.cachedPrice = plainDecimal.test(message.price) ? undefined : toDecimal(message.price, 'price');
    this.cachedSize = plainDecimal.test(message.size) ? undefined : toDecimal(message.size, 'size');
    this.cachedTime = undefined;
  }

  get price(): Decimal {
    this.cachedPrice ??= new ExactDecimal(this.message.price);
    return this.cachedPrice;
  }

  get size(): Decimal {
    this.cachedSize ??= new ExactDecimal(this.message.size);
    return this.cachedSize;
  }

  get time(): number {
    this.cachedTime ??= parseTime(this.message.time, this.receivedAt);
    return this.cachedTime;
  }

  /** The same fields as a plain trade (for logs and `JSON.stringify`). */
  toJSON(): Trade {
    return plainTrade(this);
  }
}

/** One of our own orders' messages from the `user` channel, as a report or a fill. */
export type PrivateUpdate =
  | { kind: 'report'; report: OrderReport }
  | { kind: 'fill'; fill: Fill }
  | { kind: 'resize'; resize: OrderResize }
  | { kind: 'none' };

/**
 * Reads a `user`-channel message. `received` carries the client order id (the only one that
 * does); `open`, `done` and `activate` become reports; a `match` becomes a fill whose fee is
 * price × size × the fee rate Coinbase sends with it (maker or taker: that tells which order is ours).
 */
export function privateUpdateFromFeed(message: PrivateOrderMessage, now: number): PrivateUpdate {
  const productId = message.product_id as ProductId;
  switch (message.type) {
    case 'received':
      return report({
        orderId: message.order_id as OrderId,
        clientOrderId: message.client_oid as ClientOrderId | undefined,
        productId,
        side: message.side,
        type: message.order_type,
        status: 'pending',
        price: optionalDecimal(message.price, 'price'),
        size: optionalDecimal(message.size, 'size'),
        funds: optionalDecimal(message.funds, 'funds'),
        time: parseTime(message.time, now),
        source: 'feed',
      });
    case 'open':
      return report({
        orderId: message.order_id as OrderId,
        clientOrderId: message.client_oid as ClientOrderId | undefined,
        productId,
        side: message.side,
        type: 'limit',
        status: 'open',
        price: optionalDecimal(message.price, 'price'),
        time: parseTime(message.time, now),
        source: 'feed',
      });
    case 'activate':
      return report({
        orderId: message.order_id as OrderId,
        productId,
        side: message.side,
        type: 'stop',
        status: 'open',
        stopPrice: optionalDecimal(message.stop_price, 'stop_price'),
        time: now,
        source: 'feed',
      });
    case 'done':
      return report({
        orderId: message.order_id as OrderId,
        clientOrderId: message.client_oid as ClientOrderId | undefined,
        productId,
        side: message.side,
        type: message.price === undefined ? 'market' : 'limit',
        status: message.reason === 'filled' ? 'filled' : 'canceled',
        price: optionalDecimal(message.price, 'price'),
        time: parseTime(message.time, now),
        source: 'feed',
      });
    case 'change': {
      // Only a size change matters here (STP); a funds change concerns market orders, which never rest.
      if (message.old_size === undefined || message.new_size === undefined) return { kind: 'none' };
      return {
        kind: 'resize',
        resize: {
          orderId: message.order_id as OrderId,
          productId,
          oldSize: toDecimal(message.old_size, 'old_size'),
          newSize: toDecimal(message.new_size, 'new_size'),
          reason: message.reason ?? 'change',
          time: parseTime(message.time, now),
          source: 'feed',
        },
      };
    }
    case 'match': {
      const ourRole = roleOf(message);
      if (ourRole === undefined) return { kind: 'none' };
      const price = toDecimal(message.price, 'price');
      const size = toDecimal(message.size, 'size');
      const rate = toDecimal(ourRole.rate, 'fee_rate');
      return {
        kind: 'fill',
        fill: {
          tradeId: String(message.trade_id),
          productId,
          orderId: ourRole.orderId as OrderId,
          side: ourRole.liquidity === 'maker' ? message.side : opposite(message.side),
          price,
          size,
          fee: quantize(price.times(size).times(rate), feeIncrement, 'down'),
          liquidity: ourRole.liquidity,
          time: parseTime(message.time, now),
          source: 'feed',
        },
      };
    }
    default:
      return { kind: 'none' };
  }
}

function roleOf(
  message: MatchMessage,
): { orderId: string; liquidity: 'maker' | 'taker'; rate: string } | undefined {
  if (message.maker_fee_rate !== undefined)
    return { orderId: message.maker_order_id, liquidity: 'maker', rate: message.maker_fee_rate };
  if (message.taker_fee_rate !== undefined)
    return { orderId: message.taker_order_id, liquidity: 'taker', rate: message.taker_fee_rate };
  return undefined;
}

function report(fields: Record<string, unknown>): PrivateUpdate {
  return { kind: 'report', report: stripUndefined(fields) as unknown as OrderReport };
}

function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** A live, read-only {@link BookView} over the feed's level-2 book; decimals are made on access. */
export function bookViewOf(book: Level2Book, productId: ProductId, now: () => number): BookView {
  const level = (entry: { price: string; size: string } | undefined): BookLevel | undefined =>
    entry === undefined
      ? undefined
      : { price: new ExactDecimal(entry.price), size: new ExactDecimal(entry.size) };
  const levels = (entries: ReadonlyArray<{ price: string; size: string }>): BookLevel[] =>
    entries.map((entry) => ({ price: new ExactDecimal(entry.price), size: new ExactDecimal(entry.size) }));
  return {
    productId,
    get time() {
      return parseTime(book.time, now());
    },
    bestBid: () => level(book.bestBid()),
    bestAsk: () => level(book.bestAsk()),
    bids: (depth) => levels(book.depth(depth).bids),
    asks: (depth) => levels(book.depth(depth).asks),
  };
}

/** The object without its `undefined` fields (optional fields of reports stay absent, not undefined). */
export function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
