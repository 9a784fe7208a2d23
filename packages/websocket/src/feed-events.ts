import type { BookStaleReason } from './books/book-types.js';
import type { SequenceGap } from './dispatch/sequence-tracker.js';
import type { WebSocketError } from './errors.js';
import type { ErrorMessage, FeedMessage, PrivateOrderMessage, SubscribedChannel } from './messages.js';

/** Why the connection ended. */
export type DisconnectReason =
  /** The server closed the connection (with a close frame). */
  | 'server-closed'
  /** The connection broke or could not be opened (no close frame; 1006). */
  | 'connection-lost'
  /** Nothing was heard for `watchdogTimeoutMs`; the feed dropped the connection. */
  | 'watchdog-timeout'
  /** A subscribe was not answered in time; the feed dropped the connection. */
  | 'subscribe-timeout'
  /** `close()` was called. */
  | 'closed';

/** Payload of `connected`. */
export interface ConnectedEvent {
  url: string;
  /** True when this connection replaces a lost one. */
  reconnected: boolean;
}

/** Payload of `disconnected`. */
export interface DisconnectedEvent {
  reason: DisconnectReason;
  /** The WebSocket close code, when there was one. */
  code: number | undefined;
  /** The close reason text or the socket error message. */
  detail: string;
  /** False only after `close()` (or with `reconnect: false`). */
  willReconnect: boolean;
}

/** Payload of `reconnecting`. */
export interface ReconnectingEvent {
  /** 1 for the first retry after a loss. */
  attempt: number;
  delayMs: number;
}

/** Payload of `resubscribed`: the server's subscription set after a reconnect. */
export interface ResubscribedEvent {
  channels: SubscribedChannel[];
}

/** A book of one product. */
export type BookKind = 'level2' | 'level3';

/**
 * Payload of `stale`: something can no longer be trusted.
 * - `kind: 'feed'`: nothing arrived for `silentForMs`; the connection is being replaced.
 * - `kind: 'book'`: a book is untrusted (see {@link BookStaleReason}) and is being resynced; it
 *   emits `book-synced` when it can be trusted again.
 */
export type StaleEvent =
  | { kind: 'feed'; silentForMs: number }
  | { kind: 'book'; book: BookKind; productId: string; reason: BookStaleReason };

/** Payload of `book-synced`: a book was (re)built from a snapshot and is trusted. */
export interface BookSyncedEvent {
  book: BookKind;
  productId: string;
  /** The sequence a level-3 book reflects (level-2 snapshots carry none). */
  sequence: number | undefined;
}

/** One event per message type, named after the wire `type`, except `error` (see {@link FeedEvents}). */
type MessageEvents = {
  [Message in Exclude<FeedMessage, ErrorMessage> as Message['type']]: [message: Message];
};

/**
 * Every event of {@link CoinbaseFeed}, with its arguments. Besides these, each message type has
 * its own event named after the wire `type` (`ticker`, `l2update`, `match`, ...), except server
 * `error` messages, which arrive on `error` as {@link ServerErrorMessageError}.
 */
export interface FeedEvents extends MessageEvents {
  /** Every parsed message, before its own event. */
  message: [message: FeedMessage];
  /** A message about one of your own orders (`user` channel, or your orders on `full`). */
  'order-updated': [message: PrivateOrderMessage];
  connected: [event: ConnectedEvent];
  disconnected: [event: DisconnectedEvent];
  reconnecting: [event: ReconnectingEvent];
  resubscribed: [event: ResubscribedEvent];
  stale: [event: StaleEvent];
  'book-synced': [event: BookSyncedEvent];
  'gap-detected': [gap: SequenceGap];
  /** A typed, non-fatal problem: malformed frame, unknown type, server error message, ... */
  error: [error: WebSocketError];
}

/** How the feed's parts emit: never throwing (a listener's exception becomes an `error` event). */
export type FeedEmit = <Event extends keyof FeedEvents>(event: Event, argument: FeedEvents[Event][0]) => void;
