import { type ExchangeCredentials, ExchangeSigner } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import { CoinbaseExchangeClient, PRODUCTION_URL, SANDBOX_URL } from '@tradeloop/rest';
import { EventEmitter } from 'eventemitter3';
import WebSocket from 'ws';
import { FeedBooks, type FeedBooksOptions } from './books/feed-books.js';
import type { Level2Book } from './books/level2-book.js';
import type { Level3Book, Level3Snapshot } from './books/level3-book.js';
import type { Level3SnapshotSource } from './books/level3-sync.js';
import { level3SnapshotsFrom } from './books/rest-snapshots.js';
import { requiresAuthentication } from './channels.js';
import {
  asWebSocketError,
  ConnectionError,
  CredentialsRequiredError,
  FeedClosedError,
  ListenerError,
  MalformedFrameError,
  ServerErrorMessageError,
  SubscribeTimeoutError,
} from './errors.js';
import type { DisconnectReason, FeedEvents } from './feed-events.js';
import type { ErrorMessage, FeedMessage, FullChannelMessage, SubscriptionsMessage } from './messages.js';
import { parseFeedMessage } from './parse-message.js';
import { type ReconnectOptions, reconnectDelay, reconnectPolicy } from './reconnect-policy.js';
import { RequestQueue, type SentRequest } from './request-queue.js';
import { SequenceTracker } from './sequence-tracker.js';
import {
  type ChannelInput,
  type ChannelSelection,
  SubscriptionState,
  selectChannels,
  toWireChannels,
} from './subscriptions.js';
import { Watchdog } from './watchdog.js';

/** The production market-data feed. */
export const PRODUCTION_FEED_URL = 'wss://ws-feed.exchange.coinbase.com';
/** The public sandbox feed. */
export const SANDBOX_FEED_URL = 'wss://ws-feed-public.sandbox.exchange.coinbase.com';

/** Options of {@link CoinbaseFeed}. */
export interface CoinbaseFeedOptions {
  /** Feed URL; default production, or the sandbox with `sandbox: true`. */
  url?: string;
  sandbox?: boolean;
  /** An Exchange API key; needed for `full`, `user`, `level2`, `balance`, `rfq_matches`. */
  credentials?: ExchangeCredentials;
  /** Time for subscription signatures (an `ExchangeClock` carries the server offset). */
  clock?: Clock;
  /** Drop and replace the connection when nothing (message or pong) arrives for this long. Default 15 000 ms. */
  watchdogTimeoutMs?: number;
  /** Interval of WebSocket protocol pings. Default a third of `watchdogTimeoutMs`. */
  pingIntervalMs?: number;
  /** Reconnect backoff, or `false` to stay down after a loss. */
  reconnect?: ReconnectOptions | false;
  /** Time the server has to answer a subscribe or unsubscribe. Default 10 000 ms. */
  subscribeTimeoutMs?: number;
  /** Add the `heartbeat` channel for every subscribed product (gap and liveness checks). Default true. */
  heartbeat?: boolean;
  /** Order books kept by the feed. */
  books?: FeedBooksOptions;
  /**
   * REST origin for level-3 snapshots when `books.level3Snapshots` is not given. Default: the
   * production or sandbox REST API matching the feed; for another feed URL, the same host over
   * http(s) (as the simulator serves both on one port).
   */
  restUrl?: string;
  /**
   * Offer permessage-deflate. Saves bandwidth but costs far more CPU per message than the rest of
   * the pipeline (on loopback it cut throughput below a few thousand messages per second). Default false.
   */
  compression?: boolean;
}

/** Where the feed is in its life. */
export type FeedState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

const FULL_TYPES: ReadonlySet<string> = new Set(['received', 'open', 'done', 'match', 'change']);
const REQUEST_ERRORS = ['Failed to subscribe', 'Failed to unsubscribe', 'Authentication Failed'];

/**
 * A Coinbase Exchange WebSocket feed that heals itself: it signs subscriptions, restores them
 * after every reconnect (exponential backoff with jitter), watches for silence (heartbeats and
 * protocol pings), tracks sequences per product, and keeps level-2 and level-3 books that say
 * when they cannot be trusted and resync themselves.
 *
 * Nothing is thrown out of a socket callback: bad frames, unknown types, server `error` messages,
 * and exceptions from your listeners arrive as typed `error` events.
 *
 * @example
 * const feed = new CoinbaseFeed({ credentials });
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
  readonly #signer: ExchangeSigner | undefined;
  readonly #watchdogTimeoutMs: number;
  readonly #pingIntervalMs: number;
  readonly #reconnect: ReturnType<typeof reconnectPolicy> | undefined;
  readonly #subscribeTimeoutMs: number;
  readonly #autoHeartbeat: boolean;
  readonly #compression: boolean;
  readonly #wanted = new SubscriptionState();
  /** Products with an automatic heartbeat subscription. */
  readonly #heartbeatProducts = new Set<string>();
  readonly #tracker = new SequenceTracker();
  readonly #books: FeedBooks;
  readonly #watchdog: Watchdog;
  /** The REST client behind the default level-3 snapshot source, created on first use. */
  #restClient: CoinbaseExchangeClient | undefined;

  #state: FeedState = 'idle';
  #socket: WebSocket | undefined;
  /** True once the current socket opened. */
  #socketOpened = false;
  #everConnected = false;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  /** Why the feed itself is dropping the current socket, if it is. */
  #dropReason: DisconnectReason | undefined;
  readonly #requests: RequestQueue;
  #connectWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #closeWaiters: Array<() => void> = [];

  constructor(options: CoinbaseFeedOptions = {}) {
    super();
    this.url = options.url ?? (options.sandbox ? SANDBOX_FEED_URL : PRODUCTION_FEED_URL);
    this.#signer = options.credentials
      ? new ExchangeSigner(options.credentials, options.clock ? { clock: options.clock } : {})
      : undefined;
    this.#watchdogTimeoutMs = positive(options.watchdogTimeoutMs ?? 15_000, 'watchdogTimeoutMs');
    this.#pingIntervalMs = positive(
      options.pingIntervalMs ?? Math.max(1, Math.floor(this.#watchdogTimeoutMs / 3)),
      'pingIntervalMs',
    );
    this.#reconnect = options.reconnect === false ? undefined : reconnectPolicy(options.reconnect);
    this.#subscribeTimeoutMs = positive(options.subscribeTimeoutMs ?? 10_000, 'subscribeTimeoutMs');
    this.#requests = new RequestQueue(this.#subscribeTimeoutMs, (request) =>
      this.#guard(() => this.#onRequestTimeout(request)),
    );
    this.#autoHeartbeat = options.heartbeat ?? true;
    this.#compression = options.compression ?? false;
    const restUrl = options.restUrl ?? restUrlFor(this.url);
    const level3Snapshots: Level3SnapshotSource | undefined =
      options.books?.level3Snapshots ??
      (options.books?.level3 === false ? undefined : (productId) => this.#restSnapshot(restUrl, productId));
    this.#books = new FeedBooks(
      {
        emit: (event, ...args) => this.#emit(event, ...args),
        requestLevel2Snapshot: (channel, productId) => this.#requestLevel2Snapshot(channel, productId),
      },
      { ...options.books, ...(level3Snapshots ? { level3Snapshots } : {}) },
    );
    this.#watchdog = new Watchdog(
      this.#watchdogTimeoutMs,
      () => performance.now(),
      (silentForMs) => {
        this.#emit('stale', { kind: 'feed', silentForMs });
        this.#drop('watchdog-timeout');
      },
    );
  }

  /** Where the feed is in its life. */
  get state(): FeedState {
    return this.#state;
  }

  /** True when credentials were given (authenticated channels are available). */
  get authenticated(): boolean {
    return this.#signer !== undefined;
  }

  /** The level-2 book of a product subscribed to `level2` / `level2_batch`. Check `trusted` before use. */
  level2Book(productId: string): Level2Book | undefined {
    return this.#books.level2(productId);
  }

  /** The level-3 book of a product subscribed to `full` (unless `books.level3` is false). Check `trusted` before use. */
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
    if (this.#state === 'closed') return Promise.reject(new FeedClosedError('the feed was closed'));
    if (this.#state === 'open') return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (this.#state === 'idle') this.#open();
    return waiting;
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
    const selections = selectChannels(channels, productIds, 'subscribe');
    if (!this.#signer) {
      const needAuth = selections.map((item) => item.name).filter(requiresAuthentication);
      if (needAuth.length > 0) throw new CredentialsRequiredError(needAuth);
    }
    if (this.#state === 'closed') throw new FeedClosedError('the feed was closed; create a new one');
    const added = this.#wanted.add(selections);
    const heartbeat = this.#heartbeatSelection();
    for (const { name, ids } of selections) {
      if (name === 'level2' || name === 'level2_batch')
        for (const id of ids) this.#books.watchLevel2(name, id);
      if (name === 'full') for (const id of ids) this.#books.watchLevel3(id);
    }
    const fullProducts = selections.find((item) => item.name === 'full')?.ids ?? [];
    const toSend =
      heartbeat.added.length > 0 ? [...selections, { name: 'heartbeat', ids: heartbeat.added }] : selections;
    return this.#request('subscribe', toSend, added, () => this.#books.level3Subscribed(fullProducts));
  }

  /**
   * Unsubscribes. A channel given by name without `productIds` is removed whole. Books of
   * products that leave `level2`/`full` are marked stale (`unsubscribed`) and dropped.
   * @throws {InvalidSubscriptionError} (synchronously) for an unknown channel or a bad product id.
   */
  unsubscribe(
    channels: readonly ChannelInput[] | ChannelInput,
    productIds: readonly string[] = [],
  ): Promise<void> {
    const selections = selectChannels(channels, productIds, 'unsubscribe');
    if (this.#state === 'closed') throw new FeedClosedError('the feed was closed; create a new one');
    // A channel named without products leaves whole: its books go with all of its products.
    const affected = selections.map(({ name, ids }) => ({
      name,
      ids: ids.length > 0 ? ids : this.#wanted.ids(name),
    }));
    this.#wanted.remove(selections);
    for (const { name, ids } of affected) {
      for (const id of ids) {
        if (name === 'full' && !this.#wanted.has('full', id)) {
          this.#books.unwatchLevel3(id);
          this.#tracker.reset(id);
        }
        if (
          (name === 'level2' || name === 'level2_batch') &&
          !this.#wanted.has('level2', id) &&
          !this.#wanted.has('level2_batch', id)
        ) {
          this.#books.unwatchLevel2(id);
        }
      }
    }
    const heartbeat = this.#heartbeatSelection();
    const toSend =
      heartbeat.removed.length > 0
        ? [...selections, { name: 'heartbeat', ids: heartbeat.removed }]
        : selections;
    return this.#request('unsubscribe', toSend);
  }

  /** Closes the connection for good; pending requests reject with {@link FeedClosedError}. */
  close(): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    this.#state = 'closed';
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#stopTimers();
    this.#books.close();
    this.#restClient?.close();
    const closed = new FeedClosedError();
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(closed);
    this.#requests.failAll(closed);
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) {
      this.#socket = undefined;
      return Promise.resolve();
    }
    this.#dropReason = 'closed';
    const done = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    try {
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'client closed');
    } catch {
      socket.terminate();
    }
    // A server that never answers the close handshake must not hold `close()` forever.
    const forceTimer = setTimeout(() => socket.terminate(), 2_000);
    forceTimer.unref();
    return done;
  }

  #restSnapshot(restUrl: string, productId: string): Promise<Level3Snapshot> {
    this.#restClient ??= new CoinbaseExchangeClient({ baseUrl: restUrl });
    return level3SnapshotsFrom(this.#restClient)(productId);
  }

  // ------------------------------------------------------------------ connection

  #open(): void {
    this.#state = this.#everConnected ? 'reconnecting' : 'connecting';
    this.#dropReason = undefined;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url, {
        handshakeTimeout: this.#subscribeTimeoutMs,
        perMessageDeflate: this.#compression,
      });
    } catch (error) {
      this.#emit(
        'error',
        new ConnectionError(`expected a ws:// or wss:// URL, received ${this.url}`, undefined, {
          cause: error,
        }),
      );
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    this.#socketOpened = false;
    socket.on('open', () => this.#guard(() => this.#onOpen(socket)));
    socket.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    socket.on('pong', () => this.#watchdog.feed());
    socket.on('error', (error) => this.#guard(() => this.#onSocketError(socket, error)));
    socket.on('close', (code, reason) => this.#guard(() => this.#onClose(socket, code, reason.toString())));
  }

  #onOpen(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#state = 'open';
    this.#socketOpened = true;
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#tracker.reset();
    this.#watchdog.start();
    this.#pingTimer = setInterval(() => {
      try {
        if (socket.readyState === WebSocket.OPEN) socket.ping();
      } catch {
        // A ping on a dying socket fails; the close event reports it.
      }
    }, this.#pingIntervalMs);
    this.#pingTimer.unref();
    this.#emit('connected', { url: this.url, reconnected });
    for (const waiter of this.#connectWaiters.splice(0)) waiter.resolve();
    this.#resubscribeAll(reconnected);
  }

  #resubscribeAll(reconnected: boolean): void {
    const waiters = this.#requests.takeWaiting();
    if (this.#wanted.isEmpty) {
      this.#attempt = 0;
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    const selections = this.#wanted.selections();
    const heartbeat = [...this.#heartbeatProducts];
    const all = heartbeat.length > 0 ? [...selections, { name: 'heartbeat', ids: heartbeat }] : selections;
    this.#send('subscribe', all, {
      kind: 'subscribe',
      settle: {
        resolve: () => {
          for (const waiter of waiters) waiter.resolve();
        },
        reject: (error) => {
          for (const waiter of waiters) waiter.reject(error);
        },
      },
      confirmed: (reply) => {
        this.#attempt = 0;
        this.#books.level3Subscribed(this.#wanted.ids('full'));
        if (reconnected) this.#emit('resubscribed', { channels: reply.channels });
      },
    });
  }

  #onSocketError(socket: WebSocket, error: Error): void {
    // After close() the socket is being torn down on purpose; its complaints are not news.
    if (socket !== this.#socket || this.#state === 'closed') return;
    // The close event follows and drives the reconnect; report the cause here.
    this.#emit(
      'error',
      new ConnectionError(`the feed connection failed: ${error.message}`, undefined, { cause: error }),
    );
  }

  #onClose(socket: WebSocket, code: number, detail: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#stopTimers();
    const reason: DisconnectReason =
      this.#dropReason ?? (code === 1006 ? 'connection-lost' : 'server-closed');
    this.#dropReason = undefined;
    const wasOpen = this.#socketOpened;
    this.#socketOpened = false;
    if (this.#state === 'closed') {
      this.#emit('disconnected', { reason: 'closed', code, detail, willReconnect: false });
      for (const resolve of this.#closeWaiters.splice(0)) resolve();
      return;
    }
    this.#tracker.reset();
    this.#requests.connectionLost();
    const willReconnect = this.#reconnect !== undefined;
    if (wasOpen) {
      this.#books.connectionLost();
      this.#emit('disconnected', { reason, code, detail, willReconnect });
    }
    if (willReconnect) this.#scheduleReconnect();
    else {
      this.#state = 'closed';
      const error = new FeedClosedError('the connection was lost and reconnect is off');
      for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
      this.#requests.failAll(error);
    }
  }

  #scheduleReconnect(): void {
    const policy = this.#reconnect;
    if (!policy || this.#state === 'closed') return;
    this.#state = 'reconnecting';
    this.#attempt += 1;
    const delayMs = reconnectDelay(this.#attempt, policy);
    this.#emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state !== 'closed') this.#guard(() => this.#open());
    }, delayMs);
  }

  /** Drops the current socket on purpose; the close event reconnects. */
  #drop(reason: DisconnectReason): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#dropReason = reason;
    this.#watchdog.stop();
    socket.terminate();
  }

  #stopTimers(): void {
    this.#watchdog.stop();
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#pingTimer = undefined;
  }

  // ------------------------------------------------------------------ requests

  #request(
    kind: 'subscribe' | 'unsubscribe',
    selections: ChannelSelection[],
    added?: ChannelSelection[],
    confirmed?: () => void,
  ): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      const settle = { resolve, reject };
      if (this.#state !== 'open') {
        // Sent with the (re)subscription when the connection opens. An unsubscribe needs no sending.
        if (kind === 'subscribe') this.#requests.waitForConnection(settle);
        else resolve();
        return;
      }
      this.#send(kind, selections, {
        kind,
        settle,
        ...(added ? { added } : {}),
        ...(confirmed ? { confirmed: () => confirmed() } : {}),
      });
    });
    // The caller may not await; a refusal is also reported on `error`, so never let it go unhandled.
    promise.catch(() => undefined);
    return promise;
  }

  #send(type: 'subscribe' | 'unsubscribe', selections: ChannelSelection[], request: SentRequest): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const message: Record<string, unknown> = { type, channels: toWireChannels(selections) };
    if (this.#signer) Object.assign(message, this.#signer.signWebSocket());
    this.#requests.sent(request);
    socket.send(JSON.stringify(message), (error) => {
      if (error)
        this.#emit(
          'error',
          new ConnectionError(`sending a ${type} failed: ${error.message}`, undefined, { cause: error }),
        );
    });
  }

  #onRequestTimeout(request: SentRequest): void {
    const error = new SubscribeTimeoutError(this.#subscribeTimeoutMs);
    this.#emit('error', error);
    if (request.kind === 'subscribe' && request.settle) this.#requests.waitForConnection(request.settle);
    // Replies are matched to requests in order; after a lost reply that order is unknown. Start over.
    this.#drop('subscribe-timeout');
  }

  #onSubscriptions(message: SubscriptionsMessage): void {
    const request = this.#requests.answered();
    if (!request) return;
    request.confirmed?.(message);
    request.settle?.resolve();
  }

  #onServerError(message: ErrorMessage): void {
    const error = new ServerErrorMessageError(
      typeof message.message === 'string' ? message.message : 'error',
      typeof message.reason === 'string' ? message.reason : undefined,
    );
    const isReply = REQUEST_ERRORS.includes(error.serverMessage);
    const request = isReply ? this.#requests.answered() : undefined;
    if (request) {
      if (request.added) this.#undo(request.added);
      request.settle?.reject(error);
    }
    this.#emit('error', error);
  }

  /** Takes back what a refused subscribe added, so it is not retried on every reconnect. */
  #undo(added: ChannelSelection[]): void {
    this.#wanted.remove(added.filter((item) => item.ids.length > 0));
    for (const { name, ids } of added) {
      for (const id of ids) {
        if (name === 'full' && !this.#wanted.has('full', id)) this.#books.unwatchLevel3(id);
        if ((name === 'level2' || name === 'level2_batch') && !this.#wanted.has(name, id)) {
          this.#books.unwatchLevel2(id);
        }
      }
    }
    // Heartbeats added with the refused request were refused with it: forget them, send nothing.
    this.#heartbeatSelection();
  }

  #requestLevel2Snapshot(channel: string, productId: string): void {
    if (this.#state !== 'open') return; // the resubscription after the reconnect brings one
    const selection = [{ name: channel, ids: [productId] }];
    this.#send('unsubscribe', selection, { kind: 'unsubscribe' });
    this.#send('subscribe', selection, { kind: 'subscribe' });
  }

  /** Keeps the automatic heartbeat subscription equal to the products of every other channel. */
  #heartbeatSelection(): { added: string[]; removed: string[] } {
    if (!this.#autoHeartbeat) return { added: [], removed: [] };
    const products = new Set<string>();
    for (const { name, ids } of this.#wanted.selections()) {
      if (name === 'heartbeat' || name === 'status' || name === 'balance' || name === 'rfq_matches') continue;
      for (const id of ids) products.add(id);
    }
    const added = [...products].filter((id) => !this.#heartbeatProducts.has(id));
    const removed = [...this.#heartbeatProducts].filter(
      (id) => !products.has(id) && !this.#wanted.has('heartbeat', id),
    );
    for (const id of added) this.#heartbeatProducts.add(id);
    for (const id of removed) this.#heartbeatProducts.delete(id);
    return { added, removed };
  }

  // ------------------------------------------------------------------ messages

  #onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    this.#watchdog.feed();
    let message: FeedMessage;
    try {
      if (isBinary) {
        throw new MalformedFrameError('expected a text frame, received a binary frame', '');
      }
      const text =
        typeof data === 'string'
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data).toString()
            : data.toString();
      message = parseFeedMessage(text);
    } catch (error) {
      this.#emit('error', asWebSocketError(error));
      return;
    }
    try {
      this.#dispatch(message);
    } catch (error) {
      this.#emit('error', asWebSocketError(error));
    }
  }

  #dispatch(message: FeedMessage): void {
    switch (message.type) {
      case 'l2update':
        this.#books.onLevel2Update(message);
        break;
      case 'snapshot':
        this.#books.onLevel2Snapshot(message);
        break;
      case 'ticker':
        this.#books.onTicker(message);
        break;
      case 'heartbeat':
        if (this.#wanted.has('full', message.product_id)) {
          if (this.#tracker.observeHeartbeat(message.product_id, message.sequence) === 'gap') {
            this.#emit(
              'gap-detected',
              this.#tracker.lastProblem as NonNullable<SequenceTracker['lastProblem']>,
            );
          }
          this.#books.onHeartbeat(message);
        }
        break;
      case 'subscriptions':
        this.#onSubscriptions(message);
        break;
      case 'error':
        this.#onServerError(message);
        return;
      case 'activate':
        this.#emit('order-updated', message);
        break;
      default:
        if (FULL_TYPES.has(message.type) && !this.#onFullMessage(message as FullChannelMessage)) return;
        break;
    }
    this.#emit('message', message);
    this.#emit(message.type, message as never);
  }

  /** Tracks the sequence, feeds the level-3 book; false for a duplicate or stale message (ignored). */
  #onFullMessage(message: FullChannelMessage): boolean {
    const sequence = (message as { sequence?: number }).sequence;
    const productId = message.product_id;
    if (typeof sequence === 'number' && this.#wanted.has('full', productId)) {
      const verdict = this.#tracker.observe(productId, sequence);
      if (verdict !== 'next' && verdict !== 'first') {
        this.#emit('gap-detected', this.#tracker.lastProblem as NonNullable<SequenceTracker['lastProblem']>);
        if (verdict !== 'gap') return false;
      }
      this.#books.onFullMessage(message);
    }
    if ('user_id' in message || 'profile_id' in message) this.#emit('order-updated', message);
    return true;
  }

  // ------------------------------------------------------------------ safety

  /** Emits without letting a listener's exception escape into a socket callback. */
  #emit<Event extends keyof FeedEvents>(event: Event, ...args: FeedEvents[Event]): void {
    try {
      (this.emit as (name: Event, ...rest: FeedEvents[Event]) => boolean)(event, ...args);
    } catch (error) {
      if (event === 'error') return; // an error listener that throws has nowhere left to report to
      try {
        this.emit('error', new ListenerError(event, error));
      } catch {
        // ditto
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

/** The REST origin that goes with a feed URL. */
function restUrlFor(feedUrl: string): string {
  if (feedUrl === PRODUCTION_FEED_URL) return PRODUCTION_URL;
  if (feedUrl === SANDBOX_FEED_URL) return SANDBOX_URL;
  try {
    const url = new URL(feedUrl);
    return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  } catch {
    return PRODUCTION_URL; // the feed reports the bad URL itself when it connects
  }
}

function positive(value: number, name: string): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new RangeError(
      `expected ${name} to be a positive number of milliseconds, received ${String(value)}`,
    );
  }
  return value;
}
