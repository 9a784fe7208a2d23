/**
 * Every message the Coinbase Exchange feed sends, in its wire shape (snake_case fields, decimals
 * as strings, sequences and trade ids as numbers). Narrow a {@link FeedMessage} on `type`.
 */

/** `buy` = bid side, `sell` = ask side. */
export type SideWire = 'buy' | 'sell';

/** `{"type":"heartbeat"}`: one per second per product on the `heartbeat` channel. */
export interface HeartbeatMessage {
  type: 'heartbeat';
  product_id: string;
  sequence: number;
  last_trade_id: number;
  time: string;
}

/** `{"type":"status"}`: the product and currency catalogue, sent periodically. */
export interface StatusMessage {
  type: 'status';
  products: Array<Record<string, unknown> & { id: string; status: string }>;
  currencies: Array<Record<string, unknown> & { id: string }>;
}

/** `{"type":"ticker"}` from `ticker` (on every match) or `ticker_batch` (every 5 s). */
export interface TickerMessage {
  type: 'ticker';
  product_id: string;
  sequence: number;
  price: string;
  open_24h?: string;
  volume_24h?: string;
  low_24h?: string;
  high_24h?: string;
  volume_30d?: string;
  best_bid: string;
  best_bid_size?: string;
  best_ask: string;
  best_ask_size?: string;
  side?: SideWire;
  time: string;
  trade_id?: number;
  last_size?: string;
}

/** A `[price, size]` level of a level-2 snapshot. */
export type Level2Entry = [price: string, size: string];

/** `{"type":"snapshot"}` from `level2` / `level2_batch`: the whole aggregated book. */
export interface Level2SnapshotMessage {
  type: 'snapshot';
  product_id: string;
  bids: Level2Entry[];
  asks: Level2Entry[];
  time?: string;
}

/** One level change: side, price, new absolute size (`"0"` removes the level). */
export type Level2Change = [side: SideWire, price: string, size: string];

/** `{"type":"l2update"}` from `level2` / `level2_batch`. */
export interface Level2UpdateMessage {
  type: 'l2update';
  product_id: string;
  changes: Level2Change[];
  time: string;
}

/** Fields only the owner of an order sees (authenticated `full` and `user` channels). */
export interface PrivateFields {
  user_id?: string;
  profile_id?: string;
}

/** `received`: the matching engine accepted an order (no book change yet). */
export interface ReceivedMessage extends PrivateFields {
  type: 'received';
  product_id: string;
  sequence: number;
  time: string;
  order_id: string;
  side: SideWire;
  order_type: 'limit' | 'market' | 'stop';
  size?: string;
  price?: string;
  funds?: string;
  client_oid?: string;
}

/** `open`: the order's remainder now rests on the book. */
export interface OpenMessage extends PrivateFields {
  type: 'open';
  product_id: string;
  sequence: number;
  time: string;
  order_id: string;
  side: SideWire;
  price: string;
  remaining_size: string;
  client_oid?: string;
}

/** `done`: the order left the book (or never rested): filled or canceled. */
export interface DoneMessage extends PrivateFields {
  type: 'done';
  product_id: string;
  /** Absent on the private `done` of a stop order canceled before it triggered. */
  sequence?: number;
  time: string;
  order_id: string;
  side: SideWire;
  reason: 'filled' | 'canceled' | (string & {});
  price?: string;
  remaining_size?: string;
  cancel_reason?: string;
  client_oid?: string;
}

/** `match` (and `last_match`, the first message of the `matches` channel): a trade. */
export interface MatchMessage extends PrivateFields {
  type: 'match' | 'last_match';
  product_id: string;
  sequence: number;
  time: string;
  trade_id: number;
  maker_order_id: string;
  taker_order_id: string;
  /** The maker's side. */
  side: SideWire;
  price: string;
  size: string;
  taker_user_id?: string;
  taker_profile_id?: string;
  taker_fee_rate?: string;
  maker_user_id?: string;
  maker_profile_id?: string;
  maker_fee_rate?: string;
}

/** `change`: a resting order's size (STP) or price and size (modify) changed. */
export interface ChangeMessage extends PrivateFields {
  type: 'change';
  product_id: string;
  sequence: number;
  time: string;
  order_id: string;
  side: SideWire;
  reason?: 'STP' | 'modify_order' | (string & {});
  price?: string | null;
  old_size?: string;
  new_size?: string;
  old_price?: string;
  new_price?: string;
  old_funds?: string;
  new_funds?: string;
}

/** `activate`: a stop order was placed (private; carries no sequence and `timestamp`, not `time`). */
export interface ActivateMessage extends PrivateFields {
  type: 'activate';
  product_id: string;
  timestamp: string;
  order_id: string;
  stop_type: string;
  side: SideWire;
  stop_price: string;
  size?: string;
  funds?: string;
  private?: boolean;
}

/** The messages of the `full` channel (and, filtered to your orders, of `user`). */
export type FullChannelMessage =
  | ReceivedMessage
  | OpenMessage
  | DoneMessage
  | MatchMessage
  | ChangeMessage
  | ActivateMessage;

/** A channel in a `subscriptions` reply. */
export interface SubscribedChannel {
  name: string;
  product_ids: string[] | null;
  account_ids?: string[];
}

/** `{"type":"subscriptions"}`: the full current subscription set, sent after each (un)subscribe. */
export interface SubscriptionsMessage {
  type: 'subscriptions';
  channels: SubscribedChannel[];
}

/** `{"type":"error"}` from the server. Reported through the feed's `error` event. */
export interface ErrorMessage {
  type: 'error';
  message: string;
  reason?: string;
}

/** `{"type":"rfq_match"}` from `rfq_matches`. */
export interface RfqMatchMessage {
  type: 'rfq_match';
  product_id: string;
  time: string;
  trade_id?: number;
  maker_order_id: string;
  taker_order_id: string;
  side: SideWire;
  price: string;
  size: string;
}

/** `{"type":"balance"}` from `balance`. */
export interface BalanceMessage {
  type: 'balance';
  account_id: string;
  currency: string;
  holds: string;
  available: string;
  updated?: string;
  timestamp?: string;
}

/** `{"type":"auction"}` from `auctionfeed`. */
export interface AuctionMessage {
  type: 'auction';
  product_id: string;
  sequence: number;
  auction_state: string;
  best_bid_price?: string;
  best_bid_size?: string;
  best_ask_price?: string;
  best_ask_size?: string;
  open_price?: string;
  open_size?: string;
  can_open?: string;
  timestamp?: string;
}

/** Any message the feed understands. */
export type FeedMessage =
  | HeartbeatMessage
  | StatusMessage
  | TickerMessage
  | Level2SnapshotMessage
  | Level2UpdateMessage
  | FullChannelMessage
  | SubscriptionsMessage
  | ErrorMessage
  | RfqMatchMessage
  | BalanceMessage
  | AuctionMessage;

/** The `type` values of {@link FeedMessage}. */
export type FeedMessageType = FeedMessage['type'];

/** A full-channel message about one of your own orders (it carries `user_id` / `profile_id`). */
export type PrivateOrderMessage = FullChannelMessage & { user_id?: string; profile_id?: string };
