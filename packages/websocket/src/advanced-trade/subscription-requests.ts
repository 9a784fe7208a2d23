import type { CdpJwtSigner } from '@tradeloop/auth';
import type { CancelTimer, Clock } from '@tradeloop/clock';
import type { FeedConnection } from '../connection/feed-connection.js';
import {
  asWebSocketError,
  ConnectionError,
  CredentialsRequiredError,
  FeedClosedError,
  InvalidSubscriptionError,
  ServerErrorMessageError,
  SubscribeTimeoutError,
} from '../errors.js';
import {
  ADVANCED_TRADE_CHANNELS,
  type AdvancedTradeChannelName,
  isAdvancedTradeChannelName,
} from './channels/index.js';
import type { AdvancedTradeEmit } from './feed-events.js';

const PRODUCT_ID = /^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/;

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
  cancelTimer: CancelTimer;
}

/** What the requests need from the feed. */
export interface AdvancedTradeRequestsHost {
  connection: FeedConnection;
  signer: CdpJwtSigner | undefined;
  clock: Clock;
  timeoutMs: number;
  autoHeartbeats: boolean;
  emit: AdvancedTradeEmit;
  /** A channel's subscription is (re)sent: the books it feeds wait for a snapshot. */
  resubscribing(channel: AdvancedTradeChannelName, productIds: readonly string[]): void;
}

/**
 * The subscriptions the feed keeps, and the requests that carry them: one subscribe message per
 * channel with a fresh JWT in each (a token lives two minutes; a reconnect or resync needs a new
 * one), answered in order by the server's `subscriptions` replies or refused by an `error`.
 */
export class AdvancedTradeRequests {
  readonly #host: AdvancedTradeRequestsHost;
  /** Channel → products (empty: a channel without products). */
  readonly #wanted = new Map<AdvancedTradeChannelName, Set<string>>();
  readonly #pending: Pending[] = [];
  #restoring = false;

  constructor(host: AdvancedTradeRequestsHost) {
    this.#host = host;
  }

  /** Channels currently kept. */
  get channels(): string[] {
    return [...this.#wanted.keys()];
  }

  /** @throws {InvalidSubscriptionError} / {CredentialsRequiredError} synchronously; rejects with the server's refusal. */
  subscribe(channel: AdvancedTradeChannelName, productIds: readonly string[]): Promise<void> {
    const descriptor = this.#validate(channel, productIds);
    if (descriptor.requiresAuth && this.#host.signer === undefined)
      throw new CredentialsRequiredError([channel]);
    const requests: Array<Promise<void>> = [];
    if (this.#host.autoHeartbeats && channel !== 'heartbeats' && !this.#wanted.has('heartbeats')) {
      this.#wanted.set('heartbeats', new Set());
      requests.push(this.#send('subscribe', 'heartbeats', []));
    }
    let products = this.#wanted.get(channel);
    if (products === undefined) {
      products = new Set();
      this.#wanted.set(channel, products);
    }
    for (const id of productIds) products.add(id);
    this.#host.resubscribing(channel, productIds);
    requests.push(this.#send('subscribe', channel, productIds));
    return Promise.all(requests).then(() => undefined);
  }

  /** Stops a channel (for the products given, or whole). */
  unsubscribe(channel: AdvancedTradeChannelName, productIds: readonly string[] = []): Promise<void> {
    this.#validate(channel, productIds, false);
    const products = this.#wanted.get(channel);
    if (products !== undefined) {
      if (productIds.length === 0) this.#wanted.delete(channel);
      else {
        for (const id of productIds) products.delete(id);
        if (products.size === 0) this.#wanted.delete(channel);
      }
    }
    return this.#send('unsubscribe', channel, productIds);
  }

  /** Sends a channel's subscription again (a gap resync): the server answers with a new snapshot. */
  resync(channel: AdvancedTradeChannelName): void {
    const products = this.#wanted.get(channel);
    if (products === undefined) return;
    this.#host.resubscribing(channel, [...products]);
    // A refusal was already emitted by the dispatcher; a timeout or close is reported here.
    this.#send('subscribe', channel, [...products]).catch((error: unknown) => {
      if (!(error instanceof ServerErrorMessageError)) this.#host.emit('error', asWebSocketError(error));
    });
  }

  /** A socket opened: send every kept subscription again, each with a fresh JWT. */
  resubscribeAll(reconnected: boolean): void {
    const sends: Array<Promise<void>> = [];
    this.#restoring = true;
    for (const [channel, products] of this.#wanted) {
      this.#host.resubscribing(channel, [...products]);
      sends.push(this.#send('subscribe', channel, [...products]));
    }
    this.#restoring = false;
    Promise.all(sends).then(
      () => {
        this.#host.connection.subscriptionsRestored();
        if (reconnected) this.#host.emit('resubscribed', { channels: this.channels });
      },
      () => undefined, // each refusal was already reported
    );
  }

  /** A `subscriptions` reply: the oldest request is confirmed. */
  confirmed(): void {
    const pending = this.#pending.shift();
    if (pending === undefined) return;
    pending.cancelTimer();
    pending.resolve();
  }

  /** An `error` reply: the oldest request is refused. */
  refused(error: ServerErrorMessageError): boolean {
    const pending = this.#pending.shift();
    if (pending === undefined) return false;
    pending.cancelTimer();
    pending.reject(error);
    return true;
  }

  /** The socket is gone: requests in flight are sent again on the next socket. */
  connectionLost(): void {
    for (const pending of this.#pending.splice(0)) {
      pending.cancelTimer();
      pending.resolve();
    }
  }

  failAll(error: Error): void {
    for (const pending of this.#pending.splice(0)) {
      pending.cancelTimer();
      pending.reject(error);
    }
  }

  #send(
    type: 'subscribe' | 'unsubscribe',
    channel: AdvancedTradeChannelName,
    productIds: readonly string[],
  ): Promise<void> {
    const host = this.#host;
    if (host.connection.state === 'closed') return Promise.reject(new FeedClosedError());
    const message: Record<string, unknown> = { type, channel };
    if (productIds.length > 0) message.product_ids = [...productIds];
    if (host.signer !== undefined) message.jwt = host.signer.signWebSocket();
    // Not connected: the subscription is kept and sent when the socket opens.
    if (host.connection.state !== 'open' && !this.#restoring) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = {
        resolve,
        reject,
        cancelTimer: host.clock.setTimer(host.timeoutMs, () => {
          const index = this.#pending.indexOf(pending);
          if (index >= 0) this.#pending.splice(index, 1);
          reject(new SubscribeTimeoutError(host.timeoutMs));
          host.connection.drop('subscribe-timeout');
        }),
      };
      this.#pending.push(pending);
      const sent = host.connection.send(JSON.stringify(message), (error) =>
        host.emit(
          'error',
          new ConnectionError(`expected to send a ${type}, but the socket failed: ${error.message}`),
        ),
      );
      if (!sent) {
        this.#pending.splice(this.#pending.indexOf(pending), 1);
        pending.cancelTimer();
        resolve();
      }
    });
  }

  #validate(channel: unknown, productIds: readonly string[], forSubscribe = true) {
    if (!isAdvancedTradeChannelName(channel))
      throw new InvalidSubscriptionError(
        `expected one of ${Object.keys(ADVANCED_TRADE_CHANNELS).join(', ')}, received ${JSON.stringify(channel)}`,
      );
    const descriptor = ADVANCED_TRADE_CHANNELS[channel];
    for (const id of productIds)
      if (typeof id !== 'string' || !PRODUCT_ID.test(id))
        throw new InvalidSubscriptionError(
          `expected a product id like BTC-USD, received ${JSON.stringify(id)}`,
        );
    if (forSubscribe && descriptor.needsProducts && productIds.length === 0)
      throw new InvalidSubscriptionError(`expected product ids for channel ${channel}, received none`);
    return descriptor;
  }
}
