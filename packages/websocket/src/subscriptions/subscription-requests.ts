import type { ExchangeSigner } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import type { FeedBooks } from '../books/feed-books.js';
import type { BookFed } from '../channels/channel.js';
import { channelNamed, channelsFeeding, requiresAuthentication } from '../channels/index.js';
import type { FeedConnection } from '../connection/feed-connection.js';
import type { SequenceTracker } from '../dispatch/sequence-tracker.js';
import {
  ConnectionError,
  CredentialsRequiredError,
  FeedClosedError,
  ServerErrorMessageError,
  SubscribeTimeoutError,
} from '../errors.js';
import type { FeedEmit } from '../feed-events.js';
import type { ErrorMessage, SubscriptionsMessage } from '../messages.js';
import { RequestQueue, type SentRequest } from './request-queue.js';
import {
  type ChannelInput,
  type ChannelSelection,
  SubscriptionState,
  selectChannels,
  toWireChannels,
} from './subscriptions.js';

/** The server's `message` values that answer a request (any other `error` is news, not a reply). */
const REQUEST_ERRORS = ['Failed to subscribe', 'Failed to unsubscribe', 'Authentication Failed'];

/** What the subscription requests work with. */
export interface SubscriptionRequestsParts {
  connection: FeedConnection;
  books: FeedBooks;
  tracker: SequenceTracker;
  /** Signs every request when the feed has credentials. */
  signer: ExchangeSigner | undefined;
  /** Add `heartbeat` for every product of another channel. */
  autoHeartbeat: boolean;
  /** Time the server has to answer. */
  timeoutMs: number;
  clock: Clock;
  emit: FeedEmit;
  guard(task: () => void): void;
}

/**
 * The feed's subscriptions: what is wanted (restored after every reconnect), the requests on the
 * wire and their replies, the automatic heartbeats, and the books that follow the wanted set.
 */
export class SubscriptionRequests {
  readonly #parts: SubscriptionRequestsParts;
  readonly #wanted = new SubscriptionState();
  /** Products with an automatic heartbeat subscription. */
  readonly #heartbeatProducts = new Set<string>();
  readonly #requests: RequestQueue;

  constructor(parts: SubscriptionRequestsParts) {
    this.#parts = parts;
    this.#requests = new RequestQueue(
      parts.timeoutMs,
      (request) => parts.guard(() => this.#onTimeout(request)),
      parts.clock,
    );
  }

  /** True when a channel that feeds `book` wants `productId` (for `level3`: its sequence is checked). */
  feedsBook(book: BookFed, productId: string): boolean {
    return this.#wanted.feeds(book, productId);
  }

  /** The products some channel feeding `book` wants. */
  productsFeeding(book: BookFed): string[] {
    return [...new Set(channelsFeeding(book).flatMap((name) => this.#wanted.ids(name)))];
  }

  /** See `CoinbaseFeed.subscribe`. */
  subscribe(channels: readonly ChannelInput[] | ChannelInput, productIds: readonly string[]): Promise<void> {
    const selections = selectChannels(channels, productIds, 'subscribe');
    if (!this.#parts.signer) {
      const needAuth = selections.map((item) => item.name).filter(requiresAuthentication);
      if (needAuth.length > 0) throw new CredentialsRequiredError(needAuth);
    }
    this.#refuseWhenClosed();
    const added = this.#wanted.add(selections);
    const heartbeat = this.#heartbeatSelection();
    this.#followBooks(selections);
    const level3Products = selections
      .filter((item) => channelNamed(item.name)?.feedsBook === 'level3')
      .flatMap((item) => item.ids);
    const toSend =
      heartbeat.added.length > 0 ? [...selections, { name: 'heartbeat', ids: heartbeat.added }] : selections;
    return this.#request('subscribe', toSend, added, () =>
      this.#parts.books.level3Subscribed(level3Products),
    );
  }

  /** See `CoinbaseFeed.unsubscribe`. */
  unsubscribe(
    channels: readonly ChannelInput[] | ChannelInput,
    productIds: readonly string[],
  ): Promise<void> {
    const selections = selectChannels(channels, productIds, 'unsubscribe');
    this.#refuseWhenClosed();
    // A channel named without products leaves whole: its books go with all of its products.
    const affected = selections.map(({ name, ids }) => ({
      name,
      ids: ids.length > 0 ? ids : this.#wanted.ids(name),
    }));
    this.#wanted.remove(selections);
    this.#followBooks(affected);
    const heartbeat = this.#heartbeatSelection();
    const toSend =
      heartbeat.removed.length > 0
        ? [...selections, { name: 'heartbeat', ids: heartbeat.removed }]
        : selections;
    return this.#request('unsubscribe', toSend);
  }

  /** A socket opened: send everything wanted, and settle the callers that waited for it. */
  resubscribeAll(reconnected: boolean): void {
    const waiters = this.#requests.takeWaiting();
    if (this.#wanted.isEmpty) {
      this.#parts.connection.subscriptionsRestored();
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
        this.#parts.connection.subscriptionsRestored();
        this.#parts.books.level3Subscribed(this.productsFeeding('level3'));
        if (reconnected) this.#parts.emit('resubscribed', { channels: reply.channels });
      },
    });
  }

  /** The server confirmed the oldest request. */
  answered(message: SubscriptionsMessage): void {
    const request = this.#requests.answered();
    if (!request) return;
    request.confirmed?.(message);
    request.settle?.resolve();
  }

  /** The server sent an `error`: it refuses the oldest request when it is a request error. */
  refused(message: ErrorMessage): void {
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
    this.#parts.emit('error', error);
  }

  /** Asks for a fresh level-2 snapshot of one product: unsubscribe and subscribe again. */
  requestLevel2Snapshot(channel: string, productId: string): void {
    if (this.#parts.connection.state !== 'open') return; // the resubscription after the reconnect brings one
    const selection = [{ name: channel, ids: [productId] }];
    this.#send('unsubscribe', selection, { kind: 'unsubscribe' });
    this.#send('subscribe', selection, { kind: 'subscribe' });
  }

  /** The connection died: requests in flight wait for the resubscription (see {@link RequestQueue}). */
  connectionLost(): void {
    this.#requests.connectionLost();
  }

  /** Rejects every pending request (the feed is closed for good). */
  failAll(error: Error): void {
    this.#requests.failAll(error);
  }

  #refuseWhenClosed(): void {
    if (this.#parts.connection.state === 'closed') {
      throw new FeedClosedError('the feed was closed; create a new one');
    }
  }

  /**
   * The one book rule: a product's book is kept while some channel that feeds it wants the
   * product. Run after every change of the wanted set, for the channels and products it touched.
   */
  #followBooks(touched: readonly ChannelSelection[]): void {
    const { books, tracker } = this.#parts;
    for (const { name, ids } of touched) {
      const book = channelNamed(name)?.feedsBook;
      if (book === undefined) continue;
      // The touched channel first: a new book asks that channel for its resync snapshots.
      const feeders = [name, ...channelsFeeding(book).filter((other) => other !== name)];
      for (const id of ids) {
        const feeding = feeders.filter((channel) => this.#wanted.has(channel, id));
        if (book === 'level2') books.followLevel2(id, feeding);
        else if (feeding.length > 0) books.watchLevel3(id);
        else {
          books.unwatchLevel3(id);
          tracker.reset(id);
        }
      }
    }
  }

  #request(
    kind: 'subscribe' | 'unsubscribe',
    selections: ChannelSelection[],
    added?: ChannelSelection[],
    confirmed?: () => void,
  ): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      const settle = { resolve, reject };
      if (this.#parts.connection.state !== 'open') {
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
    const message: Record<string, unknown> = { type, channels: toWireChannels(selections) };
    if (this.#parts.signer) Object.assign(message, this.#parts.signer.signWebSocket());
    const sent = this.#parts.connection.send(JSON.stringify(message), (error) =>
      this.#parts.emit(
        'error',
        new ConnectionError(`sending a ${type} failed: ${error.message}`, undefined, { cause: error }),
      ),
    );
    if (sent) this.#requests.sent(request);
  }

  #onTimeout(request: SentRequest): void {
    const error = new SubscribeTimeoutError(this.#parts.timeoutMs);
    this.#parts.emit('error', error);
    if (request.kind === 'subscribe' && request.settle) this.#requests.waitForConnection(request.settle);
    // Replies are matched to requests in order; after a lost reply that order is unknown. Start over.
    this.#parts.connection.drop('subscribe-timeout');
  }

  /** Takes back what a refused subscribe added, so it is not retried on every reconnect. */
  #undo(added: ChannelSelection[]): void {
    this.#wanted.remove(added.filter((item) => item.ids.length > 0));
    this.#followBooks(added);
    // Heartbeats added with the refused request were refused with it: forget them, send nothing.
    this.#heartbeatSelection();
  }

  /** Keeps the automatic heartbeat subscription equal to the products of every channel watched by it. */
  #heartbeatSelection(): { added: string[]; removed: string[] } {
    if (!this.#parts.autoHeartbeat) return { added: [], removed: [] };
    const products = new Set<string>();
    for (const { name, ids } of this.#wanted.selections()) {
      if (!channelNamed(name)?.watchedByHeartbeat) continue;
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
}
