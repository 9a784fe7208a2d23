export type { BookDepth, BookLevel, BookStaleReason, Level3BookLevel } from './books/book-types.js';
export type { FeedBooksOptions } from './books/feed-books.js';
export { Level2Book } from './books/level2-book.js';
export {
  type Level3ApplyResult,
  Level3Book,
  type Level3Entry,
  type Level3Order,
  type Level3Snapshot,
} from './books/level3-book.js';
export {
  type Level3SnapshotSource,
  Level3Sync,
  type Level3SyncListener,
  type Level3SyncOptions,
} from './books/level3-sync.js';
export { level3SnapshotsFrom } from './books/rest-snapshots.js';
export { TickerCheck, type TopOfBook } from './books/ticker-check.js';
export {
  AUTHENTICATED_CHANNELS,
  CHANNEL_NAMES,
  type ChannelName,
  isChannelName,
  requiresAuthentication,
} from './channels.js';
export {
  asWebSocketError,
  BookSnapshotError,
  ConnectionError,
  CredentialsRequiredError,
  FeedClosedError,
  InternalFeedError,
  InvalidBookValueError,
  InvalidSubscriptionError,
  ListenerError,
  MalformedFrameError,
  ServerErrorMessageError,
  SubscribeTimeoutError,
  UnknownMessageTypeError,
  WebSocketError,
} from './errors.js';
export {
  CoinbaseFeed,
  type CoinbaseFeedOptions,
  type FeedState,
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
export { parseFeedMessage } from './parse-message.js';
export type { ReconnectOptions } from './reconnect-policy.js';
export {
  type SequenceGap,
  type SequenceProblem,
  SequenceTracker,
  type SequenceVerdict,
} from './sequence-tracker.js';
export type { ChannelInput, ChannelSpec } from './subscriptions.js';
