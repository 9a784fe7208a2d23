import { type CdpCredentials, ExchangeClock } from '@tradeloop/auth';
import {
  type AdvancedTradeFill,
  type AdvancedTradeOrderStatus,
  BadRequestError,
  CoinbaseAdvancedTradeClient,
  type CoinbaseAdvancedTradeClientOptions,
  NotFoundError,
  OrderStatusUnknownError,
  RestError,
} from '@tradeloop/rest';
import {
  type Balance,
  type ClientOrderId,
  type FeeRates,
  type FillPage,
  type FillQuery,
  type MarketDataSubscription,
  type OrderId,
  type OrderReference,
  type OrderReport,
  type OrderRequest,
  type ProductId,
  type ProductRules,
  productRulesFromWire,
  toDecimal,
  type Venue,
  type VenueEvent,
  VenueRejectedError,
} from '@tradeloop/strategy-kit';
import {
  ADVANCED_TRADE_FEED_URL,
  ADVANCED_TRADE_USER_FEED_URL,
  AdvancedTradeFeed,
  type AdvancedTradeFeedOptions,
} from '@tradeloop/websocket';
import type { Decimal } from 'decimal.js';
import { exchangeProductOf } from '../advanced-trade-market-data/product-wire.js';
import { AdvancedTradeEnvironmentRequiredError, UnsupportedOrderError } from '../errors.js';
import {
  fillFromRest,
  orderReportFromRest,
  placedOrderReport,
  toCreateOrderRequest,
} from './advanced-trade-mapping.js';
import {
  decodeFillCursor,
  encodeFillCursor,
  type FillPosition,
  isAfter,
  positionAfter,
} from './fill-cursor.js';
import { forwardAdvancedTradeMarketData } from './market-events.js';
import { type FillLookupOptions, OwnOrderEvents } from './own-order-events.js';

/**
 * Advanced Trade's production hosts, for `createAdvancedTradeVenue({ credentials, ...advancedTradeProductionHosts })`.
 * Real money: Advanced Trade has no trading sandbox.
 */
export const advancedTradeProductionHosts = {
  restUrl: 'https://api.coinbase.com',
  wsUrl: ADVANCED_TRADE_FEED_URL,
  userWsUrl: ADVANCED_TRADE_USER_FEED_URL,
} as const;

/** Order states that are still working on Advanced Trade. */
const WORKING: AdvancedTradeOrderStatus[] = ['OPEN', 'PENDING', 'QUEUED', 'EDIT_QUEUED', 'CANCEL_QUEUED'];

/** Options of {@link createAdvancedTradeVenue}. */
export interface AdvancedTradeVenueOptions {
  /** A CDP key (`createCdpCredentials` of `@tradeloop/auth`): key name and EC private key. */
  credentials: CdpCredentials;
  /** REST origin: {@link advancedTradeProductionHosts}, or the simulator's `advancedTrade.restUrl`. */
  restUrl: string;
  /** Market-data WebSocket (`ticker`, `market_trades`, `level2`). */
  wsUrl: string;
  /** User-order WebSocket (`user`), authenticated by a JWT in every subscribe. */
  userWsUrl: string;
  /**
   * How far back `orderByClientId` looks for an order (Advanced Trade lists orders by time, not
   * by client order id), in ms. Default 24 hours.
   */
  orderLookupWindowMs?: number;
  /** How the `user` channel's fills are confirmed through REST. */
  fillLookups?: FillLookupOptions;
  /** More REST client options (rate limits, retries, placement recovery, timeouts). */
  rest?: Omit<CoinbaseAdvancedTradeClientOptions, 'credentials' | 'baseUrl' | 'clock'>;
  /** More options of both feeds (watchdog, reconnect backoff). */
  feed?: Omit<AdvancedTradeFeedOptions, 'credentials' | 'url' | 'clock'>;
}

/**
 * Builds an {@link AdvancedTradeVenue}: a REST client and two feeds (market data, user orders)
 * sharing one exchange clock, all signing with the same CDP key.
 *
 * @example
 * const venue = createAdvancedTradeVenue({ credentials, ...sim.advancedTrade }); // the simulator
 * const venue = createAdvancedTradeVenue({ credentials, ...advancedTradeProductionHosts }); // real money
 *
 * @throws {AdvancedTradeEnvironmentRequiredError} when a host is missing: there is no default
 *   (and no sandbox), so a key never reaches real money unless its hosts are named.
 */
export function createAdvancedTradeVenue(options: AdvancedTradeVenueOptions): AdvancedTradeVenue {
  const missing = (['restUrl', 'wsUrl', 'userWsUrl'] as const).filter(
    (name) => typeof options[name] !== 'string' || options[name] === '',
  );
  if (missing.length > 0) throw new AdvancedTradeEnvironmentRequiredError(`no ${missing.join(' and no ')}`);
  const clock = new ExchangeClock();
  const client = new CoinbaseAdvancedTradeClient({
    // An order is written to its socket within placeOrder, not after the runtime's whole task.
    standbyPost: true,
    ...options.rest,
    credentials: options.credentials,
    baseUrl: options.restUrl,
    clock,
  });
  const feedOptions = { ...options.feed, credentials: options.credentials, clock };
  return new AdvancedTradeVenue({
    client,
    marketFeed: new AdvancedTradeFeed({ ...feedOptions, url: options.wsUrl }),
    userFeed: new AdvancedTradeFeed({ ...feedOptions, url: options.userWsUrl }),
    clock,
    ownsConnections: true,
    ...(options.orderLookupWindowMs === undefined
      ? {}
      : { orderLookupWindowMs: options.orderLookupWindowMs }),
    ...(options.fillLookups === undefined ? {} : { fillLookups: options.fillLookups }),
  });
}

/**
 * The {@link Venue} for Coinbase Advanced Trade (and the simulator's Advanced Trade protocol), on
 * `CoinbaseAdvancedTradeClient` and two `AdvancedTradeFeed`s. Market data comes from the market
 * endpoint; own orders from the `user` channel of the user endpoint, whose fills are confirmed
 * through `GET /orders/historical/fills` so that each carries Coinbase's trade id (see
 * {@link OwnOrderEvents}); reconciliation reads the same endpoint, resuming from an opaque
 * cursor (a fill time and the fills seen at it).
 */
export class AdvancedTradeVenue implements Venue {
  readonly name = 'coinbase-advanced-trade';
  readonly client: CoinbaseAdvancedTradeClient;
  readonly marketFeed: AdvancedTradeFeed;
  readonly userFeed: AdvancedTradeFeed;
  readonly clock: ExchangeClock;
  readonly #ownsConnections: boolean;
  readonly #orderLookupWindowMs: number;
  readonly #ownOrders: OwnOrderEvents;
  #listener: ((event: VenueEvent) => void) | undefined;
  #clockSynced = false;

  constructor(options: {
    client: CoinbaseAdvancedTradeClient;
    marketFeed: AdvancedTradeFeed;
    userFeed: AdvancedTradeFeed;
    clock: ExchangeClock;
    ownsConnections?: boolean;
    orderLookupWindowMs?: number;
    fillLookups?: FillLookupOptions;
  }) {
    this.client = options.client;
    this.marketFeed = options.marketFeed;
    this.userFeed = options.userFeed;
    this.clock = options.clock;
    this.#ownsConnections = options.ownsConnections ?? false;
    this.#orderLookupWindowMs = options.orderLookupWindowMs ?? 86_400_000;
    this.#ownOrders = new OwnOrderEvents({
      client: this.client,
      clock: this.clock,
      emit: (event) => this.#emit(event),
      ...(options.fillLookups === undefined ? {} : { lookups: options.fillLookups }),
    });
  }

  /** Exchange time: the local clock with the offset measured against `GET /time` at subscribe. */
  now(): number {
    return this.clock.now();
  }

  async subscribe(
    subscription: MarketDataSubscription,
    listener: (event: VenueEvent) => void,
  ): Promise<void> {
    this.#listener = listener;
    await this.#syncClock();
    this.#wireUserFeed(subscription);
    await this.userFeed.connect();
    await this.userFeed.subscribe('user', subscription.productIds);
    const wantsMarketData = subscription.ticker || subscription.trades || subscription.book;
    if (!wantsMarketData) return;
    this.#wireMarketFeed(subscription);
    await this.marketFeed.connect();
    if (subscription.ticker) await this.marketFeed.subscribe('ticker', subscription.productIds);
    if (subscription.trades) await this.marketFeed.subscribe('market_trades', subscription.productIds);
    if (subscription.book) await this.marketFeed.subscribe('level2', subscription.productIds);
  }

  async close(): Promise<void> {
    this.#ownOrders.close();
    await Promise.all([this.userFeed.close(), this.marketFeed.close()]);
    this.#listener = undefined;
    if (this.#ownsConnections) this.client.close();
  }

  async products(): Promise<ProductRules[]> {
    const rules: ProductRules[] = [];
    for (const product of await this.client.listProducts()) {
      if (product.product_type !== undefined && product.product_type !== 'SPOT') continue;
      try {
        // Read as the Exchange's product shape (price tick from `price_increment`), like the
        // Advanced Trade market data does, so both APIs give the same rules.
        rules.push(productRulesFromWire(exchangeProductOf(product)));
      } catch (error) {
        this.#emit({ type: 'venue-error', error });
      }
    }
    return rules;
  }

  /** One balance per currency (the accounts of a currency added up). */
  async balances(): Promise<Balance[]> {
    const byCurrency = new Map<string, { available: Decimal; hold: Decimal }>();
    for await (const account of this.client.iterateAccounts()) {
      const available = toDecimal(account.available_balance.value, 'available_balance.value');
      const hold = toDecimal(account.hold?.value ?? '0', 'hold.value');
      const sum = byCurrency.get(account.currency);
      byCurrency.set(
        account.currency,
        sum === undefined
          ? { available, hold }
          : { available: sum.available.plus(available), hold: sum.hold.plus(hold) },
      );
    }
    return [...byCurrency].map(([currency, { available, hold }]) => ({
      currency,
      total: available.plus(hold),
      available,
      hold,
    }));
  }

  async feeRates(): Promise<FeeRates> {
    const { fee_tier: tier } = await this.client.getTransactionSummary();
    return {
      maker: toDecimal(tier.maker_fee_rate, 'maker_fee_rate'),
      taker: toDecimal(tier.taker_fee_rate, 'taker_fee_rate'),
    };
  }

  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    try {
      const placed = await this.client.createOrder(toCreateOrderRequest(request, this.clock.now()));
      return placedOrderReport(placed, request, this.clock.now());
    } catch (error) {
      // The client looks an unclear placement up by client_order_id itself; only
      // OrderStatusUnknownError leaves the order's fate open. Any other error: not placed.
      if (OrderStatusUnknownError.isInstance(error)) throw error;
      throw new VenueRejectedError(`order ${request.clientOrderId} refused: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async cancelOrder(order: OrderReference): Promise<void> {
    const name = order.clientOrderId ?? order.orderId;
    let orderId = order.orderId;
    if (orderId === undefined && order.clientOrderId !== undefined)
      orderId = (await this.orderByClientId(order.clientOrderId, order.productId))?.orderId;
    if (orderId === undefined)
      throw new VenueRejectedError(
        order.clientOrderId === undefined
          ? 'cannot cancel an order with neither an order id nor a client order id'
          : `cancel of ${order.clientOrderId} refused: no such order on Advanced Trade`,
      );
    let result: { success: boolean; failure_reason: string } | undefined;
    try {
      [result] = await this.client.cancelOrders([orderId]);
    } catch (error) {
      if (NotFoundError.isInstance(error) || BadRequestError.isInstance(error))
        throw new VenueRejectedError(`cancel of ${name} refused: ${describe(error)}`, { cause: error });
      throw error;
    }
    if (result === undefined || !result.success)
      throw new VenueRejectedError(`cancel of ${name} refused: ${result?.failure_reason || 'no result'}`);
  }

  async cancelAllOrders(productId?: ProductId): Promise<OrderId[]> {
    const open = (await this.openOrders(productId)).map((report) => report.orderId);
    const canceled: OrderId[] = [];
    for (let start = 0; start < open.length; start += 100) {
      const results = await this.client.cancelOrders(open.slice(start, start + 100));
      for (const result of results) if (result.success) canceled.push(result.order_id as OrderId);
    }
    return canceled;
  }

  async openOrders(productId?: ProductId): Promise<OrderReport[]> {
    const reports: OrderReport[] = [];
    const filter =
      productId === undefined ? { orderStatus: WORKING } : { orderStatus: WORKING, productIds: [productId] };
    for await (const order of this.client.iterateOrders(filter)) {
      const report = orderReportFromRest(order, this.clock.now(), 'pending');
      if (report !== undefined) reports.push(report);
    }
    return reports;
  }

  /** Looks through the product's orders of the last `orderLookupWindowMs` (Advanced Trade has no lookup by client order id). */
  async orderByClientId(
    clientOrderId: ClientOrderId,
    productId: ProductId,
  ): Promise<OrderReport | undefined> {
    const since = new Date(this.clock.now() - this.#orderLookupWindowMs).toISOString();
    const order = await this.client.findOrderByClientOrderId(productId, clientOrderId, since);
    // UNKNOWN_ORDER_STATUS still proves the order exists: it stays working until a report says more.
    return order === undefined ? undefined : orderReportFromRest(order, this.clock.now(), 'pending');
  }

  /**
   * Own fills of `GET /orders/historical/fills`, oldest first. The cursor is this venue's own
   * (`at1.`…): the newest `sequence_timestamp` returned and the fills seen at it; the query
   * resumes there (inclusive) and drops what it already returned.
   *
   * @throws {InvalidFillCursorError} for a cursor this venue did not hand out.
   */
  async fillsSince(query: FillQuery): Promise<FillPage> {
    const after = query.after === undefined ? undefined : decodeFillCursor(query.after);
    const startMs = Math.max(after?.timeMs ?? 0, query.since ?? 0);
    const found: Array<{ wire: AdvancedTradeFill; timeMs: number; entryId: string }> = [];
    const filter = {
      ...(query.orderId === undefined ? { productIds: [query.productId] } : { orderIds: [query.orderId] }),
      ...(startMs > 0 ? { startSequenceTimestamp: new Date(startMs).toISOString() } : {}),
    };
    for await (const wire of this.client.iterateFills(filter)) {
      const timeMs = Date.parse(wire.sequence_timestamp || wire.trade_time);
      const fill = {
        wire,
        timeMs: Number.isNaN(timeMs) ? 0 : timeMs,
        entryId: wire.entry_id || wire.trade_id,
      };
      if (after !== undefined && !isAfter(after, fill)) continue;
      if (query.since !== undefined && fill.timeMs < query.since) continue;
      found.push(fill);
    }
    // Newest first on the wire: reversed, then ordered by time (stable for equal times).
    found.reverse().sort((a, b) => a.timeMs - b.timeMs);
    const fills = found.map(({ wire }) => fillFromRest(wire, this.clock.now(), 'rest'));
    const position: FillPosition | undefined = positionAfter(after, found);
    return { fills, cursor: position === undefined ? undefined : encodeFillCursor(position) };
  }

  async #syncClock(): Promise<void> {
    if (this.#clockSynced) return;
    const sentAt = this.clock.localNow();
    const time = await this.client.getServerTime();
    this.clock.updateFromServerTime(Number(time.epochMillis) / 1000, sentAt, this.clock.localNow());
    this.#clockSynced = true;
  }

  #wireUserFeed(subscription: MarketDataSubscription): void {
    const feed = this.userFeed;
    feed.on('connected', ({ reconnected }) => {
      if (!reconnected) this.#emit({ type: 'connected' });
    });
    this.#wireLifecycle(feed, 'user', subscription.productIds);
    this.#ownOrders.attach(feed);
  }

  #wireMarketFeed(subscription: MarketDataSubscription): void {
    this.#wireLifecycle(this.marketFeed, 'market data', subscription.productIds);
    forwardAdvancedTradeMarketData(this.marketFeed, {
      productIds: subscription.productIds,
      ticker: subscription.ticker,
      trades: subscription.trades,
      books: subscription.book,
      now: () => this.clock.now(),
      emit: (event) => this.#emit(event),
    });
  }

  /** Disconnects, resubscriptions, sequence gaps and errors of one feed. */
  #wireLifecycle(feed: AdvancedTradeFeed, endpoint: string, productIds: readonly ProductId[]): void {
    // "Back" means resubscribed: only then does nothing new slip past both the feed and the
    // reconciliation that this event starts.
    feed.on('resubscribed', () => this.#emit({ type: 'reconnected' }));
    feed.on('disconnected', ({ reason, detail }) =>
      this.#emit({ type: 'disconnected', reason: `${endpoint} endpoint ${reason}: ${detail}` }),
    );
    // sequence_num counts every message of the connection: a gap may have hit any product.
    feed.on('gap-detected', (gap) => {
      for (const productId of productIds)
        this.#emit({
          type: 'gap-detected',
          productId,
          channel: `sequence_num (${endpoint})`,
          detail: `expected ${gap.expected}, received ${gap.received}`,
        });
    });
    feed.on('error', (error) => this.#emit({ type: 'venue-error', error }));
  }

  #emit(event: VenueEvent): void {
    this.#listener?.(event);
  }
}

function describe(error: unknown): string {
  if (UnsupportedOrderError.isInstance(error)) return error.message;
  if (RestError.isInstance(error)) return error.exchangeMessage ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
