import type { WebSocketError } from '../errors.js';
import type {
  BookSyncedEvent,
  ConnectedEvent,
  DisconnectedEvent,
  ReconnectingEvent,
  StaleEvent,
} from '../feed-events.js';
import type { DerivedFill } from './fill-deriver.js';
import type {
  AdvancedTradeEnvelope,
  CandlesEvent,
  HeartbeatsEvent,
  Level2DataEvent,
  MarketTradesEvent,
  StatusEvent,
  TickerEvent,
  UserEvent,
} from './messages.js';

/** Payload of `gap-detected`: `sequence_num` jumped; the books and `user` are being resynced. */
export interface AdvancedTradeGap {
  expected: number;
  received: number;
}

/** Every event of {@link AdvancedTradeFeed}. */
export interface AdvancedTradeFeedEvents {
  /** Every parsed message, before its own event. */
  message: [message: AdvancedTradeEnvelope];
  l2_data: [event: Level2DataEvent, message: AdvancedTradeEnvelope];
  ticker: [event: TickerEvent, message: AdvancedTradeEnvelope];
  ticker_batch: [event: TickerEvent, message: AdvancedTradeEnvelope];
  market_trades: [event: MarketTradesEvent, message: AdvancedTradeEnvelope];
  candles: [event: CandlesEvent, message: AdvancedTradeEnvelope];
  status: [event: StatusEvent, message: AdvancedTradeEnvelope];
  heartbeats: [event: HeartbeatsEvent, message: AdvancedTradeEnvelope];
  user: [event: UserEvent, message: AdvancedTradeEnvelope];
  /** A fill derived from the change of an order's running totals; each fill once. */
  'fill-derived': [fill: DerivedFill];
  connected: [event: ConnectedEvent];
  disconnected: [event: DisconnectedEvent];
  reconnecting: [event: ReconnectingEvent];
  /** The subscriptions were restored after a reconnect. */
  resubscribed: [event: { channels: string[] }];
  stale: [event: StaleEvent];
  'book-synced': [event: BookSyncedEvent];
  'gap-detected': [gap: AdvancedTradeGap];
  /** A typed, non-fatal problem: malformed frame, server error message, listener exception, ... */
  error: [error: WebSocketError];
}

/** How the feed's parts emit (never throwing). */
export type AdvancedTradeEmit = <Event extends keyof AdvancedTradeFeedEvents>(
  event: Event,
  ...args: AdvancedTradeFeedEvents[Event]
) => void;
