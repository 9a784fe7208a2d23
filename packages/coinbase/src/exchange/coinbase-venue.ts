import { ExchangeClock, type ExchangeCredentials } from '@tradeloop/auth';
import {
  BadRequestError,
  CoinbaseExchangeClient,
  type CoinbaseExchangeClientOptions,
  NotFoundError,
  OrderStatusUnknownError,
  RestError,
} from '@tradeloop/rest';
import {
  type Balance,
  type ClientOrderId,
  type FeeRates,
  type Fill,
  type FillCursor,
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
import { type ChannelName, CoinbaseFeed, type CoinbaseFeedOptions } from '@tradeloop/websocket';
import { InvalidFillCursorError, VenueEnvironmentRequiredError } from '../errors.js';
import {
  fillFromRest,
  orderReportFromRest,
  privateUpdateFromFeed,
  tickerFromFeed,
  toPlaceOrderRequest,
} from './coinbase-mapping.js';
import { level3SnapshotsFrom } from './level3-snapshots.js';
import { forwardPublicMarketData } from './public-market-events.js';

/** Options of {@link createCoinbaseVenue}. */
export interface CoinbaseVenueOptions {
  /** An Exchange API key (`@tradeloop/auth`); trading and the `user` channel need one. */
  credentials: ExchangeCredentials;
  /**
   * REST base URL: `coinbaseEndpoints.exchange.production.restUrl` for real money, the
   * simulator's `restUrl` in tests. Give it with `feedUrl`, or `sandbox: true`: there is no default.
   */
  restUrl?: string;
  /** Feed URL: `coinbaseEndpoints.exchange.production.feedUrl`, the simulator's `wsUrl`. Given with `restUrl`. */
  feedUrl?: string;
  /** Use Coinbase's public sandbox for both (URLs given win). */
  sandbox?: boolean;
  /** More REST client options (rate limits, retries, timeouts). */
  rest?: Omit<CoinbaseExchangeClientOptions, 'credentials' | 'baseUrl' | 'sandbox' | 'clock'>;
  /** More feed options (watchdog, reconnect backoff). */
  feed?: Omit<CoinbaseFeedOptions, 'credentials' | 'url' | 'sandbox' | 'clock'>;
}

/**
 * Builds a {@link CoinbaseVenue} with a REST client and a feed that share one exchange clock.
 *
 * @example
 * const venue = createCoinbaseVenue({ credentials: exchangeCredentialsFromEnv()!, sandbox: true });
 * const venue = createCoinbaseVenue({ credentials, ...coinbaseEndpoints.exchange.production }); // real money
 * const venue = createCoinbaseVenue({ credentials, restUrl: sim.restUrl, feedUrl: sim.wsUrl }); // the simulator
 *
 * @throws {VenueEnvironmentRequiredError} without `sandbox: true` or both `restUrl` and `feedUrl`.
 */
export function createCoinbaseVenue(options: CoinbaseVenueOptions): CoinbaseVenue {
  // Each URL must come from somewhere explicit: a missing one would default to production.
  const missing = [
    ...(options.restUrl === undefined ? ['restUrl'] : []),
    ...(options.feedUrl === undefined ? ['feedUrl'] : []),
  ];
  if (options.sandbox !== true && missing.length > 0) {
    throw new VenueEnvironmentRequiredError(
      `${options.sandbox === false ? 'sandbox: false and ' : ''}no ${missing.join(' and no ')}`,
    );
  }
  const clock = new ExchangeClock();
  const client = new CoinbaseExchangeClient({
    syncClockOnStart: true,
    // An order is written to its socket within placeOrder, not after the runtime's whole task.
    standbyPost: true,
    ...options.rest,
    credentials: options.credentials,
    clock,
    ...(options.restUrl === undefined ? {} : { baseUrl: options.restUrl }),
    ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
  });
  const feed = new CoinbaseFeed({
    ...options.feed,
    // Level-3 resyncs fetch their snapshots through this venue's REST client (its rate limit and retries).
    books: { level3Snapshots: level3SnapshotsFrom(client), ...options.feed?.books },
    credentials: options.credentials,
    clock,
    ...(options.feedUrl === undefined ? {} : { url: options.feedUrl }),
    ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
  });
  return new CoinbaseVenue({ client, feed, ownsConnections: true });
}

/**
 * The {@link Venue} for Coinbase Exchange (and the tradeloop simulator), on `@tradeloop/rest`
 * and `@tradeloop/websocket`. It only translates: wire messages into domain events, commands into
 * REST calls. Own orders come from the `user` channel; public trades from `matches` (each trade
 * once, even when it is ours too); the book from `level2`.
 */
export class CoinbaseVenue implements Venue {
  readonly name = 'coinbase';
  readonly client: CoinbaseExchangeClient;
  readonly feed: CoinbaseFeed;
  readonly #ownsConnections: boolean;
  #listener: ((event: VenueEvent) => void) | undefined;

  constructor(options: { client: CoinbaseExchangeClient; feed: CoinbaseFeed; ownsConnections?: boolean }) {
    this.client = options.client;
    this.feed = options.feed;
    this.#ownsConnections = options.ownsConnections ?? false;
  }

  /** Exchange time: the REST client's clock, with the offset measured against `GET /time`. */
  now(): number {
    return this.client.clock.now();
  }

  async subscribe(
    subscription: MarketDataSubscription,
    listener: (event: VenueEvent) => void,
  ): Promise<void> {
    this.#listener = listener;
    this.#wireFeed(subscription);
    const channels: ChannelName[] = ['user'];
    if (subscription.ticker) channels.push('ticker');
    if (subscription.trades) channels.push('matches');
    if (subscription.book) channels.push('level2');
    await this.feed.connect();
    await this.feed.subscribe(channels, subscription.productIds);
  }

  async close(): Promise<void> {
    this.#listener = undefined;
    await this.feed.close();
    if (this.#ownsConnections) this.client.close();
  }

  async products(): Promise<ProductRules[]> {
    const rules: ProductRules[] = [];
    for (const product of await this.client.getProducts()) {
      try {
        rules.push(productRulesFromWire(product));
      } catch (error) {
        this.#emit({ type: 'venue-error', error });
      }
    }
    return rules;
  }

  async balances(): Promise<Balance[]> {
    return (await this.client.getAccounts()).map((account) => ({
      currency: account.currency,
      total: toDecimal(account.balance, 'balance'),
      available: toDecimal(account.available, 'available'),
      hold: toDecimal(account.hold, 'hold'),
    }));
  }

  async feeRates(): Promise<FeeRates> {
    const fees = await this.client.getFees();
    return {
      maker: toDecimal(fees.maker_fee_rate, 'maker_fee_rate'),
      taker: toDecimal(fees.taker_fee_rate, 'taker_fee_rate'),
    };
  }

  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    try {
      return orderReportFromRest(
        await this.client.placeOrder(toPlaceOrderRequest(request)),
        this.client.clock.now(),
      );
    } catch (error) {
      // The REST client looks an unclear placement up by client_oid itself; only
      // OrderStatusUnknownError leaves the order's fate open. Any other error: not placed.
      if (OrderStatusUnknownError.isInstance(error)) throw error;
      throw new VenueRejectedError(`order ${request.clientOrderId} refused: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async cancelOrder(order: OrderReference): Promise<void> {
    try {
      if (order.orderId !== undefined) await this.client.cancelOrder(order.orderId, order.productId);
      else if (order.clientOrderId !== undefined)
        await this.client.cancelOrderByClientOid(order.clientOrderId, order.productId);
      else
        throw new VenueRejectedError('cannot cancel an order with neither an order id nor a client order id');
    } catch (error) {
      if (NotFoundError.isInstance(error) || BadRequestError.isInstance(error))
        throw new VenueRejectedError(
          `cancel of ${order.clientOrderId ?? order.orderId} refused: ${describe(error)}`,
          {
            cause: error,
          },
        );
      throw error;
    }
  }

  async cancelAllOrders(productId?: ProductId): Promise<OrderId[]> {
    return (await this.client.cancelAllOrders(productId)) as OrderId[];
  }

  async openOrders(productId?: ProductId): Promise<OrderReport[]> {
    const reports: OrderReport[] = [];
    const filter =
      productId === undefined
        ? { status: ['open', 'pending', 'active'] as const }
        : { productId, status: ['open', 'pending', 'active'] as const };
    for await (const order of this.client.iterateOrders(filter))
      reports.push(orderReportFromRest(order, this.client.clock.now()));
    return reports;
  }

  async orderByClientId(clientOrderId: ClientOrderId): Promise<OrderReport | undefined> {
    try {
      return orderReportFromRest(
        await this.client.getOrderByClientOid(clientOrderId),
        this.client.clock.now(),
      );
    } catch (error) {
      if (NotFoundError.isInstance(error)) return undefined;
      throw error;
    }
  }

  /** The cursor is the newest trade id returned (Coinbase trade ids grow per product), as a string. */
  async fillsSince(query: FillQuery): Promise<FillPage> {
    const afterTradeId = query.after === undefined ? undefined : tradeIdOfCursor(query.after);
    const fills: Fill[] = [];
    const filter = query.orderId === undefined ? { productId: query.productId } : { orderId: query.orderId };
    // Newest first: stop at the first fill at or below the cursor, or older than `since`.
    for await (const wire of this.client.iterateFills(filter)) {
      if (afterTradeId !== undefined && wire.trade_id <= afterTradeId) break;
      const fill = fillFromRest(wire, this.client.clock.now());
      if (query.since !== undefined && fill.time < query.since) break;
      fills.push(fill);
    }
    fills.reverse();
    const newest = fills.at(-1);
    return { fills, cursor: newest === undefined ? query.after : newest.tradeId };
  }

  #wireFeed(subscription: MarketDataSubscription): void {
    const feed = this.feed;
    const products = new Set<string>(subscription.productIds);
    feed.on('connected', ({ reconnected }) => {
      if (!reconnected) this.#emit({ type: 'connected' });
    });
    // After a reconnect, "back" means resubscribed: only then does nothing new slip past both the
    // feed and the reconciliation that this event starts.
    feed.on('resubscribed', () => this.#emit({ type: 'reconnected' }));

    feed.on('disconnected', ({ reason, detail }) =>
      this.#emit({ type: 'disconnected', reason: `${reason}: ${detail}` }),
    );
    feed.on('gap-detected', (gap) =>
      this.#emit({
        type: 'gap-detected',
        productId: gap.productId as ProductId,
        channel: `sequence (${gap.via})`,
        detail: `expected ${gap.expected}, received ${gap.received} (${gap.missing} missing)`,
      }),
    );
    feed.on('error', (error) => this.#emit({ type: 'venue-error', error }));
    feed.on('ticker', (message) => {
      if (products.has(message.product_id))
        this.#translate(() => ({ type: 'ticker', ticker: tickerFromFeed(message, this.client.clock.now()) }));
    });
    feed.on('order-updated', (message) => {
      let update: ReturnType<typeof privateUpdateFromFeed>;
      try {
        update = privateUpdateFromFeed(message, this.client.clock.now());
      } catch (error) {
        this.#emit({ type: 'venue-error', error });
        return;
      }
      if (update.kind === 'report') this.#emit({ type: 'order-report', report: update.report });
      else if (update.kind === 'fill') this.#emit({ type: 'fill', fill: update.fill });
      else if (update.kind === 'resize') this.#emit({ type: 'order-resized', resize: update.resize });
    });
    forwardPublicMarketData(feed, {
      productIds: subscription.productIds,
      trades: subscription.trades,
      books: subscription.book,
      now: () => this.client.clock.now(),
      // Straight to the listener (no #emit hop): every trade and book takes this path.
      emit: (event) => this.#listener?.(event),
    });
  }

  #translate(make: () => VenueEvent): void {
    let event: VenueEvent;
    try {
      event = make();
    } catch (error) {
      this.#emit({ type: 'venue-error', error });
      return;
    }
    this.#emit(event);
  }

  #emit(event: VenueEvent): void {
    this.#listener?.(event);
  }
}

/** A cursor this venue handed out: a trade id in decimal digits. */
function tradeIdOfCursor(cursor: FillCursor): number {
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidFillCursorError(cursor);
  return Number(cursor);
}

function describe(error: unknown): string {
  if (RestError.isInstance(error)) return error.exchangeMessage ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
