import type { Decimal } from 'decimal.js';
import type { ClientOrderId, OrderId, ProductId } from './ids.js';
import type { OrderType, Side } from './product-rules.js';

/** Where a report came from: the live feed (`user` channel) or a REST answer. */
export type ReportSource = 'feed' | 'rest';

/** The latest ticker of a product. Times are ms since the epoch. */
export interface Ticker {
  readonly productId: ProductId;
  readonly price: Decimal;
  readonly bestBid?: Decimal;
  readonly bestAsk?: Decimal;
  readonly bestBidSize?: Decimal;
  readonly bestAskSize?: Decimal;
  readonly volume24h?: Decimal;
  readonly tradeId?: number;
  readonly time: number;
}

/** One public trade. */
export interface Trade {
  readonly productId: ProductId;
  readonly tradeId: number;
  readonly price: Decimal;
  readonly size: Decimal;
  /** The side of the incoming (taker) order: `buy` lifted an ask. Coinbase's `side` is the maker's; venues flip it. */
  readonly takerSide: Side;
  readonly time: number;
}

/** One price level of a book. */
export interface BookLevel {
  readonly price: Decimal;
  readonly size: Decimal;
}

/** A read-only view of a product's level-2 book, best prices first. */
export interface BookView {
  readonly productId: ProductId;
  /** Time of the latest change (ms), when known. */
  readonly time: number;
  bestBid(): BookLevel | undefined;
  bestAsk(): BookLevel | undefined;
  /** Up to `depth` bid levels, best (highest) first. */
  bids(depth: number): BookLevel[];
  /** Up to `depth` ask levels, best (lowest) first. */
  asks(depth: number): BookLevel[];
}

/** An OHLCV candle built from trades. */
export interface Candle {
  readonly productId: ProductId;
  /** Start of the bucket (ms since the epoch, aligned to the granularity). */
  readonly start: number;
  readonly granularityMs: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  /** Base volume. */
  readonly volume: Decimal;
  readonly tradeCount: number;
}

/** One execution of one of our orders. */
export interface Fill {
  /** Per product, from the exchange. With `orderId` it identifies the fill. */
  readonly tradeId: number;
  readonly productId: ProductId;
  readonly orderId: OrderId;
  /** Known when the venue tells it; the order manager fills it in otherwise. */
  readonly clientOrderId?: ClientOrderId;
  /** Our side. */
  readonly side: Side;
  readonly price: Decimal;
  readonly size: Decimal;
  /** Fee paid, in quote currency. */
  readonly fee: Decimal;
  readonly liquidity: 'maker' | 'taker';
  readonly time: number;
  readonly source: ReportSource;
}

/** What a venue says about an order's status (a report, used to update and reconcile). */
export type ReportedOrderStatus = 'pending' | 'open' | 'filled' | 'canceled' | 'rejected';

/** A venue's report of one order's status. Fills arrive separately as {@link Fill}s. */
/**
 * Self-trade prevention (or another venue rule) shrank a resting order: its remaining size went
 * from `oldSize` to `newSize` without a fill (Coinbase's `change` message, reason `STP`).
 */
export interface OrderResize {
  readonly orderId: OrderId;
  readonly productId: ProductId;
  readonly oldSize: Decimal;
  readonly newSize: Decimal;
  readonly reason: string;
  readonly time: number;
  readonly source: ReportSource;
}

export interface OrderReport {
  readonly orderId: OrderId;
  readonly clientOrderId?: ClientOrderId;
  readonly productId: ProductId;
  readonly side: Side;
  readonly type: OrderType;
  readonly status: ReportedOrderStatus;
  readonly price?: Decimal;
  readonly size?: Decimal;
  readonly funds?: Decimal;
  readonly stopPrice?: Decimal;
  /** Filled size according to the venue, when it says (REST does; the feed does not). */
  readonly filledSize?: Decimal;
  readonly rejectReason?: string;
  readonly time: number;
  readonly source: ReportSource;
}
