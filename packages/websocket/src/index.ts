export {
  ADVANCED_TRADE_FEED_URL,
  ADVANCED_TRADE_USER_FEED_URL,
  AdvancedTradeFeed,
  type AdvancedTradeFeedOptions,
} from './advanced-trade/advanced-trade-feed.js';
export {
  ADVANCED_TRADE_CHANNELS,
  type AdvancedTradeChannel,
  type AdvancedTradeChannelName,
  isAdvancedTradeChannelName,
} from './advanced-trade/channels/index.js';
export type { AdvancedTradeFeedEvents, AdvancedTradeGap } from './advanced-trade/feed-events.js';
export type { DerivedFill } from './advanced-trade/fill-deriver.js';
export { applyLevel2Data } from './advanced-trade/level2-data.js';
export type * as AdvancedTradeMessages from './advanced-trade/messages.js';
export {
  type AdvancedTradeErrorMessage,
  type AdvancedTradeMessage,
  parseAdvancedTradeMessage,
} from './advanced-trade/parse-message.js';
export type { BookDepth, BookLevelWire, BookStaleReason, Level3BookLevel } from './books/book-types.js';
export type { FeedBooksOptions } from './books/feed-books.js';
export { Level2Book } from './books/level2-book.js';
export {
  type Level3ApplyResult,
  Level3Book,
  type Level3Entry,
  type Level3Order,
  type Level3Snapshot,
} from './books/level3-book.js';
export type { Level3SnapshotSource } from './books/level3-sync.js';
export {
  AUTHENTICATED_CHANNELS,
  CHANNEL_NAMES,
  type ChannelName,
  isChannelName,
  requiresAuthentication,
} from './channels/index.js';
export type { FeedConnectionOptions } from './connection/connection-options.js';
export type { FeedState } from './connection/feed-connection.js';
export type { ReconnectOptions } from './connection/reconnect-policy.js';
export { parseFeedMessage } from './dispatch/parse-message.js';
export type { SequenceGap, SequenceProblem } from './dispatch/sequence-tracker.js';
export {
  BookSnapshotError,
  ConnectionError,
  CredentialsRequiredError,
  FeedClosedError,
  FeedEnvironmentRequiredError,
  InternalFeedError,
  InvalidBookValueError,
  InvalidSubscriptionError,
  ListenerError,
  MalformedFrameError,
  ServerErrorMessageError,
  SnapshotSourceRequiredError,
  SubscribeTimeoutError,
  UnknownMessageTypeError,
  WebSocketError,
} from './errors.js';
export {
  CoinbaseFeed,
  type CoinbaseFeedOptions,
  PRODUCTION_FEED_URL,
  SANDBOX_FEED_URL,
} from './feed.js';
export type {
  BookKind,
  BookSyncedEvent,
  ConnectedEvent,
  DisconnectedEvent,
  DisconnectReason,
  FeedEvents,
  ReconnectingEvent,
  ResubscribedEvent,
  StaleEvent,
} from './feed-events.js';
export type * from './messages.js';
export type { ChannelInput, ChannelSpec } from './subscriptions/subscriptions.js';
