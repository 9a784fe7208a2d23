/** What the market says: tickers, public trades, books and candles. Times are ms since the epoch. */
import type { Decimal } from 'decimal.js';
import type { ProductId } from './ids.js';
import type { Side } from './product-rules.js';

/** The latest ticker of a product. Times are ms since the epoch. */
export interface Ticker {
  readonly productId: ProductId;
  readonly price: Decimal;
  readonly bestBid?: Decimal;
  readonly bestAsk?: Decimal;
  readonly bestBidSize?: Decimal;
  readonly bestAskSize?: Decimal;
  readonly volume24h?: Decimal;
  /** The venue's id of the latest trade, opaque. */
  readonly tradeId?: string;
  readonly time: number;
}

/**
 * One public trade. Venues may read `price`, `size` (and `time`) on access, through getters, so
 * that a trade nobody reads costs no `Decimal`: copy one with {@link plainTrade} (a bare spread
 * keeps only the plain fields); `JSON.stringify` writes all of them.
 */
export interface Trade {
  readonly productId: ProductId;
  /** The venue's id of the trade, opaque (Coinbase Exchange's number in decimal digits). */
  readonly tradeId: string;
  readonly price: Decimal;
  readonly size: Decimal;
  /** The side of the incoming (taker) order: `buy` lifted an ask. Coinbase's `side` is the maker's; venues flip it. */
  readonly takerSide: Side;
  readonly time: number;
}

/**
 * A trade as a plain object: every field its own data property, read once from `trade` (so a
 * venue's lazy price and size become Decimals here). For keeping or copying trades, and for a
 * venue's `toJSON`.
 */
export function plainTrade(trade: Trade): Trade {
  return {
    productId: trade.productId,
    tradeId: trade.tradeId,
    price: trade.price,
    size: trade.size,
    takerSide: trade.takerSide,
    time: trade.time,
  };
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
