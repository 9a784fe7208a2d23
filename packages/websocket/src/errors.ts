import { TradeloopError, type TradeloopErrorOptions } from '@tradeloop/errors';

/** Base class of every error raised by `@tradeloop/websocket`. */
export class WebSocketError extends TradeloopError {}

/**
 * A subscription names an authenticated channel (`full`, `user`, `level2`, `level3`, `balance`,
 * `rfq_matches`) but the feed has no credentials. Thrown by `subscribe` before anything is sent.
 */
export class CredentialsRequiredError extends WebSocketError {
  /** The channels that need credentials. */
  readonly channels: readonly string[];

  constructor(channels: readonly string[]) {
    super(
      'credentials_required',
      `expected credentials to subscribe to the authenticated channel${channels.length > 1 ? 's' : ''} ${channels.join(', ')}, received none; pass \`credentials\` to CoinbaseFeed (or use level2_batch, which needs none)`,
    );
    this.channels = channels;
  }
}

/**
 * A feed with credentials was given no URL and no `sandbox: true`. A key alone must not reach
 * real money by default: name the feed (`url: PRODUCTION_FEED_URL` for production).
 */
export class FeedEnvironmentRequiredError extends WebSocketError {
  constructor(received: string) {
    super(
      'environment_required',
      `expected an explicit feed when credentials are given, received ${received}; pass sandbox: true for Coinbase's public sandbox, url: PRODUCTION_FEED_URL (wss://ws-feed.exchange.coinbase.com) for production, or the simulator's wsUrl`,
    );
  }
}

/** A subscription request is not usable: unknown channel name, bad product id, empty channel list. */
export class InvalidSubscriptionError extends WebSocketError {
  constructor(message: string) {
    super('invalid_subscription', message);
  }
}

/** A frame from the server is not a JSON object with a string `type`, or a known type lacks a field. */
export class MalformedFrameError extends WebSocketError {
  /** The first characters of the frame (market data only; the feed never receives secrets). */
  readonly excerpt: string;

  constructor(message: string, excerpt: string, options?: TradeloopErrorOptions) {
    super('malformed_frame', message, options);
    this.excerpt = excerpt;
  }
}

/** A frame carries a `type` this client does not know. Coinbase says to ignore those; we report them. */
export class UnknownMessageTypeError extends WebSocketError {
  readonly messageType: string;

  constructor(messageType: string) {
    super(
      'unknown_message_type',
      `expected a known feed message type, received ${JSON.stringify(messageType.slice(0, 60))}; the message was ignored`,
    );
    this.messageType = messageType;
  }
}

/** The server sent `{"type":"error", message, reason}` (e.g. "Failed to subscribe", "Authentication Failed"). */
export class ServerErrorMessageError extends WebSocketError {
  /** The server's `message`. */
  readonly serverMessage: string;
  /** The server's `reason`, when given. */
  readonly reason: string | undefined;

  constructor(serverMessage: string, reason: string | undefined) {
    super(
      serverMessage === 'Authentication Failed' ? 'authentication_failed' : 'server_error',
      `the feed server sent an error: ${serverMessage}${reason ? ` (${reason})` : ''}`,
    );
    this.serverMessage = serverMessage;
    this.reason = reason;
  }
}

/** The server did not confirm a subscribe or unsubscribe within `subscribeTimeoutMs`. */
export class SubscribeTimeoutError extends WebSocketError {
  constructor(timeoutMs: number) {
    super(
      'subscribe_timeout',
      `expected a "subscriptions" reply within ${timeoutMs} ms of subscribing, received none; the connection will be replaced`,
    );
  }
}

/** The feed was closed with `close()`, or the connection dropped, before a request completed. */
export class FeedClosedError extends WebSocketError {
  constructor(message = 'the feed was closed before the request completed') {
    super('feed_closed', message);
  }
}

/** The connection failed or dropped; carries the close code and reason the socket reported. */
export class ConnectionError extends WebSocketError {
  readonly closeCode: number | undefined;

  constructor(message: string, closeCode?: number, options?: TradeloopErrorOptions) {
    super('connection_failed', message, options);
    this.closeCode = closeCode;
  }
}

/** A price or size string in a book message is not a plain non-negative decimal. */
export class InvalidBookValueError extends WebSocketError {
  constructor(message: string) {
    super('invalid_book_value', message);
  }
}

/** Fetching a level-3 snapshot for a book resync failed; the book stays stale and is retried. */
export class BookSnapshotError extends WebSocketError {
  readonly productId: string;

  constructor(productId: string, options?: TradeloopErrorOptions) {
    super('book_snapshot_failed', `expected a level-3 snapshot of ${productId}, the request failed`, options);
    this.productId = productId;
  }
}

/**
 * The feed was asked to keep level-3 books (`books.level3: true`) without a snapshot source to
 * build them from. Thrown by the `CoinbaseFeed` constructor.
 */
export class SnapshotSourceRequiredError extends WebSocketError {
  constructor() {
    super(
      'snapshot_source_required',
      'expected books.level3Snapshots (a function of a product id returning a level-3 snapshot, e.g. GET /products/{id}/book?level=3) to keep level-3 books, received none; pass one (@tradeloop/coinbase wires its REST client in) or leave books.level3 unset',
    );
  }
}

/** A listener threw while handling a feed event; the feed caught it and carried on. */
export class ListenerError extends WebSocketError {
  readonly event: string;

  constructor(event: string, cause: unknown) {
    super('listener_failed', `a listener of "${event}" threw; the feed caught it and kept running`, {
      cause,
    });
    this.event = event;
  }
}

/** An unexpected failure inside the feed (a bug); reported, never thrown out of a socket callback. */
export class InternalFeedError extends WebSocketError {
  constructor(cause: unknown) {
    super('internal_error', 'the feed hit an unexpected error and carried on', { cause });
  }
}

/** The error itself when it is a {@link WebSocketError}, else wrapped in {@link InternalFeedError}. */
export function asWebSocketError(error: unknown): WebSocketError {
  return WebSocketError.isInstance(error) ? error : new InternalFeedError(error);
}
