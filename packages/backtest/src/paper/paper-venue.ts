/**
 * Paper trading: live public market data, orders filled locally by the backtest's tick mode. The
 * venue never sends an order anywhere: below the `Venue` port sits the backtest's simulated
 * exchange, and each live message goes through the same step as a recorded one
 * ({@link TickExchange}), on a clock that is the data's time, so a recording of the session
 * backtests to the same fills.
 */
import { ManualClock } from '@tradeloop/clock';
import type {
  Balance,
  BookView,
  ClientOrderId,
  FeeRates,
  FillPage,
  FillQuery,
  MarketDataSubscription,
  OrderId,
  OrderReference,
  OrderReport,
  OrderRequest,
  ProductId,
  ProductRules,
  Trade,
  Venue,
  VenueEvent,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { resolveBalance, resolveSlippageBps } from '../config-decimals.js';
import { bookSnapshotMessage, tradeMessage } from '../data/market-messages.js';
import type { RecordingMessage } from '../data/recording.js';
import { BacktestConfigError } from '../errors.js';
import { resolveFeeRates } from '../fees.js';
import { defaultProductRules } from '../products.js';
import { TickExchange } from '../run/tick-exchange.js';
import { BacktestVenue } from '../venue/backtest-venue.js';
import type { RecordingSink } from '../venue/recording-venue.js';

/** What a live market-data source streams: public trades and books, and the state of its connection. */
export type MarketDataEvent =
  | { readonly type: 'trade'; readonly trade: Trade }
  | { readonly type: 'book'; readonly book: BookView }
  | Extract<VenueEvent, { type: 'disconnected' | 'reconnected' | 'gap-detected' | 'venue-error' }>;

/**
 * A live public market-data source (e.g. `createCoinbaseMarketData` of `@tradeloop/coinbase`).
 * It has no way to trade: paper trading cannot send an order by construction.
 */
export interface MarketDataSource {
  /** Starts streaming the trades and books of `productIds`. */
  subscribe(productIds: readonly string[], listener: (event: MarketDataEvent) => void): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createPaperVenue}. */
export interface PaperVenueOptions {
  readonly marketData: MarketDataSource;
  readonly products: readonly string[];
  /** Start balances, e.g. `{ USD: '10000', BTC: '0.1' }` (the quote and the products' base currencies). */
  readonly balances: Readonly<Record<string, string>>;
  /** Product rules (e.g. from the source's `GET /products`); default {@link defaultProductRules}. */
  readonly productRules?: readonly ProductRules[];
  /** Fee rates, or `maker=…,taker=…`. Default: {@link defaultFeeRates}. */
  readonly fees?: FeeRates | string;
  /** Placement → exchange delay in ms, as in the backtest. Default 0. */
  readonly latencyMs?: number;
  /** Market-order slippage in basis points. Default 0. */
  readonly slippageBps?: string | number;
  /** Where to record the session (a `RecordingWriter`): exactly the messages that were traded on. */
  readonly recording?: RecordingSink;
  /** Levels per side kept of each live book (and recorded). Default 50. */
  readonly bookDepth?: number;
}

/** What {@link PaperVenue.run} needs of the runtime: a way to wait until it has handled everything. */
export interface SettlingRuntime {
  idle(): Promise<void>;
}

/**
 * Builds a {@link PaperVenue}. Then: `await venue.open()` (waits for the first market message and
 * sets `venue.clock` to its time), `createRuntime({ venue, clock: venue.clock, reconcileIntervalMs: 0, … })`,
 * `await runtime.start()`, `venue.run(runtime)`; to stop, `await venue.stopMarket()` then `runtime.stop()`.
 *
 * @throws BacktestConfigError for balances, fees, latency or slippage that cannot work.
 */
export function createPaperVenue(options: PaperVenueOptions): PaperVenue {
  return new PaperVenue(options);
}

/** A `Venue` that trades on paper against a live market (see {@link createPaperVenue}). */
export class PaperVenue implements Venue {
  readonly name = 'paper';
  /** The data's clock: give it to the runtime, so timers run on market time as in a backtest. */
  readonly clock = new ManualClock(0);
  readonly #options: PaperVenueOptions;
  readonly #exchangeVenue: BacktestVenue;
  readonly #slippageBps: Decimal;
  readonly #depth: number;
  readonly #queue: RecordingMessage[] = [];
  #exchange: TickExchange | undefined;
  #draining: Promise<void> | undefined;
  #lastTime = Number.NEGATIVE_INFINITY;
  #marketStopped = false;
  #firstMessage: (() => void) | undefined;

  constructor(options: PaperVenueOptions) {
    this.#options = options;
    const rules = options.products.map(
      (id) => options.productRules?.find((candidate) => candidate.id === id) ?? defaultProductRules(id),
    );
    const known = new Set(rules.flatMap((product) => [product.baseCurrency, product.quoteCurrency]));
    const balances: Record<string, Decimal> = {};
    for (const [currency, amount] of Object.entries(options.balances)) {
      if (!known.has(currency))
        throw new BacktestConfigError(
          'balances',
          `${currency} is neither a quote nor a base currency of ${options.products.join(', ')}`,
        );
      balances[currency] = resolveBalance(currency, amount);
    }
    const latencyMs = options.latencyMs ?? 0;
    if (!Number.isInteger(latencyMs) || latencyMs < 0)
      throw new BacktestConfigError(
        'latencyMs',
        `expected a whole number of ms, 0 or more, received ${latencyMs}`,
      );
    this.#slippageBps = resolveSlippageBps(options.slippageBps);
    this.#depth = options.bookDepth ?? 50;
    const fees = resolveFeeRates(options.fees);
    this.#exchangeVenue = new BacktestVenue({
      clock: this.clock,
      rules,
      startBalances: balances,
      fees,
      latencyMs,
      name: 'paper',
    });
  }

  /**
   * Subscribes to the market data and waits for its first trade or book: the clock starts at that
   * message's time. Messages are kept until {@link PaperVenue.run}.
   */
  async open(): Promise<void> {
    const first = new Promise<void>((resolve) => {
      this.#firstMessage = resolve;
    });
    await this.#options.marketData.subscribe(this.#options.products, (event) => this.#onMarket(event));
    await first;
  }

  /**
   * Starts trading on the market data, once the runtime has started: each message is matched and
   * handed to the runtime, and the next waits until the runtime has handled it (as in a backtest).
   */
  run(runtime: SettlingRuntime): void {
    this.#exchange ??= new TickExchange({
      clock: this.clock,
      venue: this.#exchangeVenue,
      slippageBps: this.#slippageBps,
      settle: () => runtime.idle(),
    });
    this.#drain();
  }

  /**
   * Ends the market for this session before the runtime stops: no message is traded on (or
   * recorded) any more, so nothing fills; cancels in flight and later ones apply at once (a
   * backtest applies them at the end of its data the same way).
   */
  async stopMarket(): Promise<void> {
    this.#marketStopped = true;
    this.#queue.length = 0;
    await this.#draining;
    this.#exchangeVenue.applyCancels(Number.POSITIVE_INFINITY);
  }

  /** The last traded price of a product, as the paper exchange saw it. */
  lastPrice(productId: string): Decimal | undefined {
    return this.#exchange?.lastPrice(productId);
  }

  // ── the Venue port: the simulated exchange answers ─────────────────────────

  now(): number {
    return this.clock.now();
  }

  subscribe(subscription: MarketDataSubscription, listener: (event: VenueEvent) => void): Promise<void> {
    return this.#exchangeVenue.subscribe(subscription, listener);
  }

  async close(): Promise<void> {
    await this.stopMarket();
    await this.#options.marketData.close();
    await this.#exchangeVenue.close();
  }

  products(): Promise<ProductRules[]> {
    return this.#exchangeVenue.products();
  }

  balances(): Promise<Balance[]> {
    return this.#exchangeVenue.balances();
  }

  feeRates(): Promise<FeeRates> {
    return this.#exchangeVenue.feeRates();
  }

  placeOrder(request: OrderRequest): Promise<OrderReport> {
    return this.#exchangeVenue.placeOrder(request);
  }

  cancelOrder(reference: OrderReference): Promise<void> {
    const canceled = this.#exchangeVenue.cancelOrder(reference);
    if (this.#marketStopped) this.#exchangeVenue.applyCancels(Number.POSITIVE_INFINITY);
    return canceled;
  }

  cancelAllOrders(productId?: ProductId): Promise<OrderId[]> {
    return this.#exchangeVenue.cancelAllOrders(productId);
  }

  openOrders(productId?: ProductId): Promise<OrderReport[]> {
    return this.#exchangeVenue.openOrders(productId);
  }

  orderByClientId(clientOrderId: ClientOrderId): Promise<OrderReport | undefined> {
    return this.#exchangeVenue.orderByClientId(clientOrderId);
  }

  fillsSince(query: FillQuery): Promise<FillPage> {
    return this.#exchangeVenue.fillsSince(query);
  }

  // ── the live market ────────────────────────────────────────────────────────

  #onMarket(event: MarketDataEvent): void {
    if (this.#marketStopped) return;
    if (event.type !== 'trade' && event.type !== 'book') {
      this.#exchangeVenue.emit(event);
      return;
    }
    // Feeds can stamp a message a little before the previous one: market time never goes back.
    const stamp = (time: number) => {
      this.#lastTime = Math.max(this.#lastTime, time);
      return this.#lastTime;
    };
    const message =
      event.type === 'trade'
        ? tradeMessage(event.trade, stamp(event.trade.time))
        : bookSnapshotMessage(event.book, this.#depth, stamp(event.book.time));
    if (this.#firstMessage !== undefined) {
      this.clock.advanceTo(message.time);
      this.#firstMessage();
      this.#firstMessage = undefined;
    }
    this.#queue.push(message);
    this.#drain();
  }

  /** Trades on the queued messages one at a time, each after the runtime handled the one before. */
  #drain(): void {
    const exchange = this.#exchange;
    if (exchange === undefined || this.#draining !== undefined) return;
    this.#draining = (async () => {
      while (!this.#marketStopped) {
        const message = this.#queue.shift();
        if (message === undefined) break;
        try {
          this.#options.recording?.write(message);
          await exchange.apply(message);
        } catch (error) {
          this.#exchangeVenue.emit({ type: 'venue-error', error });
        }
      }
    })().finally(() => {
      this.#draining = undefined;
      // A message that came while the loop was finishing.
      if (this.#queue.length > 0 && !this.#marketStopped) this.#drain();
    });
  }
}
