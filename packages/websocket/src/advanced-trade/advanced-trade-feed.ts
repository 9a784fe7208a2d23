import { type CdpCredentials, CdpJwtSigner } from '@tradeloop/auth';
import { type Clock, systemClock } from '@tradeloop/clock';
import { EventEmitter } from 'eventemitter3';
import type { Level2Book } from '../books/level2-book.js';
import { connectionSettingsOf, type FeedConnectionOptions } from '../connection/connection-options.js';
import { FeedConnection, type FeedState } from '../connection/feed-connection.js';
import { asWebSocketError, FeedClosedError, FeedEnvironmentRequiredError, ListenerError } from '../errors.js';
import type { FeedEmit } from '../feed-events.js';
import type { AdvancedTradeChannelName } from './channels/index.js';
import { AdvancedTradeDispatcher } from './dispatcher.js';
import type { AdvancedTradeFeedEvents } from './feed-events.js';
import { FillDeriver } from './fill-deriver.js';
import { AdvancedTradeRequests } from './subscription-requests.js';

/** Advanced Trade's market-data WebSocket. */
export const ADVANCED_TRADE_FEED_URL = 'wss://advanced-trade-ws.coinbase.com';
/** Advanced Trade's user-order WebSocket (`user`, `heartbeats`). */
export const ADVANCED_TRADE_USER_FEED_URL = 'wss://advanced-trade-ws-user.coinbase.com';

/** Options of {@link AdvancedTradeFeed}. */
export interface AdvancedTradeFeedOptions extends FeedConnectionOptions {
  /**
   * The WebSocket URL. With `credentials` it is required (there is no default host for a key:
   * Advanced Trade has no sandbox, so a default would be real money). Without credentials the
   * default is {@link ADVANCED_TRADE_FEED_URL}.
   */
  url?: string;
  /** A CDP key; each (re)subscribe carries a fresh JWT. Needed for `user`. */
  credentials?: CdpCredentials;
  /** Every timer and the JWTs' `nbf`. Default `systemClock`. */
  clock?: Clock;
  /** Keep `heartbeats` subscribed with the first channel (quiet channels close after 60–90 s). Default true. */
  heartbeats?: boolean;
}

/**
 * A Coinbase Advanced Trade WebSocket feed that heals itself, on the same connection lifecycle as
 * `CoinbaseFeed` (reconnect with backoff, watchdog, pings, one clock). One channel per subscribe
 * message, each with a fresh JWT; `heartbeats` kept subscribed; `l2_data` into level-2 books
 * checked against the per-connection `sequence_num` (a gap marks them stale and resubscribes);
 * `user` turned into `fill-derived` events, each fill once, never from a first snapshot.
 *
 * @example
 * const feed = new AdvancedTradeFeed({ url: ADVANCED_TRADE_USER_FEED_URL, credentials });
 * feed.on('fill-derived', (fill) => console.log(fill.orderId, fill.size, fill.price, fill.fee));
 * await feed.connect();
 * await feed.subscribe('user');
 */
export class AdvancedTradeFeed extends EventEmitter<AdvancedTradeFeedEvents> {
  readonly url: string;
  readonly #connection: FeedConnection;
  readonly #requests: AdvancedTradeRequests;
  readonly #dispatcher: AdvancedTradeDispatcher;

  /**
   * @throws {FeedEnvironmentRequiredError} for credentials without `url`.
   * @throws {RangeError} for a non-positive timeout or bad reconnect settings.
   */
  constructor(options: AdvancedTradeFeedOptions = {}) {
    super();
    if (options.credentials !== undefined && options.url === undefined)
      throw new FeedEnvironmentRequiredError('no url');
    this.url = options.url ?? ADVANCED_TRADE_FEED_URL;
    const clock = options.clock ?? systemClock;
    const signer = options.credentials ? new CdpJwtSigner(options.credentials, { clock }) : undefined;
    const { settings, subscribeTimeoutMs } = connectionSettingsOf(options, this.url, clock, false);
    const emit = this.#emit.bind(this);
    this.#dispatcher = new AdvancedTradeDispatcher(emit, () => this.#requests, new FillDeriver());
    this.#connection = new FeedConnection(settings, {
      // The connection emits only the lifecycle events both feeds share.
      emit: emit as unknown as FeedEmit,
      guard: (task) => this.#guard(task),
      opened: (reconnected) => {
        this.#dispatcher.connectionChanged();
        this.#requests.resubscribeAll(reconnected);
      },
      received: (data) => this.#dispatcher.onFrame(data),
      lost: (wasOpen) => {
        this.#dispatcher.connectionChanged();
        this.#requests.connectionLost();
        if (wasOpen) this.#dispatcher.connectionLost();
      },
      gaveUp: (error) => this.#requests.failAll(error),
    });
    this.#requests = new AdvancedTradeRequests({
      connection: this.#connection,
      signer,
      clock,
      timeoutMs: subscribeTimeoutMs,
      autoHeartbeats: options.heartbeats ?? true,
      emit,
      resubscribing: (channel, productIds) => {
        if (channel === 'level2') this.#dispatcher.awaitSnapshots(productIds, 'awaiting-snapshot');
      },
    });
  }

  get state(): FeedState {
    return this.#connection.state;
  }

  /** The level-2 book of a product subscribed to `level2`. Check `trusted` before use. */
  level2Book(productId: string): Level2Book | undefined {
    return this.#dispatcher.books.get(productId);
  }

  /** Opens the connection (and sends subscriptions made before). @throws {FeedClosedError} after `close()`. */
  connect(): Promise<void> {
    return this.#connection.connect();
  }

  /**
   * Subscribes to one channel (one subscribe message, with a fresh JWT when the feed has
   * credentials); kept and restored after every reconnect. Resolves on the server's
   * `subscriptions` reply; rejects with {@link ServerErrorMessageError} (e.g. "authentication failure").
   * While the feed is not connected it resolves at once: the subscription is kept and sent (and
   * its refusal reported as an `error` event) when the socket opens.
   * @throws {InvalidSubscriptionError} / {CredentialsRequiredError} synchronously; nothing is sent.
   */
  subscribe(channel: AdvancedTradeChannelName, productIds: readonly string[] = []): Promise<void> {
    return this.#requests.subscribe(channel, productIds);
  }

  /** Unsubscribes a channel (for the products given, or whole). */
  unsubscribe(channel: AdvancedTradeChannelName, productIds: readonly string[] = []): Promise<void> {
    return this.#requests.unsubscribe(channel, productIds);
  }

  /** Closes for good; pending requests reject with {@link FeedClosedError}. */
  close(): Promise<void> {
    if (this.#connection.state === 'closed') return Promise.resolve();
    const closed = this.#connection.close();
    this.#requests.failAll(new FeedClosedError());
    return closed;
  }

  #emit<Event extends keyof AdvancedTradeFeedEvents>(
    event: Event,
    ...args: AdvancedTradeFeedEvents[Event]
  ): void {
    try {
      (this.emit as (name: Event, ...rest: AdvancedTradeFeedEvents[Event]) => boolean)(event, ...args);
    } catch (error) {
      if (event === 'error') return;
      try {
        this.emit('error', new ListenerError(event, error));
      } catch {
        // an error listener that throws has nowhere left to report to
      }
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
