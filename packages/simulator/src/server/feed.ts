import type { ExchangeEvent } from '../exchange/contract.js';
import type { FeedView } from './channels/channel.js';
import { heartbeatMessage } from './channels/heartbeat.js';
import { Level2Batcher, level2BatchIntervalMs } from './channels/level2-batch.js';
import { statusMessage } from './channels/status.js';
import { tickerBatchIntervalMs } from './channels/ticker-batch.js';
import type { ServerContext } from './context.js';
import type { FeedConnection } from './feed-connection.js';
import { FeedRunner, heartbeatIntervalMs } from './feed-runner.js';
import type { SubscriptionRequest } from './subscriptions.js';

const statusIntervalMs = 5000;

type FullEvent = Extract<ExchangeEvent, { kind: 'full' }>;

/**
 * Routes what the exchange publishes to the connections subscribed to it, drives the periodic
 * channels (heartbeat, status, ticker_batch, level2_batch) and the connection-dropping fault.
 * A public message is serialized once per event however many connections receive it.
 */
export class FeedHub implements FeedView {
  readonly #context: ServerContext;
  readonly #connections = new Set<FeedConnection>();
  readonly #byProduct = new Map<string, Set<FeedConnection>>();
  readonly #lastMatch = new Map<string, Record<string, unknown>>();
  readonly #lastTicker = new Map<string, Record<string, unknown>>();
  readonly #changedTickers = new Set<string>();
  readonly #level2Batcher = new Level2Batcher();
  readonly #runner: FeedRunner;

  constructor(context: ServerContext) {
    this.#context = context;
    this.#runner = new FeedRunner(context, 'feed', () => this.#connections);
  }

  get exchange() {
    return this.#context.exchange;
  }

  lastMatch(productId: string) {
    return this.#lastMatch.get(productId);
  }

  lastTicker(productId: string) {
    return this.#lastTicker.get(productId);
  }

  /** Number of open feed connections. */
  get size(): number {
    return this.#connections.size;
  }

  start(): void {
    this.#runner.start(
      (event) => this.#route(event),
      [
        { everyMs: heartbeatIntervalMs, run: () => this.#sendHeartbeats() },
        { everyMs: statusIntervalMs, run: () => this.#sendStatus() },
        { everyMs: tickerBatchIntervalMs, run: () => this.#sendTickerBatch() },
        { everyMs: level2BatchIntervalMs, run: () => this.#sendLevel2Batch() },
      ],
    );
  }

  stop(): void {
    this.#runner.stop();
    this.#connections.clear();
    this.#byProduct.clear();
  }

  /** (Re)arms the connection-dropping fault after the fault settings changed. */
  rescheduleConnectionDrops(): void {
    this.#runner.rescheduleConnectionDrops();
  }

  add(connection: FeedConnection): void {
    this.#connections.add(connection);
  }

  remove(connection: FeedConnection): void {
    this.#connections.delete(connection);
    for (const productId of connection.subscriptions.allProducts())
      this.#byProduct.get(productId)?.delete(connection);
  }

  /** Applies a valid (and, where needed, authenticated) request, replies, and sends the snapshots. */
  apply(connection: FeedConnection, request: SubscriptionRequest): void {
    const before = connection.subscriptions.allProducts();
    if (request.type === 'subscribe') connection.subscriptions.add(request.channels);
    else connection.subscriptions.remove(request.channels);
    const after = connection.subscriptions.allProducts();
    for (const productId of before)
      if (!after.has(productId)) this.#byProduct.get(productId)?.delete(connection);
    for (const productId of after) {
      let set = this.#byProduct.get(productId);
      if (!set) {
        set = new Set();
        this.#byProduct.set(productId, set);
      }
      set.add(connection);
    }
    connection.send(connection.subscriptions.reply());
    if (request.type !== 'subscribe') return;
    for (const { channel, productIds } of request.channels) {
      if (!channel.initialMessages) continue;
      const targets = channel.requiresProducts ? productIds : [''];
      for (const productId of targets) {
        for (const message of channel.initialMessages(this, productId)) connection.send(message);
      }
    }
  }

  #route(event: ExchangeEvent): void {
    if (event.kind === 'l2update') {
      this.#level2Batcher.add(event.productId, event.changes, event.time);
      const subscribers = this.#byProduct.get(event.productId);
      if (!subscribers) return;
      let text: Buffer | undefined;
      for (const connection of subscribers) {
        if (!connection.subscriptions.has('level2', event.productId)) continue;
        if (this.#context.faults.dropL2Update()) continue;
        text ??= serialize({
          type: 'l2update',
          product_id: event.productId,
          changes: event.changes,
          time: event.time,
        });
        connection.send(text);
      }
      return;
    }
    if (event.kind === 'ticker') {
      this.#lastTicker.set(event.productId, event.message);
      this.#changedTickers.add(event.productId);
      this.#sendSequenced(event.productId, 'ticker', event.message);
      return;
    }
    this.#routeFull(event);
  }

  #sendSequenced(productId: string, channelName: string, message: Record<string, unknown>): void {
    const subscribers = this.#byProduct.get(productId);
    if (!subscribers) return;
    let text: Buffer | undefined;
    for (const connection of subscribers) {
      if (!connection.subscriptions.has(channelName, productId)) continue;
      if (this.#context.faults.skipSequencedMessage()) continue;
      text ??= serialize(message);
      connection.send(text);
    }
  }

  #routeFull(event: FullEvent): void {
    const { productId, message } = event;
    const isMatch = message.type === 'match';
    if (isMatch) this.#lastMatch.set(productId, message);
    // Owner-only messages (activate, done of an untriggered stop) carry no sequence.
    const privateOnly = event.visibility === 'owner' || message.sequence === undefined;
    const subscribers = this.#byProduct.get(productId);
    if (!subscribers) return;
    let publicText: Buffer | undefined;
    // Every connection of one profile sees the same private variant: serialize it once too.
    let privateTexts: Map<string, Buffer> | undefined;
    for (const connection of subscribers) {
      const subscriptions = connection.subscriptions;
      const carriesPublic =
        subscriptions.has('full', productId) || (isMatch && subscriptions.has('matches', productId));
      const ownership = connection.caller ? ownershipOf(event, connection.caller.profileId) : undefined;
      const carriesUser = ownership !== undefined && subscriptions.has('user', productId);
      if (!carriesUser && !(carriesPublic && (!privateOnly || ownership !== undefined))) continue;
      if (!privateOnly && this.#context.faults.skipSequencedMessage()) continue;
      if (ownership === undefined) {
        publicText ??= serialize(message);
        connection.send(publicText);
      } else {
        privateTexts ??= new Map();
        const key = `${connection.caller?.profileId}:${ownership.owner}:${ownership.maker}:${ownership.taker}`;
        let text = privateTexts.get(key);
        if (text === undefined) {
          text = serialize(withPrivateFields(event, ownership));
          privateTexts.set(key, text);
        }
        connection.send(text);
      }
    }
  }

  #sendHeartbeats(): void {
    const exchange = this.#context.exchange;
    for (const connection of this.#connections) {
      for (const productId of connection.subscriptions.products('heartbeat')) {
        connection.send(heartbeatMessage(exchange, productId));
      }
    }
  }

  #sendStatus(): void {
    let text: Buffer | undefined;
    for (const connection of this.#connections) {
      if (!connection.subscriptions.hasChannel('status')) continue;
      text ??= serialize(statusMessage(this.#context.exchange));
      connection.send(text);
    }
  }

  #sendTickerBatch(): void {
    for (const productId of this.#changedTickers) {
      const ticker = this.#lastTicker.get(productId);
      if (ticker) this.#sendSequenced(productId, 'ticker_batch', ticker);
    }
    this.#changedTickers.clear();
  }

  #sendLevel2Batch(): void {
    for (const update of this.#level2Batcher.drain()) {
      const subscribers = this.#byProduct.get(update.product_id);
      if (!subscribers) continue;
      let text: Buffer | undefined;
      for (const connection of subscribers) {
        if (!connection.subscriptions.has('level2_batch', update.product_id)) continue;
        if (this.#context.faults.dropL2Update()) continue;
        text ??= serialize(update);
        connection.send(text);
      }
    }
  }
}

/** A message as UTF-8 JSON bytes, serialized once however many connections receive it. */
function serialize(message: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8');
}

/** How a profile is involved in an event: owner of the order, or maker and/or taker of a match. */
interface Ownership {
  owner: boolean;
  maker: boolean;
  taker: boolean;
}

function ownershipOf(event: FullEvent, profileId: string): Ownership | undefined {
  const ownership = {
    owner: event.owner?.profileId === profileId,
    maker: event.makerOwner?.profileId === profileId,
    taker: event.takerOwner?.profileId === profileId,
  };
  return ownership.owner || ownership.maker || ownership.taker ? ownership : undefined;
}

/**
 * The message as its owner sees it: the owner's private fields (`user_id`, `profile_id`,
 * `client_oid`, `cancel_reason`), and on a match the maker's or taker's ids and fee rate (ccxt
 * tells maker from taker by the presence of `maker_fee_rate`).
 */
function withPrivateFields(event: FullEvent, ownership: Ownership): Record<string, unknown> {
  return {
    ...event.message,
    ...(ownership.owner ? event.privateFields : undefined),
    ...(ownership.taker ? event.takerPrivateFields : undefined),
    ...(ownership.maker ? event.makerPrivateFields : undefined),
  };
}
