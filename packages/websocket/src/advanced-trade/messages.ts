/** The envelope of every Advanced Trade WebSocket message. */
export interface AdvancedTradeEnvelope<Event = unknown> {
  channel: string;
  client_id: string;
  timestamp: string;
  /** Per connection, +1 per message across every channel: a jump means messages were lost. */
  sequence_num: number;
  events: Event[];
}

/** An `l2_data` event: `new_quantity` is absolute, `"0"` removes the level. */
export interface Level2DataEvent {
  type: 'snapshot' | 'update';
  product_id: string;
  updates: Array<{ side: 'bid' | 'offer'; event_time: string; price_level: string; new_quantity: string }>;
}

/** A `ticker` / `ticker_batch` event. */
export interface TickerEvent {
  type: 'snapshot' | 'update';
  tickers: Array<{
    type: 'ticker';
    product_id: string;
    price: string;
    volume_24_h: string;
    low_24_h: string;
    high_24_h: string;
    low_52_w: string;
    high_52_w: string;
    price_percent_chg_24_h: string;
    best_bid: string;
    best_bid_quantity: string;
    best_ask: string;
    best_ask_quantity: string;
  }>;
}

/** A `market_trades` event. */
export interface MarketTradesEvent {
  type: 'snapshot' | 'update';
  trades: Array<{
    trade_id: string;
    product_id: string;
    price: string;
    size: string;
    side: 'BUY' | 'SELL';
    time: string;
  }>;
}

/** A `candles` event (five-minute buckets; `start` in epoch seconds). */
export interface CandlesEvent {
  type: 'snapshot' | 'update';
  candles: Array<{
    start: string;
    high: string;
    low: string;
    open: string;
    close: string;
    volume: string;
    product_id: string;
  }>;
}

/** A `status` event. */
export interface StatusEvent {
  type: 'snapshot' | 'update';
  products: Array<Record<string, unknown> & { id: string; status: string }>;
}

/** A `heartbeats` event. */
export interface HeartbeatsEvent {
  current_time: string;
  /** A number per Coinbase's AsyncAPI, a string in older docs. */
  heartbeat_counter: number | string;
}

/** One order on the `user` channel: running totals, never per-fill amounts. */
export interface UserOrder {
  order_id: string;
  client_order_id: string;
  status: string;
  product_id: string;
  order_side: 'BUY' | 'SELL';
  order_type: string;
  cumulative_quantity: string;
  leaves_quantity: string;
  avg_price: string;
  filled_value: string;
  total_fees: string;
  number_of_fills: string;
  [field: string]: unknown;
}

/** A `user` event: open orders in snapshot batches, then updates. */
export interface UserEvent {
  type: 'snapshot' | 'update';
  orders: UserOrder[];
  positions?: unknown;
}
