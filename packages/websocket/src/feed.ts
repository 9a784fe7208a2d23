import { type ExchangeCredentials, ExchangeSigner } from '@tradeloop/auth';
import { type Clock, systemClock } from '@tradeloop/clock';
import { EventEmitter } from 'eventemitter3';
import { FeedBooks, type FeedBooksOptions } from './books/feed-books.js';
import type { Level2Book } from './books/level2-book.js';
import type { Level3Book } from './books/level3-book.js';
import { connectionSettingsOf, type FeedConnectionOptions } from './connection/connection-options.js';
import { FeedConnection, type FeedState } from './connection/feed-connection.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { SequenceTracker } from './dispatch/sequence-tracker.js';
import { asWebSocketError, FeedClosedError, FeedEnvironmentRequiredError, ListenerError } from './errors.js';
import type { FeedEvents } from './feed-events.js';
import type { FeedMessage } from './messages.js';
import { SubscriptionRequests } from './subscriptions/subscription-requests.js';
import type { ChannelInput } from './subscriptions/subscriptions.js';

/** The production market-data feed. */
export const PRODUCTION_FEED_URL = 'wss://ws-feed.exchange.coinbase.com';
/** The public sandbox feed. */
export const SANDBOX_FEED_URL = 'wss://ws-feed-public.sandbox.exchange.coinbase.com';

/** Options of {@link CoinbaseFeed}. */
export interface CoinbaseFeedOptions extends FeedConnectionOptions {
  /**
   * Feed URL: `PRODUCTION_FEED_URL`, the simulator's, a proxy's; wins over `sandbox`. With
   * `credentials`, give this or `sandbox: true`: there is no default feed for a key. Without
   * credentials (public channels only) the default is `PRODUCTION_FEED_URL`.
   */
  url?: string;
  /** Use Coinbase's public sandbox feed. */
  sandbox?: boolean;
  /** An Exchange API key; needed for `full`, `user`, `level2`, `balance`, `rfq_matches`. */
  credentials?: ExchangeCredentials;
  /**
   * The feed's time: every timer (watchdog, reconnect backoff, request timeouts, pings, level-3
   * snapshot retries) and the timestamps of its signatures. Default `systemClock`; a
   * `ManualClock` drives it all from a test or a backtest, and an `ExchangeClock` carries the
   * server offset into the signatures.
   */
  clock?: Clock;
  /** Add the `heartbeat` channel for every subscribed product (gap and liveness checks). Default true. */
  heartbeat?: boolean;
  /** Order books kept by the feed; level-3 books need `books.level3Snapshots`. */
  books?: FeedBooksOptions;
  /**
   * Offer permessage-deflate. Saves bandwidth but costs far more CPU per message than the rest of
   * the pipeline (on loopback it cut throughput below a few thousand messages per second). Default false.
   */
  compression?: boolean;
}

/**
 * A Coinbase Exchange WebSocket feed that heals itself: it signs subscriptions, restores them
 * after every reconnect (exponential backoff with jitter), watches for silence (heartbeats and
 * protocol pings), tracks sequences per product, and keeps level-2 and level-3 books that say
 * when they cannot be trusted and resync themselves.
 *
 * Nothing is thrown out of a socket callback: bad frames, unknown types, server `error` messages,
 * and exceptions from your listeners arrive as typed `error` events.
 *
 * It is a façade over three parts: the connection (socket, reconnect, ping, watchdog), the
 * subscription requests, and the dispatcher (messages to books, sequence checks and events).
 *
 * @example
 * const feed = new CoinbaseFeed({ credentials, sandbox: true });
 * feed.on('book-synced', ({ productId }) => console.log(`${productId} book ready`));
 * feed.on('l2update', () => {
 *   const book = feed.level2Book('BTC-USD');
 *   if (book?.trusted) console.log(book.bestBid(), book.bestAsk());
 * });
 * await feed.connect();
 * await feed.subscribe(['level2', 'ticker'], ['BTC-USD']);
 */
export class CoinbaseFeed extends EventEmitter<FeedEvents> {
  readonly url: string;
  readonly #authenticated: boolean;
  readonly #books: FeedBooks;
  readonly #connection: FeedConnection;
  readonly #subscriptions: SubscriptionRequests;
  readonly #dispatcher: Dispatcher;

  /**
   * @throws {FeedEnvironmentRequiredError} for credentials without `url` or `sandbox: true`.
   * @throws {SnapshotSourceRequiredError} for `books.level3: true` without `books.level3Snapshots`.
   * @throws {RangeError} for a non-positive timeout or interval, or bad reconnect settings.
   */
  constructor(options: CoinbaseFeedOptions = {}) {
    super();
    this.url = chooseFeedUrl(options);
    const clock = options.clock ?? systemClock;
    const signer = options.credentials ? new ExchangeSigner(options.credentials, { clock }) : undefined;
    this.#authenticated = signer !== undefined;
    const { settings, subscribeTimeoutMs } = connectionSettingsOf(
      options,
      this.url,
      clock,
      options.compression ?? false,
    );
    const emit = this.#emit.bind(this);
    const guard = this.#guard.bind(this);
    const tracker = new SequenceTracker();
    this.#books = new FeedBooks(
      {
        emit,
        requestLevel2Snapshot: (channel, productId) =>
          this.#subscriptions.requestLevel2Snapshot(channel, productId),
      },
      clock,
      options.books,
    );
    const books = this.#books;
    this.#connection = new FeedConnection(settings, {
      emit,
      guard,
      opened: (reconnected) => {
        tracker.reset();
        this.#subscriptions.resubscribeAll(reconnected);
      },
      received: (data, isBinary) => this.#dispatcher.onFrame(data, isBinary),
      lost: (wasOpen) => {
        tracker.reset();
        this.#subscriptions.connectionLost();
        if (wasOpen) books.connectionLost();
      },
      gaveUp: (error) => this.#subscriptions.failAll(error),
    });
    this.#subscriptions = new SubscriptionRequests({
      connection: this.#connection,
      books,
      tracker,
      signer,
      autoHeartbeat: options.heartbeat ?? true,
      timeoutMs: subscribeTimeoutMs,
      clock,
      emit,
      guard,
    });
    this.#dispatcher = new Dispatcher({
      books,
      tracker,
      subscriptions: this.#subscriptions,
      emit,
      emitMessage: this.#emitMessage.bind(this),
    });
  }

  /** Where the feed is in its life. */
  get state(): FeedState {
    return this.#connection.state;
  }

  /** True when credentials were given (authenticated channels are available). */
  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** The level-2 book of a product subscribed to `level2` / `level2_batch`. Check `trusted` before use. */
  level2Book(productId: string): Level2Book | undefined {
    return this.#books.level2(productId);
  }

  /** The level-3 book of a product subscribed to `full` (with `books.level3Snapshots`). Check `trusted` before use. */
  level3Book(productId: string): Level3Book | undefined {
    return this.#books.level3(productId);
  }

  /** Messages buffered by a product's level-3 sync right now, and its resync count. */
  level3SyncStats(productId: string): { buffered: number; resyncs: number; state: string } | undefined {
    const sync = this.#books.level3Sync(productId);
    return sync ? { buffered: sync.buffered, resyncs: sync.resyncs, state: sync.state } : undefined;
  }

  /**
   * Opens the connection (and sends any subscriptions made before). Resolves once connected; if
   * the first attempt fails the feed keeps retrying and resolves on the first success.
   * @throws {FeedClosedError} (rejects) when `close()` is called first.
   */
  connect(): Promise<void> {
    return this.#connection.connect();
  }

  /**
   * Subscribes to channels for products. Channels are names (each gets `productIds`) or
   * `{ name, product_ids }`. Resolves when the server confirms (after the next connect when the
   * feed is not connected); rejects with {@link ServerErrorMessageError} when it refuses, or
   * {@link SubscribeTimeoutError}. A subscription is kept and restored after every reconnect.
   *
   * @throws {InvalidSubscriptionError} (synchronously) for an unknown channel or a bad product id.
   * @throws {CredentialsRequiredError} (synchronously) for an authenticated channel without credentials; nothing is sent.
   * @throws {FeedClosedError} (synchronously) after `close()`.
   */
  subscribe(
    channels: readonly ChannelInput[] | ChannelInput,
    productIds: readonly string[] = [],
  ): Promise<void> {
    return this.#subscriptions.subscribe(channels, productIds);
  }

  /**
   * Unsubscribes. A channel given by name without `productIds` is removed whole. Books of
   * products that no channel feeds any more are marked stale (`unsubscribed`) and dropped.
   * @throws {InvalidSubscriptionError} (synchronously) for an unknown channel or a bad product id.
   */
  unsubscribe(
    channels: readonly ChannelInput[] | ChannelInput,
    productIds: readonly string[] = [],
  ): Promise<void> {
    return this.#subscriptions.unsubscribe(channels, productIds);
  }

  /** Closes the connection for good; pending requests reject with {@link FeedClosedError}. */
  close(): Promise<void> {
    if (this.#connection.state === 'closed') return Promise.resolve();
    const closed = this.#connection.close();
    this.#books.close();
    this.#subscriptions.failAll(new FeedClosedError());
    return closed;
  }

  /** Emits without letting a listener's exception escape into a socket callback. */
  // Every feed event has one argument: passed as it is (no rest array and spread per message).
  #emit<Event extends keyof FeedEvents>(event: Event, argument: FeedEvents[Event][0]): void {
    try {
      (this.emit as (name: Event, argument: FeedEvents[Event][0]) => boolean)(event, argument);
    } catch (error) {
      this.#listenerFailed(event, error);
    }
  }

  /** A listener of `event` threw: reported as an `error` event (unless it was an `error` listener). */
  #listenerFailed(event: keyof FeedEvents, error: unknown): void {
    if (event === 'error') return; // an error listener that throws has nowhere left to report to
    try {
      this.emit('error', new ListenerError(event, error));
    } catch {
      // ditto
    }
  }

  /**
   * Every message as `message` (only when someone listens: most users listen by type) and as its
   * own type, each guarded like {@link #emit}.
   */
  #emitMessage(message: FeedMessage): void {
    if (this.listenerCount('message') !== 0) this.#emit('message', message);
    const type = message.type as Exclude<FeedMessage['type'], 'error'>;
    // #emit inlined for the message's own event, the one every market-data path takes.
    try {
      (this.emit as (name: typeof type, argument: FeedMessage) => boolean)(type, message);
    } catch (error) {
      this.#listenerFailed(type, error);
    }
  }

  #guard(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.#emit('error', asWebSocketError(error));
    }
  }
}

/** With credentials the caller names the feed; public data alone may default to production. */
function chooseFeedUrl(options: CoinbaseFeedOptions): string {
  if (options.url !== undefined) return options.url;
  if (options.sandbox === true) return SANDBOX_FEED_URL;
  if (options.credentials === undefined) return PRODUCTION_FEED_URL;
  throw new FeedEnvironmentRequiredError(`${options.sandbox === false ? 'sandbox: false and ' : ''}no url`);
}
