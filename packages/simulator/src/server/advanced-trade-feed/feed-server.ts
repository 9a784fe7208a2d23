import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { ExchangeEvent } from '../../exchange/contract.js';
import { verifyWebSocketJwt } from '../advanced-trade/jwt-verifier.js';
import type { ServerContext } from '../context.js';
import { FeedRunner, heartbeatIntervalMs } from '../feed-runner.js';
import type { FeedSocketSettings } from '../feed-socket.js';
import type { FeedProtocol, RefusedFrame } from '../feed-sockets.js';
import {
  currentCandles,
  level2SnapshotEvent,
  level2UpdateEvent,
  marketTradeEntry,
  marketTradesSnapshot,
  statusProducts,
  tickerEntry,
  tickerSnapshotEntry,
} from './channels/market-data.js';
import { openUserOrders, userOrder, userSnapshotBatchSize } from './channels/user.js';
import { AdvancedTradeConnection } from './connection.js';
import {
  type AdvancedTradeSubscribe,
  advancedTradeChannels,
  parseSubscribeMessage,
} from './subscribe-message.js';

const candlesIntervalMs = 1000;
const tickerBatchIntervalMs = 5000;

type FullEvent = Extract<ExchangeEvent, { kind: 'full' }>;

/** The `{type:"error"}` text for each frame the shared handling refuses. */
const refusals: Record<RefusedFrame, string> = {
  'too-many-messages': 'too many messages; slow down',
  'binary-frame': 'binary frames are not supported',
  'internal-error': 'internal error',
};

/**
 * Advanced Trade's WebSocket on the simulator's port: `/advanced-trade` (market data) and
 * `/advanced-trade-user` (user orders), a protocol on the shared WebSocket handling (limits,
 * subscribe deadline, slow consumers) and {@link FeedRunner} (events, timers, the
 * connection-dropping fault), as the Exchange feed is. One channel per subscribe; a `jwt` in a
 * subscribe is verified like a REST token without `uri`; `user` needs one. Every message carries
 * the connection's `sequence_num`; the gaps faults consume one without sending, so a client sees
 * the gap. Same engine as every other protocol: orders placed anywhere show up.
 */
export class AdvancedTradeFeedServer implements FeedProtocol<AdvancedTradeConnection> {
  readonly label = 'advanced-trade feed';
  readonly #context: ServerContext;
  readonly #connections = new Set<AdvancedTradeConnection>();
  readonly #lastTickers = new Map<string, Record<string, unknown>>();
  readonly #changedTickers = new Set<string>();
  readonly #runner: FeedRunner;

  constructor(context: ServerContext) {
    this.#context = context;
    this.#runner = new FeedRunner(context, this.label, () => this.#connections);
  }

  /** The endpoint a request path names, or undefined when it is not an Advanced Trade path. */
  static endpointOf(url: string | undefined): 'market' | 'user' | undefined {
    const path = (url ?? '/').split('?', 1)[0]?.replace(/\/+$/, '');
    if (path === '/advanced-trade-user') return 'user';
    if (path === '/advanced-trade') return 'market';
    return undefined;
  }

  /** Number of open Advanced Trade connections. */
  get size(): number {
    return this.#connections.size;
  }

  start(): void {
    this.#runner.start(
      (event) => this.#route(event),
      [
        { everyMs: heartbeatIntervalMs, run: () => this.#sendHeartbeats() },
        { everyMs: candlesIntervalMs, run: () => this.#sendCandles() },
        { everyMs: tickerBatchIntervalMs, run: () => this.#sendTickerBatch() },
      ],
    );
  }

  stop(): void {
    this.#runner.stop();
    this.#connections.clear();
  }

  /** (Re)arms the connection-dropping fault after the fault settings changed. */
  rescheduleConnectionDrops(): void {
    this.#runner.rescheduleConnectionDrops();
  }

  open(
    webSocket: WebSocket,
    request: IncomingMessage,
    settings: FeedSocketSettings,
  ): AdvancedTradeConnection {
    const endpoint = AdvancedTradeFeedServer.endpointOf(request.url) ?? 'market';
    const connection = new AdvancedTradeConnection(webSocket, endpoint, settings);
    this.#connections.add(connection);
    return connection;
  }

  close(connection: AdvancedTradeConnection): void {
    this.#connections.delete(connection);
  }

  refuse(connection: AdvancedTradeConnection, problem: RefusedFrame): void {
    connection.sendError(refusals[problem]);
  }

  #now(): string {
    return new Date(this.#context.exchange.now()).toISOString();
  }

  receive(connection: AdvancedTradeConnection, text: string): void {
    const exchange = this.#context.exchange;
    const parsed = parseSubscribeMessage(
      text,
      connection.endpoint,
      (id) => exchange.product(id) !== undefined,
    );
    if (typeof parsed === 'string') {
      connection.sendError(parsed);
      return;
    }
    if (parsed.jwt !== undefined) {
      const verified = verifyWebSocketJwt(
        parsed.jwt,
        this.#context.advancedTrade.keys,
        this.#context.wallClock(),
      );
      if (!verified.ok) {
        this.#context.log(
          `advanced-trade feed: connection ${connection.id} JWT refused: ${verified.problem}`,
        );
        connection.sendError('authentication failure');
        return;
      }
      connection.caller = verified.record.caller;
    } else if (parsed.channel === 'user' && parsed.type === 'subscribe') {
      connection.sendError('authentication failure');
      return;
    }
    this.#apply(connection, parsed);
  }

  #apply(connection: AdvancedTradeConnection, request: AdvancedTradeSubscribe): void {
    const { channel, productIds } = request;
    if (request.type === 'unsubscribe') {
      const products = connection.channels.get(channel);
      if (products !== undefined) {
        if (productIds.length === 0) connection.channels.delete(channel);
        else for (const id of productIds) products.delete(id);
        if (products.size === 0 && productIds.length > 0) connection.channels.delete(channel);
      }
      this.#sendSubscriptions(connection);
      return;
    }
    connection.subscribed();
    let products = connection.channels.get(channel);
    if (products === undefined) {
      products = new Set();
      connection.channels.set(channel, products);
    }
    for (const id of productIds) products.add(id);
    this.#sendSubscriptions(connection);
    this.#sendInitial(connection, channel, productIds);
  }

  #sendSubscriptions(connection: AdvancedTradeConnection): void {
    const subscriptions: Record<string, string[]> = {};
    for (const [channel, products] of connection.channels) subscriptions[channel] = [...products];
    connection.send('subscriptions', [{ subscriptions }], this.#now());
  }

  #sendInitial(connection: AdvancedTradeConnection, channel: string, productIds: string[]): void {
    const exchange = this.#context.exchange;
    const time = this.#now();
    switch (channel) {
      case 'level2':
        for (const id of productIds)
          connection.send('l2_data', [level2SnapshotEvent(exchange, id, time)], time);
        return;
      case 'ticker':
      case 'ticker_batch': {
        const tickers = productIds.flatMap((id) => tickerSnapshotEntry(exchange, id) ?? []);
        connection.send(channel, [{ type: 'snapshot', tickers }], time);
        return;
      }
      case 'market_trades': {
        const trades = productIds.flatMap((id) => marketTradesSnapshot(exchange, id));
        connection.send('market_trades', [{ type: 'snapshot', trades }], time);
        return;
      }
      case 'candles': {
        const candles = productIds.flatMap((id) => currentCandles(exchange, id));
        connection.send('candles', [{ type: 'snapshot', candles }], time);
        return;
      }
      case 'status':
        connection.send(
          'status',
          [{ type: 'snapshot', products: statusProducts(exchange, new Set(productIds)) }],
          time,
        );
        return;
      case 'user':
        this.#sendUserSnapshot(connection, time);
        return;
      default:
        return;
    }
  }

  #sendUserSnapshot(connection: AdvancedTradeConnection, time: string): void {
    const caller = connection.caller;
    if (caller === undefined) return;
    const orders = openUserOrders(
      this.#context.exchange,
      this.#context.advancedTrade.orders,
      caller,
      connection.channels.get('user') ?? new Set(),
    );
    // Open orders in batches of 50, one message each; an empty snapshot is still one message.
    for (let start = 0; start === 0 || start < orders.length; start += userSnapshotBatchSize) {
      const batch = orders.slice(start, start + userSnapshotBatchSize);
      connection.send('user', [{ type: 'snapshot', orders: batch, positions: emptyPositions() }], time);
    }
  }

  #route(event: ExchangeEvent): void {
    if (this.#connections.size === 0 && event.kind !== 'ticker') return;
    const time = this.#now();
    if (event.kind === 'l2update') {
      let payload: unknown;
      for (const connection of this.#connections) {
        if (!connection.wants('level2', event.productId)) continue;
        if (this.#context.faults.dropL2Update()) {
          connection.skipSequence();
          continue;
        }
        payload ??= level2UpdateEvent(event.productId, event.changes, event.time);
        connection.send('l2_data', [payload], time);
      }
      return;
    }
    if (event.kind === 'ticker') {
      const entry = tickerEntry(event.message);
      this.#lastTickers.set(event.productId, entry);
      this.#changedTickers.add(event.productId);
      for (const connection of this.#connections)
        if (connection.wants('ticker', event.productId))
          this.#sendUpdate(connection, 'ticker', [{ type: 'update', tickers: [entry] }], time);
      return;
    }
    this.#routeFull(event, time);
  }

  #routeFull(event: FullEvent, time: string): void {
    const { message, productId } = event;
    if (message.type === 'match' && event.visibility !== 'owner') {
      const trade = marketTradeEntry(message);
      for (const connection of this.#connections)
        if (connection.wants('market_trades', productId))
          this.#sendUpdate(connection, 'market_trades', [{ type: 'update', trades: [trade] }], time);
    }
    const registry = this.#context.advancedTrade.orders;
    for (const connection of this.#connections) {
      const caller = connection.caller;
      if (caller === undefined || !connection.wants('user', productId)) continue;
      const engineOrderIds = new Set<string>();
      if (event.owner?.profileId === caller.profileId && typeof message.order_id === 'string')
        engineOrderIds.add(message.order_id);
      if (event.makerOwner?.profileId === caller.profileId && typeof message.maker_order_id === 'string')
        engineOrderIds.add(message.maker_order_id);
      if (event.takerOwner?.profileId === caller.profileId && typeof message.taker_order_id === 'string')
        engineOrderIds.add(message.taker_order_id);
      const orders = [...engineOrderIds].flatMap(
        (id) => userOrder(this.#context.exchange, registry, caller, registry.orderIdOfLeg(id)) ?? [],
      );
      if (orders.length > 0)
        this.#sendUpdate(connection, 'user', [{ type: 'update', orders, positions: emptyPositions() }], time);
    }
  }

  /**
   * Sends an update the gaps fault may withhold, as it withholds the Exchange feed's sequenced
   * messages: a withheld one still uses up its `sequence_num`, so the client sees the gap.
   */
  #sendUpdate(connection: AdvancedTradeConnection, channel: string, events: unknown[], time: string): void {
    if (this.#context.faults.skipSequencedMessage()) connection.skipSequence();
    else connection.send(channel, events, time);
  }

  #sendHeartbeats(): void {
    const time = this.#now();
    for (const connection of this.#connections) {
      if (!connection.channels.has('heartbeats')) continue;
      connection.heartbeatCounter += 1;
      connection.send(
        'heartbeats',
        [{ current_time: time, heartbeat_counter: connection.heartbeatCounter }],
        time,
      );
    }
  }

  #sendCandles(): void {
    const exchange = this.#context.exchange;
    const time = this.#now();
    for (const connection of this.#connections) {
      const products = connection.channels.get('candles');
      if (products === undefined || products.size === 0) continue;
      const candles = [...products].flatMap((id) => currentCandles(exchange, id));
      if (candles.length > 0) connection.send('candles', [{ type: 'update', candles }], time);
    }
  }

  #sendTickerBatch(): void {
    if (this.#changedTickers.size === 0) return;
    const time = this.#now();
    for (const connection of this.#connections) {
      const tickers = [...this.#changedTickers].flatMap((id) =>
        connection.wants('ticker_batch', id) ? (this.#lastTickers.get(id) ?? []) : [],
      );
      if (tickers.length > 0)
        this.#sendUpdate(connection, 'ticker_batch', [{ type: 'update', tickers }], time);
    }
    this.#changedTickers.clear();
  }
}

function emptyPositions(): Record<string, unknown> {
  return { perpetual_futures_positions: [], expiring_futures_positions: [] };
}

/** The wire `channel` of a subscribable channel name. */
export function wireChannelOf(channel: string): string | undefined {
  return advancedTradeChannels[channel]?.wire;
}
