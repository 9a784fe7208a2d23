import { type Clock, createSystemClock } from '@tradeloop/clock';
import { CURRENCY_DECIMALS } from '../accounts/account.js';
import type { AccountBook } from '../accounts/account-book.js';
import { createFeeSchedule, DEFAULT_FEE_RATES, type FeeRateSettings } from '../accounts/fee-schedule.js';
import { scaledFromText } from '../core/decimal-units.js';
import { Random, randomUserId, randomUuid } from '../core/random.js';
import { CANCEL_REASON, MatchingEngine } from '../engine/matching-engine.js';
import { StopBook } from '../engine/stop-book.js';
import { SyntheticMarket } from '../market/synthetic-market.js';
import type { ExchangeListenerError } from '../simulator-errors.js';
import { AccountQueries } from './account-queries.js';
import type {
  AccountWire,
  BookWire,
  Caller,
  CandleWire,
  CursorPage,
  CursorPageRequest,
  ExchangeApi,
  ExchangeEvent,
  FillWire,
  HoldWire,
  LedgerEntryWire,
  OrderStatusWire,
  OrderWire,
  Permission,
  PlaceOrderRequestWire,
  ProductWire,
  Result,
  TradeWire,
} from './contract.js';
import { EventOutbox } from './event-outbox.js';
import type { ExchangeOptions, ProfileHandle, ProfileOptions } from './exchange-options.js';
import { ExchangeState, type ProductState } from './exchange-state.js';
import { MarketDataQueries } from './market-data-queries.js';
import { ExpiryQueue } from './orders/expiry-queue.js';
import { OrderAdmission } from './orders/order-admission.js';
import { OrderCommands } from './orders/order-commands.js';
import { OrderExecution } from './orders/order-execution.js';
import { OrderQueries } from './orders/order-queries.js';
import { StopTriggers } from './orders/stop-triggers.js';
import { DEFAULT_PRODUCTS, Product, type ProductModes } from './products.js';
import { type OrderRecord, ProfileState } from './records.js';
import { TradeTape } from './trade-tape.js';

const DEFAULT_PERMISSIONS: readonly Permission[] = ['view', 'trade'];

/**
 * Creates an in-process Coinbase Exchange: products, profiles with accounts, a matching engine
 * per product, market data and the event stream. The transport (`src/server`) serves it over
 * HTTP and WebSocket; a backtest can drive it directly.
 *
 * @example
 * const exchange = createExchange({ seed: 7 });
 * const { profileId } = exchange.addProfile({ balances: { USD: '10000' } });
 * const caller = exchange.caller(profileId);
 * exchange.placeOrder(caller, { product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '0.01' });
 */
export function createExchange(options: ExchangeOptions = {}): SimulatedExchange {
  return new SimulatedExchange(options);
}

/**
 * The in-process exchange. See {@link createExchange}. A façade: it builds the parts (admission,
 * execution, stop triggers, the event outbox, the queries) around one shared state and hands each
 * request to the part that answers it.
 */
export class SimulatedExchange implements ExchangeApi {
  /** The exchange's time and timers (GTT expiry, the synthetic market). */
  readonly clock: Clock;
  /** Balances, holds, ledgers and collected fees (read it in tests to check conservation). */
  readonly accountBook: AccountBook;
  readonly random: Random;
  /** The background market, when the options asked for one. */
  readonly market: SyntheticMarket | undefined;
  private readonly state: ExchangeState;
  private readonly currencyList: string[] = [];
  private readonly defaultFees: FeeRateSettings;
  private readonly outbox: EventOutbox;
  private readonly expiring: ExpiryQueue;
  private readonly commands: OrderCommands;
  private readonly orderQueries: OrderQueries;
  private readonly accountQueries: AccountQueries;
  private readonly marketData: MarketDataQueries;
  private readonly startHooks: Array<{ start(): void; stop(): void }> = [];

  constructor(options: ExchangeOptions = {}) {
    this.clock = options.clock ?? createSystemClock({ unrefTimers: true });
    this.random = new Random(options.seed ?? 1);
    this.defaultFees = options.fees ?? DEFAULT_FEE_RATES;
    createFeeSchedule(this.defaultFees);
    const state = new ExchangeState(this.clock, this.random.fork('ids'));
    this.state = state;
    this.accountBook = state.accountBook;
    this.outbox = new EventOutbox(options.onListenerError ?? warnOfListenerError);
    const execution = new OrderExecution(state, this.outbox);
    const stopTriggers = new StopTriggers(this.clock, this.outbox, execution);
    // Expiry cancels through the commands, which need the queue first: the callback closes over them.
    this.expiring = new ExpiryQueue(this.clock, (order) =>
      this.commands.expire(order, CANCEL_REASON.timeInForce),
    );
    this.orderQueries = new OrderQueries(state, this.expiring);
    this.accountQueries = new AccountQueries(state, this.defaultFees);
    this.marketData = new MarketDataQueries(state, this.expiring, options.candleHistory, options.seed ?? 1);
    this.commands = new OrderCommands({
      state,
      expiring: this.expiring,
      admission: new OrderAdmission(state, this.expiring, options.maxOpenOrders ?? 500),
      execution,
      stopTriggers,
      queries: this.orderQueries,
      outbox: this.outbox,
    });
    for (const config of options.products ?? DEFAULT_PRODUCTS) {
      if (state.products.has(config.id))
        throw new RangeError(`expected unique product ids, received ${config.id} twice`);
      const product = new Product(config);
      const productState: ProductState = {
        product,
        engine: undefined as unknown as MatchingEngine<OrderRecord>,
        stops: new StopBook<OrderRecord>(),
        tape: new TradeTape(),
        sequence: 0,
        levelChanges: [],
        lastMatch: undefined,
        tradedSinceStopCheck: false,
      };
      // The engine reports to a listener bound to its own product state, hence the late assignment.
      (productState as { engine: MatchingEngine<OrderRecord> }).engine = new MatchingEngine(
        product.notionalScale,
        execution.listenerFor(productState),
      );
      state.products.set(product.id, productState);
      for (const currency of [product.baseCurrency, product.quoteCurrency]) {
        if (!this.currencyList.includes(currency)) this.currencyList.push(currency);
      }
    }
    if (options.market !== undefined && options.market !== false) {
      this.market = new SyntheticMarket(this, options.market === true ? {} : options.market);
      this.attach(this.market);
    }
  }

  // ---------------------------------------------------------------- setup

  /** Creates a profile with one account per currency and the given starting balances. */
  addProfile(options: ProfileOptions = {}): ProfileHandle {
    const { idRandom, accountBook, profiles } = this.state;
    const profileId = randomUuid(idRandom);
    const userId = options.userId ?? randomUserId(idRandom);
    const keepsHistory = options.keepsHistory ?? true;
    const profile = new ProfileState(
      profileId,
      userId,
      createFeeSchedule(options.fees ?? this.defaultFees),
      keepsHistory,
    );
    const balances = options.balances ?? {};
    const currencies = [...this.currencyList];
    for (const currency of Object.keys(balances))
      if (!currencies.includes(currency)) currencies.push(currency);
    for (const currency of currencies) {
      const account = accountBook.open(randomUuid(idRandom), profileId, currency, keepsHistory);
      const balance = balances[currency];
      if (balance !== undefined) accountBook.deposit(account, scaledFromText(balance, CURRENCY_DECIMALS));
    }
    profiles.set(profileId, profile);
    return { profileId, userId };
  }

  /** A caller for a profile, as the transport would resolve it from an API key. */
  caller(profileId: string, permissions: readonly Permission[] = DEFAULT_PERMISSIONS): Caller {
    const profile = this.state.profiles.get(profileId);
    if (profile === undefined) throw new RangeError(`expected a known profile id, received ${profileId}`);
    return { profileId, userId: profile.userId, permissions: new Set(permissions) };
  }

  /** Adds money to a profile's account from outside (ledger type `transfer`). */
  deposit(profileId: string, currency: string, amount: string): void {
    const account = this.accountBook.account(profileId, currency);
    if (account === undefined) throw new RangeError(`expected a ${currency} account in profile ${profileId}`);
    this.accountBook.deposit(account, scaledFromText(amount, CURRENCY_DECIMALS));
  }

  /** Switches a product's trading modes (post-only, limit-only, cancel-only, status). */
  setProductModes(productId: string, modes: Partial<ProductModes>): void {
    const productState = this.state.products.get(productId);
    if (productState === undefined)
      throw new RangeError(`expected a known product id, received ${productId}`);
    productState.product.modes = { ...productState.product.modes, ...modes };
  }

  /** Registers something that starts and stops with the exchange (the synthetic market). */
  attach(component: { start(): void; stop(): void }): void {
    this.startHooks.push(component);
  }

  // ---------------------------------------------------------------- ExchangeApi: lifecycle, events

  now(): number {
    return this.clock.now();
  }

  onEvent(listener: (event: ExchangeEvent) => void, options: { first?: boolean } = {}): () => void {
    return this.outbox.subscribe(listener, options.first === true);
  }

  start(): void {
    this.expiring.resume();
    for (const component of this.startHooks) component.start();
  }

  stop(): void {
    this.expiring.pause();
    for (const component of this.startHooks) component.stop();
  }

  // ---------------------------------------------------------------- ExchangeApi: public market data

  products(): ProductWire[] {
    return this.marketData.products();
  }

  product(productId: string): ProductWire | undefined {
    return this.marketData.product(productId);
  }

  sequence(productId: string): number {
    return this.marketData.sequence(productId);
  }

  lastTradeId(productId: string): number {
    return this.marketData.lastTradeId(productId);
  }

  book(productId: string, level: 1 | 2 | 3): Result<BookWire> {
    return this.marketData.book(productId, level);
  }

  ticker(productId: string): Result<Record<string, unknown>> {
    return this.marketData.ticker(productId);
  }

  trades(productId: string, page: CursorPageRequest): Result<CursorPage<TradeWire>> {
    return this.marketData.trades(productId, page);
  }

  candles(
    productId: string,
    granularity: number,
    startSeconds: number,
    endSeconds: number,
  ): Result<CandleWire[]> {
    return this.marketData.candles(productId, granularity, startSeconds, endSeconds);
  }

  stats(productId: string): Result<Record<string, string>> {
    return this.marketData.stats(productId);
  }

  // ---------------------------------------------------------------- ExchangeApi: accounts

  accounts(caller: Caller): AccountWire[] {
    return this.accountQueries.accounts(caller);
  }

  account(caller: Caller, accountId: string): Result<AccountWire> {
    return this.accountQueries.account(caller, accountId);
  }

  ledger(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<LedgerEntryWire>> {
    return this.accountQueries.ledger(caller, accountId, page);
  }

  holds(caller: Caller, accountId: string, page: CursorPageRequest): Result<CursorPage<HoldWire>> {
    return this.accountQueries.holds(caller, accountId, page);
  }

  fees(caller: Caller): { maker_fee_rate: string; taker_fee_rate: string; usd_volume: string } {
    return this.accountQueries.fees(caller);
  }

  // ---------------------------------------------------------------- ExchangeApi: orders

  placeOrder(caller: Caller, request: PlaceOrderRequestWire): Result<OrderWire> {
    return this.commands.placeOrder(caller, request);
  }

  getOrder(caller: Caller, id: string): Result<OrderWire> {
    return this.orderQueries.getOrder(caller, id);
  }

  listOrders(
    caller: Caller,
    filter: { productId?: string; statuses: string[] },
    page: CursorPageRequest,
  ): Result<CursorPage<OrderWire>> {
    return this.orderQueries.listOrders(caller, filter, page);
  }

  /** `productId` is only a hint (Coinbase's optional query parameter): the id alone names the order. */
  cancelOrder(caller: Caller, id: string, _productId?: string): Result<string> {
    return this.commands.cancelOrder(caller, id);
  }

  cancelAll(caller: Caller, productId?: string): Result<string[]> {
    return this.commands.cancelAll(caller, productId);
  }

  fills(
    caller: Caller,
    filter: { orderId?: string; productId?: string },
    page: CursorPageRequest,
  ): Result<CursorPage<FillWire>> {
    return this.orderQueries.fills(caller, filter, page);
  }

  // ---------------------------------------------------------------- inspection (tests, the background market)

  /** An order's status without building its wire form (cheap; the background makers poll it). */
  orderStatus(caller: Caller, id: string): OrderStatusWire | undefined {
    return this.orderQueries.orderStatus(caller, id);
  }

  /** Every not-done order of every profile (open and untriggered stops). */
  openOrders(): OrderRecord[] {
    return this.orderQueries.openOrders();
  }

  /** The currencies the exchange knows (from its products). */
  currencyIds(): readonly string[] {
    return this.currencyList;
  }

  /** The matching engine of a product (read-only use: tests and the market generator). */
  engineOf(productId: string): MatchingEngine<OrderRecord> | undefined {
    return this.state.products.get(productId)?.engine;
  }

  /** The internal product (increments as integer scales). */
  productOf(productId: string): Product | undefined {
    return this.state.products.get(productId)?.product;
  }

  /** The last trade price in ticks, if the product has traded. */
  lastPriceTicks(productId: string): number | undefined {
    return this.marketData.lastPriceTicks(productId);
  }
}

/** The default report of a throwing listener: a process warning (visible, never fatal). */
function warnOfListenerError(error: ExchangeListenerError): void {
  process.emitWarning(error);
}
