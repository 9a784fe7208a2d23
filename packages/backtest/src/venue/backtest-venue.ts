/**
 * The backtest's adapter to the strategy-kit `Venue` port: everything that depends on the port's
 * exact shape (reports, fills, trade ids, queries) is in this one file. Below the port sits a
 * simulated exchange (orders, holds, balances, fees); the replay drivers decide WHEN and AT WHAT
 * PRICE orders fill (candle or tick fill model) and call `fill()` here.
 */
import type { Clock } from '@tradeloop/clock';
import {
  type Balance,
  type Candle,
  type ClientOrderId,
  ExactDecimal,
  type FeeRates,
  type Fill,
  type FillPage,
  type FillQuery,
  isMultipleOf,
  type MarketDataSubscription,
  type OrderId,
  type OrderReference,
  type OrderReport,
  type OrderRequest,
  type ProductId,
  type ProductRules,
  quantize,
  type ReportedOrderStatus,
  type Trade,
  orderId as toOrderId,
  type Venue,
  type VenueEvent,
  VenueRejectedError,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { Account, holdFor } from './account.js';

const ZERO = new ExactDecimal(0);

/** An order on the simulated exchange. */
export interface SimulatedOrder {
  readonly request: OrderRequest;
  readonly orderId: OrderId;
  /** When the strategy placed it (ms, data time). */
  readonly placedAt: number;
  /** When it reaches the exchange: placement + latency. */
  readonly arrivesAt: number;
  /** Placement order, for stable tie-breaking. */
  readonly sequence: number;
  arrived: boolean;
  /** A stop whose trigger was hit: now a limit order at `request.price`. */
  triggered: boolean;
  /** An `open` report went out (the order rests on the book). */
  reportedOpen: boolean;
  filledSize: Decimal;
  /** Quote spent by a market buy by funds. */
  spentFunds: Decimal;
  status: ReportedOrderStatus;
  holdCurrency: string;
  holdRemaining: Decimal;
  readonly holdInitial: Decimal;
}

/** Coinbase's `cancel_after` durations. */
const goodTillMs = { min: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

interface PendingCancel {
  readonly order: SimulatedOrder;
  readonly arrivesAt: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Options of {@link BacktestVenue}. */
export interface BacktestVenueOptions {
  /** The data's clock: every time the venue stamps comes from it. */
  readonly clock: Clock;
  readonly rules: readonly ProductRules[];
  readonly startBalances: Readonly<Record<string, Decimal>>;
  readonly fees: FeeRates;
  /** Placement → arrival delay in ms. Default 0. */
  readonly latencyMs?: number;
  /** Shown in logs. Default `backtest`. */
  readonly name?: string;
}

/**
 * A `Venue` whose exchange is simulated in process. Orders are checked like Coinbase checks them
 * (increments, minimum funds, available balance after holds), answered with a `pending` report,
 * and reach the exchange after the latency; fills, fees and holds move the account exactly.
 */
export class BacktestVenue implements Venue {
  readonly name: string;
  readonly #clock: Clock;
  readonly #rules = new Map<string, ProductRules>();
  readonly #fees: FeeRates;
  readonly #latencyMs: number;
  readonly account: Account;
  readonly #orders = new Map<ClientOrderId, SimulatedOrder>();
  readonly #byOrderId = new Map<OrderId, SimulatedOrder>();
  /** Orders not done, in placement order. */
  #working: SimulatedOrder[] = [];
  readonly #fills: Fill[] = [];
  /** The last print per product: a price, or a candle whose close is it (read only when needed). */
  readonly #lastPrices = new Map<string, Decimal | Candle | Trade>();
  #listener: ((event: VenueEvent) => void) | undefined;
  #sequence = 0;
  #nextTradeId = 1;
  /** Cancels on their way to the exchange. */
  #pendingCancels: PendingCancel[] = [];
  /** Called when an order leaves the book (filled, canceled, rejected), for the fill model. */
  onOrderDone: ((order: SimulatedOrder) => void) | undefined;

  constructor(options: BacktestVenueOptions) {
    this.name = options.name ?? 'backtest';
    this.#clock = options.clock;
    for (const rules of options.rules) this.#rules.set(rules.id, rules);
    this.#fees = options.fees;
    this.#latencyMs = options.latencyMs ?? 0;
    this.account = new Account(options.startBalances);
  }

  // ── the Venue port ─────────────────────────────────────────────────────────

  now(): number {
    return this.#clock.now();
  }

  async subscribe(
    _subscription: MarketDataSubscription,
    listener: (event: VenueEvent) => void,
  ): Promise<void> {
    this.#listener = listener;
    listener({ type: 'connected' });
  }

  async close(): Promise<void> {
    this.#listener = undefined;
  }

  async products(): Promise<ProductRules[]> {
    return [...this.#rules.values()];
  }

  async balances(): Promise<Balance[]> {
    return this.account.balances();
  }

  async feeRates(): Promise<FeeRates> {
    return this.#fees;
  }

  async placeOrder(request: OrderRequest): Promise<OrderReport> {
    const rules = this.#rules.get(request.productId);
    if (rules === undefined) throw new VenueRejectedError(`product ${request.productId} is not listed`);
    if (this.#orders.has(request.clientOrderId)) throw new VenueRejectedError('duplicate client_oid');
    const problem = requestProblem(request, rules);
    if (problem !== undefined) throw new VenueRejectedError(problem);
    const hold = holdFor(request, rules, this.#fees, this.lastPrice(request.productId));
    if (hold.amount.greaterThan(this.account.available(hold.currency)))
      throw new VenueRejectedError(
        `Insufficient funds: needs ${hold.amount.toFixed()} ${hold.currency}, available ${this.account
          .available(hold.currency)
          .toFixed()}`,
      );
    this.account.addHold(hold.currency, hold.amount);
    const now = this.#clock.now();
    const order: SimulatedOrder = {
      request,
      orderId: toOrderId(`${this.name}-${String(this.#sequence + 1).padStart(8, '0')}`),
      placedAt: now,
      arrivesAt: now + this.#latencyMs,
      sequence: this.#sequence++,
      arrived: false,
      triggered: false,
      reportedOpen: false,
      filledSize: ZERO,
      spentFunds: ZERO,
      status: 'pending',
      holdCurrency: hold.currency,
      holdRemaining: hold.amount,
      holdInitial: hold.amount,
    };
    this.#orders.set(request.clientOrderId, order);
    this.#byOrderId.set(order.orderId, order);
    this.#working.push(order);
    if (request.timeInForce === 'GTT' && request.cancelAfter !== undefined)
      // Good till time: the exchange cancels it itself once its time is up.
      this.#pendingCancels.push({
        order,
        arrivesAt: order.arrivesAt + goodTillMs[request.cancelAfter],
        resolve: () => {},
        reject: () => {},
      });
    return this.#report(order, 'rest');
  }

  /**
   * Cancels take the latency to reach the exchange, like placements: meanwhile the order can
   * still fill, and the cancel is then refused as "already done".
   */
  async cancelOrder(reference: OrderReference): Promise<void> {
    const order = this.#find(reference);
    if (order === undefined) throw new VenueRejectedError('order not found');
    if (order.status !== 'open' && order.status !== 'pending')
      throw new VenueRejectedError('Order already done');
    if (this.#latencyMs === 0) {
      this.finish(order, 'canceled');
      return;
    }
    return new Promise((resolve, reject) =>
      this.#pendingCancels.push({ order, arrivesAt: this.#clock.now() + this.#latencyMs, resolve, reject }),
    );
  }

  async cancelAllOrders(productId?: ProductId): Promise<OrderId[]> {
    const canceled: OrderId[] = [];
    for (const order of [...this.#working])
      if (productId === undefined || order.request.productId === productId) {
        this.finish(order, 'canceled');
        canceled.push(order.orderId);
      }
    return canceled;
  }

  async openOrders(productId?: ProductId): Promise<OrderReport[]> {
    return this.#working
      .filter((order) => productId === undefined || order.request.productId === productId)
      .map((order) => this.#report(order, 'rest'));
  }

  async orderByClientId(clientOrderId: ClientOrderId): Promise<OrderReport | undefined> {
    const order = this.#orders.get(clientOrderId);
    return order === undefined ? undefined : this.#report(order, 'rest');
  }

  /** A backtest keeps no fill cursor (`cursor: undefined`); `after`, if given, is a trade id. */
  async fillsSince(query: FillQuery): Promise<FillPage> {
    const fills = this.#fills
      .filter(
        (fill) =>
          fill.productId === query.productId &&
          (query.after === undefined || Number(fill.tradeId) > Number(query.after)) &&
          (query.since === undefined || fill.time >= query.since) &&
          (query.orderId === undefined || fill.orderId === query.orderId),
      )
      .map((fill) => ({ ...fill, source: 'rest' as const }));
    return { fills, cursor: undefined };
  }

  // ── the simulated exchange, driven by the replay ───────────────────────────

  /** The last traded price the exchange saw for a product (for holds of market buys by size). */
  setLastPrice(productId: string, price: Decimal): void {
    this.#lastPrices.set(productId, price);
  }

  /** The last print was a candle's close (candle mode): kept as the candle, its Decimal made only if read. */
  setLastCandle(productId: string, candle: Candle): void {
    this.#lastPrices.set(productId, candle);
  }

  /** The last print was a trade (tick mode): kept as the trade, its Decimal made only if read. */
  setLastTrade(productId: string, trade: Trade): void {
    this.#lastPrices.set(productId, trade);
  }

  lastPrice(productId: string): Decimal | undefined {
    const last = this.#lastPrices.get(productId);
    if (last === undefined) return undefined;
    if ('close' in last) return last.close;
    if ('takerSide' in last) return last.price;
    return last;
  }

  rules(productId: string): ProductRules {
    const rules = this.#rules.get(productId);
    if (rules === undefined) throw new VenueRejectedError(`product ${productId} is not listed`);
    return rules;
  }

  get fees(): FeeRates {
    return this.#fees;
  }

  /**
   * Orders that reach the exchange by `now` and had not yet: marked arrived and returned, in
   * placement order. Call {@link BacktestVenue.reportResting} once their arrival was matched.
   */
  arriveDue(now: number): SimulatedOrder[] {
    if (this.#pendingCancels.length > 0) this.applyCancels(now);
    const arrived: SimulatedOrder[] = [];
    for (const order of this.#working)
      if (!order.arrived && order.arrivesAt <= now) {
        order.arrived = true;
        arrived.push(order);
      }
    return arrived;
  }

  /** Applies the cancels that reached the exchange by `now` (all of them with `Infinity`, at the end of the data). */
  applyCancels(now: number): void {
    const waiting: PendingCancel[] = [];
    for (const pending of this.#pendingCancels) {
      if (pending.arrivesAt > now) {
        waiting.push(pending);
        continue;
      }
      const { order } = pending;
      if (order.status === 'open' || order.status === 'pending') {
        this.finish(order, 'canceled');
        pending.resolve();
      } else pending.reject(new VenueRejectedError('Order already done'));
    }
    this.#pendingCancels = waiting;
  }

  /** Reports `open` for every arrived limit or stop order still working that was not reported yet. */
  reportResting(): void {
    for (const order of this.#working)
      if (order.arrived && !order.reportedOpen && order.request.type !== 'market') {
        order.reportedOpen = true;
        order.status = 'open';
        this.emit({ type: 'order-report', report: this.#report(order, 'feed') });
      }
  }

  /** Orders on the exchange (arrived, not done) of one product, in placement order. */
  working(productId: string): SimulatedOrder[] {
    return this.#working.filter((order) => order.arrived && order.request.productId === productId);
  }

  /** Cancels (and good-till-time expiries) on their way to the exchange. */
  get pendingCancelCount(): number {
    return this.#pendingCancels.length;
  }

  /** Orders placed and not done (arrived or not). */
  get workingCount(): number {
    return this.#working.length;
  }

  /** The size an order can still fill at `price`: its remaining size, or what its remaining funds buy after the fee. */
  fillableSize(order: SimulatedOrder, price: Decimal): Decimal {
    const rules = this.rules(order.request.productId);
    if (order.request.size !== undefined) return order.request.size.minus(order.filledSize);
    const funds = (order.request.funds ?? ZERO).minus(order.spentFunds);
    return quantize(funds.div(price.times(this.#fees.taker.plus(1))), rules.baseIncrement, 'down');
  }

  /**
   * Fills (part of) an order: fee, balances and hold move, the fill goes out on the feed, and a
   * `filled` report when nothing remains. A buy the account cannot pay any more (the price moved
   * past its hold) is canceled instead, like Coinbase's "insufficient funds" cancel.
   *
   * @returns the fill, or `undefined` when nothing filled.
   */
  fill(
    order: SimulatedOrder,
    price: Decimal,
    size: Decimal,
    liquidity: 'maker' | 'taker',
    time: number,
  ): Fill | undefined {
    if (order.status !== 'open' && order.status !== 'pending') return undefined;
    const rules = this.rules(order.request.productId);
    if (!size.isPositive() || size.isZero()) {
      if (order.request.funds !== undefined)
        this.finish(order, order.filledSize.isZero() ? 'canceled' : 'filled');
      return undefined;
    }
    const value = price.times(size);
    const fee = value.times(liquidity === 'maker' ? this.#fees.maker : this.#fees.taker);
    const share =
      order.request.size === undefined
        ? order.holdRemaining
        : order.holdInitial.times(size).div(order.request.size);
    const release = share.greaterThan(order.holdRemaining) ? order.holdRemaining : share;
    if (
      order.request.side === 'buy' &&
      value.plus(fee).greaterThan(this.account.available(rules.quoteCurrency).plus(release))
    ) {
      this.finish(order, 'canceled');
      return undefined;
    }
    this.account.releaseHold(order.holdCurrency, release);
    order.holdRemaining = order.holdRemaining.minus(release);
    this.account.settleFill(rules, order.request.side, price, size, fee);
    order.filledSize = order.filledSize.plus(size);
    if (order.request.funds !== undefined) order.spentFunds = order.spentFunds.plus(value).plus(fee);
    const fill: Fill = {
      tradeId: String(this.#nextTradeId++),
      productId: order.request.productId,
      orderId: order.orderId,
      clientOrderId: order.request.clientOrderId,
      side: order.request.side,
      price,
      size,
      fee,
      liquidity,
      time,
      source: 'feed',
    };
    this.#fills.push(fill);
    this.emit({ type: 'fill', fill });
    const complete =
      order.request.size !== undefined
        ? order.filledSize.greaterThanOrEqualTo(order.request.size)
        : this.fillableSize(order, price).isZero();
    if (complete) this.finish(order, 'filled');
    return fill;
  }

  /** Ends an order (filled, canceled, rejected): its hold is released and a report goes out. */
  finish(order: SimulatedOrder, status: 'filled' | 'canceled' | 'rejected', reason?: string): void {
    if (order.status !== 'open' && order.status !== 'pending') return;
    order.status = status;
    this.account.releaseHold(order.holdCurrency, order.holdRemaining);
    order.holdRemaining = ZERO;
    this.#working = this.#working.filter((working) => working !== order);
    const report = this.#report(order, 'feed');
    this.emit({
      type: 'order-report',
      report: reason === undefined ? report : { ...report, rejectReason: reason },
    });
    this.onOrderDone?.(order);
  }

  /** Sends a market-data or order event to the runtime. */
  emit(event: VenueEvent): void {
    this.#listener?.(event);
  }

  #find(reference: OrderReference): SimulatedOrder | undefined {
    return (
      (reference.clientOrderId === undefined ? undefined : this.#orders.get(reference.clientOrderId)) ??
      (reference.orderId === undefined ? undefined : this.#byOrderId.get(reference.orderId))
    );
  }

  #report(order: SimulatedOrder, source: 'feed' | 'rest'): OrderReport {
    const request = order.request;
    return {
      orderId: order.orderId,
      clientOrderId: request.clientOrderId,
      productId: request.productId,
      side: request.side,
      type: request.type,
      status: order.status,
      ...(request.price === undefined ? {} : { price: request.price }),
      ...(request.size === undefined ? {} : { size: request.size }),
      ...(request.funds === undefined ? {} : { funds: request.funds }),
      ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
      filledSize: order.filledSize,
      time: this.#clock.now(),
      source,
    };
  }
}

/** What Coinbase would refuse in a request, or `undefined`. */
function requestProblem(request: OrderRequest, rules: ProductRules): string | undefined {
  if (rules.status !== 'online' || rules.tradingDisabled || rules.cancelOnly)
    return `${rules.id} is not trading`;
  if (
    request.size !== undefined &&
    (!isMultipleOf(request.size, rules.baseIncrement) || request.size.lessThanOrEqualTo(0))
  )
    return `size ${request.size.toFixed()} is not a positive multiple of base_increment ${rules.baseIncrement.toFixed()}`;
  for (const [field, value] of [
    ['price', request.price],
    ['stop_price', request.stopPrice],
    ['funds', request.funds],
  ] as const)
    if (value !== undefined && (!isMultipleOf(value, rules.quoteIncrement) || value.lessThanOrEqualTo(0)))
      return `${field} ${value.toFixed()} is not a positive multiple of quote_increment ${rules.quoteIncrement.toFixed()}`;
  if (
    request.type === 'market' &&
    request.funds !== undefined &&
    request.funds.lessThan(rules.minMarketFunds)
  )
    return `funds ${request.funds.toFixed()} are under min_market_funds ${rules.minMarketFunds.toFixed()}`;
  if (request.type !== 'market' && request.size !== undefined && request.price !== undefined) {
    const notional = request.size.times(request.price);
    if (notional.lessThan(rules.minMarketFunds))
      return `notional ${notional.toFixed()} is under min_market_funds ${rules.minMarketFunds.toFixed()}`;
  }
  if (request.timeInForce === 'GTT' && request.cancelAfter === undefined)
    return 'time_in_force GTT needs cancel_after (min, hour or day)';
  if (request.type === 'market' && rules.limitOnly) return `${rules.id} is limit only`;
  return undefined;
}
