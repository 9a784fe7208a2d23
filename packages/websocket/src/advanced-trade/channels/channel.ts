/** One Advanced Trade WebSocket channel, as the feed subscribes to it and reads it. */
export interface AdvancedTradeChannel {
  /** The name sent in `subscribe` (`level2`). */
  readonly name: AdvancedTradeChannelName;
  /** The `channel` its messages carry (`l2_data` for `level2`). */
  readonly wire: string;
  /** Needs a JWT in its subscribe (the feed needs credentials). */
  readonly requiresAuth: boolean;
  /** Needs `product_ids` (all but `heartbeats`, `status` and `user`). */
  readonly needsProducts: boolean;
}

/** Channel names the feed subscribes to. */
export type AdvancedTradeChannelName =
  | 'heartbeats'
  | 'level2'
  | 'ticker'
  | 'ticker_batch'
  | 'market_trades'
  | 'candles'
  | 'status'
  | 'user';
