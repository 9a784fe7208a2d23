import type { DecimalString, IsoTimestamp, ProductIdWire, SideWire } from './common.js';

/** `online`, `offline`, `internal` or `delisted`. */
export type ProductStatusWire = 'online' | 'offline' | 'internal' | 'delisted';

/** A market, from `GET /products` and `GET /products/{product_id}`. */
export interface Product {
  id: ProductIdWire;
  base_currency: string;
  quote_currency: string;
  /** Price tick, e.g. `"0.01"`. */
  quote_increment: DecimalString;
  /** Size step, e.g. `"0.00000001"`. */
  base_increment: DecimalString;
  display_name: string;
  /** Smallest notional (price × size, or funds) an order may have. */
  min_market_funds: DecimalString;
  margin_enabled: boolean;
  post_only: boolean;
  limit_only: boolean;
  cancel_only: boolean;
  status: ProductStatusWire;
  status_message: string | null;
  trading_disabled?: boolean;
  fx_stablecoin?: boolean;
  max_slippage_percentage?: DecimalString;
  auction_mode: boolean;
  high_bid_limit_percentage?: DecimalString;
}

/** A level-1/2 book entry: `[price, size, num_orders]` (size totals the level). */
export type AggregatedBookEntry = [price: DecimalString, size: DecimalString, numOrders: number];

/** A level-3 book entry: `[price, size, order_id]`. */
export type OrderBookEntry = [price: DecimalString, size: DecimalString, orderId: string];

/** Auction details while a product is in auction mode. */
export interface BookAuction {
  open_price: DecimalString;
  open_size: DecimalString;
  best_bid_price: DecimalString;
  best_bid_size: DecimalString;
  best_ask_price: DecimalString;
  best_ask_size: DecimalString;
  auction_state: string;
  can_open?: string;
  time: IsoTimestamp;
}

/** `GET /products/{product_id}/book?level=...`: level 1 (best), 2 (aggregated) or 3 (every order). */
export interface ProductBook<Entry = AggregatedBookEntry> {
  bids: Entry[];
  asks: Entry[];
  /** Compare with the WebSocket feed's `sequence` to splice updates onto this snapshot. */
  sequence: number;
  time?: IsoTimestamp;
  auction_mode?: boolean;
  auction?: BookAuction | null;
}

/** The book for level 1 or 2 (`[price, size, num_orders]`), or level 3 (`[price, size, order_id]`). */
export type ProductBookAtLevel<Level extends 1 | 2 | 3> = Level extends 3
  ? ProductBook<OrderBookEntry>
  : ProductBook<AggregatedBookEntry>;

/** `GET /products/{product_id}/ticker`. */
export interface ProductTicker {
  trade_id: number;
  price: DecimalString;
  size: DecimalString;
  time: IsoTimestamp;
  bid: DecimalString;
  ask: DecimalString;
  volume: DecimalString;
  rfq_volume?: DecimalString;
  conversions_volume?: DecimalString;
}

/** A public trade from `GET /products/{product_id}/trades`, newest first. */
export interface ProductTrade {
  time: IsoTimestamp;
  trade_id: number;
  price: DecimalString;
  size: DecimalString;
  /** The **maker's** side, as Coinbase publishes it (the taker did the opposite). */
  side: SideWire;
}

/** Candle widths Coinbase serves, in seconds. */
export type CandleGranularity = 60 | 300 | 900 | 3600 | 21600 | 86400;

/**
 * One candle. Coinbase sends `[time, low, high, open, close, volume]` as JSON numbers; the client
 * reads the digits as text, so the prices and volume here are exactly what was sent.
 */
export interface CandleWire {
  /** Bucket start, seconds since the epoch. */
  time: number;
  low: DecimalString;
  high: DecimalString;
  open: DecimalString;
  close: DecimalString;
  volume: DecimalString;
}

/** Arguments of `getProductCandles`. */
export interface CandleRequest {
  granularity: CandleGranularity;
  /** Range start (ISO-8601 string or Date). Longer ranges than 300 buckets are split transparently. */
  start?: IsoTimestamp | Date;
  /** Range end; defaults to now when only `start` is given. */
  end?: IsoTimestamp | Date;
}

/** `GET /products/{product_id}/stats`: the last 24 hours. */
export interface ProductStats {
  open: DecimalString;
  high: DecimalString;
  low: DecimalString;
  last: DecimalString;
  volume: DecimalString;
  volume_30day?: DecimalString;
  rfq_volume_24hour?: DecimalString;
  rfq_volume_30day?: DecimalString;
  conversions_volume_24hour?: DecimalString;
  conversions_volume_30day?: DecimalString;
}
