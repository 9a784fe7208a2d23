import type { Decimal } from 'decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { BookView, Candle, Ticker, Trade } from '../model/market-data.js';
import type { OrderRequest } from '../model/order.js';
import type { ProductRules } from '../model/product-rules.js';
import type { Fill, OrderReport, OrderResize } from '../model/reports.js';

/**
 * The port between the runtime and an exchange: market data and own-order events up, execution
 * commands down. Kept small on purpose, so an in-process backtest venue can implement it.
 *
 * Contract:
 * - Events reach the listener given to {@link Venue.subscribe} one at a time, in the order the
 *   venue learned them; the runtime handles them in that order.
 * - `placeOrder` resolves with the venue's first report of the order. It rejects with
 *   {@link VenueRejectedError} only when the exchange refused the order for good; any other
 *   rejection (timeout, network, 5xx) means "unknown", and the runtime asks `orderByClientId`.
 * - Reports and fills may arrive twice (from the feed and from REST); the runtime de-duplicates.
 *
 * Nothing here is specific to one exchange: `@tradeloop/coinbase` implements it for Coinbase
 * Exchange (and the simulator); a backtest venue implements it in process.
 */
export interface Venue {
  /** A short name for logs, e.g. `coinbase`. */
  readonly name: string;

  /**
   * The venue's own time (ms since the epoch), when it knows it; event times (fills) are in this
   * time. The runtime stamps balance snapshots with it, so a skewed local clock cannot make a
   * fill count twice or not at all. Optional: a backtest venue uses the runtime clock.
   */
  now?(): number;

  /** Connects the feed and subscribes; resolves once subscribed. Events flow to `listener`. */
  subscribe(subscription: MarketDataSubscription, listener: (event: VenueEvent) => void): Promise<void>;
  /** Closes the feed and any connection the venue holds. */
  close(): Promise<void>;

  /** The rules of every product the venue lists. */
  products(): Promise<ProductRules[]>;
  balances(): Promise<Balance[]>;
  feeRates(): Promise<FeeRates>;

  placeOrder(request: OrderRequest): Promise<OrderReport>;
  /** Resolves when the venue accepted the cancel; rejects with VenueRejectedError when the order is already done or unknown. */
  cancelOrder(order: OrderReference): Promise<void>;
  /** Cancels every open order (of one product, when given); resolves with the canceled ids. */
  cancelAllOrders(productId?: ProductId): Promise<OrderId[]>;
  /** Every order still working on the venue (of one product, when given). */
  openOrders(productId?: ProductId): Promise<OrderReport[]>;
  /** One order by client order id, or `undefined` when the venue does not know it. */
  orderByClientId(clientOrderId: ClientOrderId, productId: ProductId): Promise<OrderReport | undefined>;
  /**
   * Own fills, oldest first, newer than the query's bounds, with the cursor to pass as `after`
   * next time to get only newer ones.
   */
  fillsSince(query: FillQuery): Promise<FillPage>;
}

/** What to stream, for which products. The `user` channel (own orders and fills) is always on. */
export interface MarketDataSubscription {
  readonly productIds: readonly ProductId[];
  readonly ticker: boolean;
  /** Public trades (also what candles are built from). */
  readonly trades: boolean;
  /** Level-2 book. */
  readonly book: boolean;
}

/** How to find an order on the venue. */
export interface OrderReference {
  /** Undefined for orders placed without one (found on the venue, not ours). */
  readonly clientOrderId: ClientOrderId | undefined;
  readonly orderId: OrderId | undefined;
  readonly productId: ProductId;
}

/**
 * A venue's position in its own fill history, opaque to the runtime: the runtime only stores it
 * (journals it) and hands it back in {@link FillQuery.after}. Coinbase Exchange encodes a trade
 * id, another venue a page token; a backtest has none.
 */
export type FillCursor = string;

/** Bounds of a fill query; at least one of `after`, `since` or `orderId` should be given. */
export interface FillQuery {
  readonly productId: ProductId;
  /** Only fills newer than this cursor (from an earlier {@link FillPage}). */
  readonly after?: FillCursor;
  /** Only fills at or after this time (ms since the epoch). */
  readonly since?: number;
  /** Only the fills of this order. */
  readonly orderId?: OrderId;
}

/** What {@link Venue.fillsSince} found. */
export interface FillPage {
  /** Oldest first. */
  readonly fills: Fill[];
  /**
   * Where the next query should start (`after`), or `undefined` when the venue keeps no cursor
   * (a backtest) or knows of no fill yet.
   */
  readonly cursor: FillCursor | undefined;
}

/** One currency's balance on the venue. */
export interface Balance {
  readonly currency: string;
  /** Everything held (`balance`). */
  readonly total: Decimal;
  /** Free to use (`available` = total − hold). */
  readonly available: Decimal;
  /** Reserved by open orders. */
  readonly hold: Decimal;
}

/** The account's fee rates, e.g. maker `0.004`, taker `0.006`. */
export interface FeeRates {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

/** Everything a venue reports, in one ordered stream. */
export type VenueEvent =
  | { readonly type: 'ticker'; readonly ticker: Ticker }
  | { readonly type: 'trade'; readonly trade: Trade }
  /**
   * A finished candle, sent at (or after) its close by a venue that has candles rather than
   * trades (a backtest on candle data): it updates the last price and reaches `onCandle` (alone,
   * or inside the strategy's coarser candle). It is not turned into trades.
   */
  | { readonly type: 'candle'; readonly candle: Candle }
  | { readonly type: 'book'; readonly book: BookView }
  | { readonly type: 'order-report'; readonly report: OrderReport }
  | { readonly type: 'fill'; readonly fill: Fill }
  /** One of our resting orders shrank without a fill (self-trade prevention). */
  | { readonly type: 'order-resized'; readonly resize: OrderResize }
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected'; readonly reason: string }
  /** The feed is back after a disconnect; anything may have been missed meanwhile. */
  | { readonly type: 'reconnected' }
  /** Messages were lost on a channel (sequence gap); own-order state may be stale. */
  | {
      readonly type: 'gap-detected';
      readonly productId: ProductId;
      readonly channel: string;
      readonly detail: string;
    }
  /** A failure inside the venue that is not tied to a command (a malformed message, a failed resync). */
  | { readonly type: 'venue-error'; readonly error: unknown };
