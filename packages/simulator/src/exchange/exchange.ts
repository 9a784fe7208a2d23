import { type Clock, createSystemClock } from '@tradeloop/clock';
import type { Account } from '../accounts/account.js';
import { CURRENCY_DECIMALS } from '../accounts/account.js';
import { AccountBook } from '../accounts/account-book.js';
import {
  buyHoldFor,
  createFeeSchedule,
  DEFAULT_FEE_RATES,
  type FeeRates,
  feeFor,
  formatFeeRate,
  fundsAfterFeeReserve,
} from '../accounts/fee-schedule.js';
import { ceilDiv, formatScaled, scaledFromText } from '../core/decimal-units.js';
import { Random, randomUserId, randomUuid } from '../core/random.js';
import { NO_FUNDS, UNLIMITED_SIZE } from '../engine/engine-order.js';
import {
  CANCEL_REASON,
  type DoneReason,
  MatchingEngine,
  type MatchingListener,
} from '../engine/matching-engine.js';
import { StopBook } from '../engine/stop-book.js';
import { SyntheticMarket, type SyntheticMarketOptions } from '../market/synthetic-market.js';
import type {
  AccountWire,
  BookWire,
  Caller,
  CandleWire,
  CurrencyWire,
  ExchangeApi,
  ExchangeEvent,
  ExchangeFailure,
  FillWire,
  HoldWire,
  LedgerEntryWire,
  OrderStatus,
  OrderWire,
  Page,
  PageRequest,
  Permission,
  PlaceOrderRequest,
  ProductWire,
  Result,
  Side,
  TradeWire,
} from './contract.js';
import { ExpiryQueue } from './expiry-queue.js';
import {
  activateEvent,
  doneEvent,
  levelUpdateEvent,
  matchEvent,
  openEvent,
  receivedEvent,
  selfTradeChangeEvent,
  tickerEvent,
} from './feed-messages.js';
import { bookWire, candleWire, statsWire, tickerWire, tradeWire } from './market-data.js';
import type { OrderRecord } from './order-record.js';
import {
  CANCEL_AFTER_MS,
  canonicalUuid,
  clientOidKey,
  isUuid,
  type OrderCommand,
  parseOrderRequest,
} from './order-request.js';
import { paginate } from './pagination.js';
import { DEFAULT_PRODUCTS, Product, type ProductConfig, type ProductModes } from './products.js';
import { ProfileState } from './profile-state.js';
import { type TradeRecord, TradeTape } from './trade-tape.js';
import { isoTime, wireAmount } from './wire-format.js';
import { accountWire, fillWire, orderWire } from './wire-objects.js';

/** How to build an exchange. Every field is optional. */
export interface ExchangeOptions {
  /** Products to list (default: BTC-USD, ETH-USD, ETH-BTC). */
  products?: readonly ProductConfig[];
  /** Seed for ids and the synthetic market (default 1). */
  seed?: number;
  /**
   * Time and timers (default: the wall clock, with timers that never keep the process alive).
   * Pass a `ManualClock` from `@tradeloop/clock` to step time in tests and backtests.
   */
  clock?: Clock;
  /** Default fee rates for new profiles (default maker 0.004, taker 0.006). */
  fees?: FeeRates;
  /** Open orders (incl. untriggered stops) one profile may have per product (default 500). */
  maxOpenOrders?: number;
  /**
   * The synthetic background market (makers and takers) that `start()` sets going: `true` or
   * options to have one, omitted or `false` for a quiet exchange (default).
   */
  market?: boolean | SyntheticMarketOptions;
}

/** How to create a profile. */
export interface ProfileOptions {
  /** Starting balances by currency, decimal strings: `{ USD: '10000', BTC: '1' }`. */
  balances?: Record<string, string>;
  /** Fee rates of this profile (default: the exchange's). */
  fees?: FeeRates;
  /** Put the profile under an existing user (self-trade prevention works per user). */
  userId?: string;
  /** Keep done orders, fills and ledger entries (default true; the background market turns it off). */
  keepsHistory?: boolean;
}

/** A created profile. */
export interface ProfileHandle {
  profileId: string;
  userId: string;
}

interface ProductState {
  readonly product: Product;
  readonly engine: MatchingEngine<OrderRecord>;
  readonly stops: StopBook<OrderRecord>;
  readonly tape: TradeTape;
  sequence: number;
  /** Level changes of the command in progress: side, price ticks, size, in order. */
  readonly levelChanges: Array<[Side, number, number]>;
  /** The last match of the command in progress (for the ticker), if any. */
  lastMatch: { trade: TradeRecord; takerSide: Side; sequence: number } | undefined;
  /** A trade happened since stops were last checked. */
  tradedSinceStopCheck: boolean;
}

const DEFAULT_PERMISSIONS: readonly Permission[] = ['view', 'trade'];
const ORDER_STATUSES = new Set(['open', 'pending', 'active', 'done', 'rejected', 'received', 'all']);
const DEFAULT_STATUSES = new Set(['open', 'pending', 'active']);

const failure = (
  status: ExchangeFailure['status'],
  message: string,
): { ok: false; error: ExchangeFailure } => ({
  ok: false,
  error: { status, message },
});
const success = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

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

/** The in-process exchange. See {@link createExchange}. */
export class SimulatedExchange implements ExchangeApi {
  /** The exchange's time and timers (GTT expiry, the synthetic market). */
  readonly clock: Clock;
  /** Balances, holds, ledgers and collected fees (read it in tests to check conservation). */
  readonly accountBook: AccountBook;
  readonly random: Random;
  private readonly idRandom: Random;
  private readonly productStates = new Map<string, ProductState>();
  private readonly currencyList: string[] = [];
  private readonly profiles = new Map<string, ProfileState>();
  private readonly orders = new Map<string, OrderRecord>();
  private readonly listeners = new Set<(event: ExchangeEvent) => void>();
  private readonly outbox: ExchangeEvent[] = [];
  private delivering = false;
  private readonly defaultFees: FeeRates;
  private readonly maxOpenOrders: number;
  private createdSequence = 0;
  private readonly expiring: ExpiryQueue;
  private readonly startHooks: Array<{ start(): void; stop(): void }> = [];
  /** The background market, when the options asked for one. */
  readonly market: SyntheticMarket | undefined;

  constructor(options: ExchangeOptions = {}) {
    this.clock = options.clock ?? createSystemClock({ unrefTimers: true });
    this.random = new Random(options.seed ?? 1);
    this.idRandom = this.random.fork('ids');
    this.defaultFees = options.fees ?? DEFAULT_FEE_RATES;
    createFeeSchedule(this.defaultFees);
    this.maxOpenOrders = options.maxOpenOrders ?? 500;
    this.accountBook = new AccountBook(() => this.clock.now());
    this.expiring = new ExpiryQueue(this.clock, (order) => {
      const state = this.productStates.get(order.product.id) as ProductState;
      this.cancel(state, order, CANCEL_REASON.timeInForce);
      this.afterCommand(state);
    });
    for (const config of options.products ?? DEFAULT_PRODUCTS) {
      if (this.productStates.has(config.id))
        throw new RangeError(`expected unique product ids, received ${config.id} twice`);
      const product = new Product(config);
      const state: ProductState = {
        product,
        engine: undefined as unknown as MatchingEngine<OrderRecord>,
        stops: new StopBook<OrderRecord>(),
        tape: new TradeTape(),
        sequence: 0,
        levelChanges: [],
        lastMatch: undefined,
        tradedSinceStopCheck: false,
      };
      (state as { engine: MatchingEngine<OrderRecord> }).engine = new MatchingEngine(
        product.notionalScale,
        this.listenerFor(state),
      );
      this.productStates.set(product.id, state);
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
    const profileId = randomUuid(this.idRandom);
    const userId = options.userId ?? randomUserId(this.idRandom);
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
      const account = this.accountBook.open(randomUuid(this.idRandom), profileId, currency, keepsHistory);
      const balance = balances[currency];
      if (balance !== undefined)
        this.accountBook.deposit(account, scaledFromText(balance, CURRENCY_DECIMALS));
    }
    this.profiles.set(profileId, profile);
    return { profileId, userId };
  }

  /** A caller for a profile, as the transport would resolve it from an API key. */
  caller(profileId: string, permissions: readonly Permission[] = DEFAULT_PERMISSIONS): Caller {
    const profile = this.profiles.get(profileId);
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
    const state = this.productStates.get(productId);
    if (state === undefined) throw new RangeError(`expected a known product id, received ${productId}`);
    state.product.modes = { ...state.product.modes, ...modes };
  }

  /** Registers something that starts and stops with the exchange (the synthetic market). */
  attach(component: { start(): void; stop(): void }): void {
    this.startHooks.push(component);
  }

  // ---------------------------------------------------------------- ExchangeApi: lifecycle, events

  now(): number {
    return this.clock.now();
  }

  onEvent(listener: (event: ExchangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
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
    return [...this.productStates.values()].map((state) => state.product.toWire());
  }

  product(productId: string): ProductWire | undefined {
    return this.productStates.get(productId)?.product.toWire();
  }

  currencies(): CurrencyWire[] {
    return this.currencyList.map((currency) => {
      const fiat = currency === 'USD' || currency === 'EUR' || currency === 'GBP';
      return {
        id: currency,
        name: currency,
        min_size: fiat ? '0.01' : '0.00000001',
        status: 'online',
        message: '',
        max_precision: fiat ? '0.01' : '0.00000001',
        convertible_to: [],
        details: { type: fiat ? 'fiat' : 'crypto', symbol: fiat ? '$' : '', sort_order: 0 },
        default_network: fiat ? '' : currency.toLowerCase(),
        supported_networks: [],
        display_name: currency,
      };
    });
  }

  sequence(productId: string): number {
    return this.productStates.get(productId)?.sequence ?? 0;
  }

  lastTradeId(productId: string): number {
    return this.productStates.get(productId)?.tape.lastTradeId ?? 0;
  }

  book(productId: string, level: 1 | 2 | 3): Result<BookWire> {
    const state = this.productStates.get(productId);
    if (state === undefined) return failure(404, 'NotFound');
    this.expiring.expireDue();
    return success(bookWire(state.product, state.engine, level, state.sequence, this.now()));
  }

  ticker(productId: string): Result<Record<string, unknown>> {
    const state = this.productStates.get(productId);
    if (state === undefined) return failure(404, 'NotFound');
    return success(tickerWire(state.product, state.engine, state.tape, this.now()));
  }

  trades(productId: string, page: PageRequest): Result<Page<TradeWire>> {
    const state = this.productStates.get(productId);
    if (state === undefined) return failure(404, 'NotFound');
    const result = paginate(state.tape.all(), (trade) => trade.tradeId, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((trade) => tradeWire(state.product, trade)),
    });
  }

  candles(
    productId: string,
    granularity: number,
    startSeconds: number,
    endSeconds: number,
  ): Result<CandleWire[]> {
    const state = this.productStates.get(productId);
    if (state === undefined) return failure(404, 'NotFound');
    const candles = state.tape.candles(granularity, startSeconds * 1000, endSeconds * 1000);
    return success(candles.map((candle) => candleWire(state.product, candle)));
  }

  stats(productId: string): Result<Record<string, string>> {
    const state = this.productStates.get(productId);
    if (state === undefined) return failure(404, 'NotFound');
    return success(statsWire(state.product, state.tape.stats(this.now())));
  }

  // ---------------------------------------------------------------- ExchangeApi: accounts

  accounts(caller: Caller): AccountWire[] {
    return this.accountBook.accountsOf(caller.profileId).map(accountWire);
  }

  account(caller: Caller, accountId: string): Result<AccountWire> {
    const account = this.ownAccount(caller, accountId);
    return account === undefined ? failure(404, 'NotFound') : success(accountWire(account));
  }

  ledger(caller: Caller, accountId: string, page: PageRequest): Result<Page<LedgerEntryWire>> {
    const account = this.ownAccount(caller, accountId);
    if (account === undefined) return failure(404, 'NotFound');
    const result = paginate(account.ledger, (entry) => entry.id, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((entry) => ({
        id: String(entry.id),
        amount: wireAmount(entry.amount),
        created_at: isoTime(entry.createdAt),
        balance: wireAmount(entry.balance),
        type: entry.type,
        details:
          entry.type === 'transfer'
            ? {}
            : {
                order_id: entry.orderId,
                product_id: entry.productId,
                trade_id: entry.tradeId === undefined ? undefined : String(entry.tradeId),
              },
      })),
    });
  }

  holds(caller: Caller, accountId: string, page: PageRequest): Result<Page<HoldWire>> {
    const account = this.ownAccount(caller, accountId);
    if (account === undefined) return failure(404, 'NotFound');
    const profile = this.profiles.get(caller.profileId) as ProfileState;
    const holding = profile.orders.filter((order) => order.holdAccount === account && order.hold > 0n);
    const result = paginate(holding, (order) => order.createdSequence, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((order) => {
        order.holdId ??= randomUuid(this.idRandom);
        return {
          id: order.holdId,
          account_id: account.id,
          created_at: isoTime(order.createdAt),
          updated_at: isoTime(this.now()),
          amount: wireAmount(order.hold),
          type: 'order' as const,
          ref: order.id,
        };
      }),
    });
  }

  fees(caller: Caller): { maker_fee_rate: string; taker_fee_rate: string; usd_volume: string } {
    const profile = this.profiles.get(caller.profileId);
    const fees = profile?.fees ?? createFeeSchedule(this.defaultFees);
    let usdVolume = 0n;
    const since = this.now() - 30 * 86_400_000;
    for (const fill of profile?.fills ?? []) {
      if (fill.createdAt >= since && fill.order.product.quoteCurrency === 'USD') usdVolume += fill.notional;
    }
    return {
      maker_fee_rate: formatFeeRate(fees.makerPpm),
      taker_fee_rate: formatFeeRate(fees.takerPpm),
      usd_volume: formatScaled(usdVolume / 10n ** BigInt(CURRENCY_DECIMALS - 2), 2),
    };
  }

  // ---------------------------------------------------------------- ExchangeApi: orders

  placeOrder(caller: Caller, request: PlaceOrderRequest): Result<OrderWire> {
    const profile = this.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    this.expiring.expireDue();
    const parsed = parseOrderRequest(request, (productId) => this.productStates.get(productId)?.product);
    if (!parsed.ok) return parsed;
    const command = parsed.value;
    const state = this.productStates.get(command.product.id) as ProductState;
    const admitted = this.admit(state, profile, command);
    if (!admitted.ok) return admitted;

    const order = this.createRecord(state, profile, command, admitted.value);
    const response = orderWire(order);
    if (order.stopKind !== undefined) {
      order.status = 'active';
      state.stops.add(order);
      if (this.listeners.size > 0) this.publish(activateEvent(order, this.now()));
    } else {
      this.execute(state, order);
    }
    this.afterCommand(state);
    return success(response);
  }

  getOrder(caller: Caller, id: string): Result<OrderWire> {
    this.expiring.expireDue();
    const found = this.findOrder(caller, id);
    if (!found.ok) return found.error.message === 'order not found' ? failure(404, 'NotFound') : found;
    return success(orderWire(found.value));
  }

  listOrders(
    caller: Caller,
    filter: { productId?: string; statuses: string[] },
    page: PageRequest,
  ): Result<Page<OrderWire>> {
    const profile = this.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    this.expiring.expireDue();
    for (const status of filter.statuses) {
      if (!ORDER_STATUSES.has(status)) return failure(400, `Invalid order status ${status}`);
    }
    const wanted = filter.statuses.length === 0 ? DEFAULT_STATUSES : new Set(filter.statuses);
    const all = wanted.has('all');
    const productId = normalizeProductId(filter.productId);
    const matching = profile.orders.filter(
      (order) =>
        (all || wanted.has(order.status)) && (productId === undefined || order.product.id === productId),
    );
    const result = paginate(matching, (order) => order.createdSequence, page);
    if (!result.ok) return result;
    return success({ ...result.value, items: result.value.items.map(orderWire) });
  }

  cancelOrder(caller: Caller, id: string, _productId?: string): Result<string> {
    this.expiring.expireDue();
    const found = this.findOrder(caller, id);
    if (!found.ok) return found;
    const order = found.value;
    if (order.status === 'done') return failure(400, 'Order already done');
    const state = this.productStates.get(order.product.id) as ProductState;
    this.cancel(state, order, undefined);
    this.afterCommand(state);
    return success(order.id);
  }

  cancelAll(caller: Caller, productId?: string): Result<string[]> {
    const profile = this.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    this.expiring.expireDue();
    const normalized = normalizeProductId(productId);
    // A product id the exchange does not know (ccxt sends "BTC/USD") is ignored, as Coinbase tolerates it.
    const filterId = normalized !== undefined && this.productStates.has(normalized) ? normalized : undefined;
    const canceled: string[] = [];
    for (const order of [...profile.orders]) {
      if (order.status === 'done' || (filterId !== undefined && order.product.id !== filterId)) continue;
      const state = this.productStates.get(order.product.id) as ProductState;
      this.cancel(state, order, undefined);
      this.afterCommand(state);
      canceled.push(order.id);
    }
    return success(canceled);
  }

  fills(
    caller: Caller,
    filter: { orderId?: string; productId?: string },
    page: PageRequest,
  ): Result<Page<FillWire>> {
    const profile = this.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    const productId = normalizeProductId(filter.productId);
    if (filter.orderId === undefined && productId === undefined) {
      return failure(400, 'Requires product_id or order_id');
    }
    const matching = profile.fills.filter(
      (fill) =>
        (filter.orderId === undefined || fill.order.id === filter.orderId) &&
        (productId === undefined || fill.order.product.id === productId),
    );
    const result = paginate(matching, (fill) => fill.tradeId, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((fill) =>
        fillWire(fill, this.usdValue(fill.order.product, fill.notional)),
      ),
    });
  }

  // ---------------------------------------------------------------- inspection (tests, invariants)

  /** An order's status without building its wire form (cheap; the background makers poll it). */
  orderStatus(caller: Caller, id: string): OrderStatus | undefined {
    const order = this.orders.get(id);
    return order !== undefined && order.profile.profileId === caller.profileId ? order.status : undefined;
  }

  /** Every not-done order of every profile (open and untriggered stops). */
  openOrders(): OrderRecord[] {
    const result: OrderRecord[] = [];
    for (const profile of this.profiles.values()) {
      for (const order of profile.orders) if (order.status !== 'done') result.push(order);
    }
    return result;
  }

  /** The currencies the exchange knows (from its products). */
  currencyIds(): readonly string[] {
    return this.currencyList;
  }

  /** The matching engine of a product (read-only use: tests and the market generator). */
  engineOf(productId: string): MatchingEngine<OrderRecord> | undefined {
    return this.productStates.get(productId)?.engine;
  }

  /** The internal product (increments as integer scales). */
  productOf(productId: string): Product | undefined {
    return this.productStates.get(productId)?.product;
  }

  /** The last trade price in ticks, if the product has traded. */
  lastPriceTicks(productId: string): number | undefined {
    return this.productStates.get(productId)?.tape.last()?.priceTicks;
  }

  // ---------------------------------------------------------------- order flow

  /** Exchange-level checks after validation: product modes, duplicates, caps, post-only, funds. Returns the hold. */
  private admit(state: ProductState, profile: ProfileState, command: OrderCommand): Result<bigint> {
    const { product } = state;
    const modes = product.modes;
    if (modes.status !== 'online') return failure(400, 'Trading pair not available');
    if (modes.cancelOnly) return failure(400, 'Cancel only mode');
    if (modes.limitOnly && command.isMarket) return failure(400, 'Limit only mode');
    if (modes.postOnly && command.isMarket) return failure(400, 'Post only mode');
    if (command.clientOid !== undefined) {
      const previous = profile.byClientOid.get(clientOidKey(command.clientOid));
      if (previous !== undefined && previous.status !== 'done') return failure(400, 'duplicate client_oid');
    }
    const mayRest =
      command.stop !== undefined ||
      (!command.isMarket && command.timeInForce !== 'IOC' && command.timeInForce !== 'FOK');
    if (mayRest && profile.openCount(product.id) >= this.maxOpenOrders) {
      return failure(400, `Too many open orders. Maximum is ${this.maxOpenOrders} per product`);
    }
    const postOnly = command.postOnly || (modes.postOnly && !command.isMarket);
    if (postOnly && command.stop === undefined && state.engine.wouldCross(command.side, command.priceTicks)) {
      return failure(400, 'Post only mode');
    }

    const base = this.accountBook.account(profile.profileId, product.baseCurrency) as Account;
    const quote = this.accountBook.account(profile.profileId, product.quoteCurrency) as Account;
    const fees = profile.fees;
    let hold = 0n;
    if (!command.isMarket) {
      hold =
        command.side === 'buy'
          ? buyHoldFor(product.notional(command.priceTicks, command.size as number), fees.takerPpm)
          : BigInt(command.size as number) * product.baseAtomsPerUnit;
    } else if (command.stop !== undefined) {
      hold = this.stopMarketHold(product, command, fees.takerPpm);
    } else if (!this.marketAffordable(state, profile, command, base, quote)) {
      return failure(400, 'Insufficient funds');
    }
    const account = command.side === 'buy' ? quote : base;
    if (hold > account.available) return failure(400, 'Insufficient funds');
    return success(hold);
  }

  /** What a stop order without a limit price holds until it triggers (estimated at its stop price). */
  private stopMarketHold(product: Product, command: OrderCommand, takerPpm: bigint): bigint {
    const stopTicks = (command.stop as { priceTicks: number }).priceTicks;
    if (command.side === 'buy') {
      return command.funds ?? buyHoldFor(product.notional(stopTicks, command.size as number), takerPpm);
    }
    if (command.size !== undefined) return BigInt(command.size) * product.baseAtomsPerUnit;
    return ceilDiv(command.funds as bigint, product.notional(stopTicks, 1)) * product.baseAtomsPerUnit;
  }

  /** Whether a market order can be paid for, estimated against the book as it stands (own orders skipped). */
  private marketAffordable(
    state: ProductState,
    profile: ProfileState,
    command: OrderCommand,
    base: Account,
    quote: Account,
  ): boolean {
    const { product, engine } = state;
    if (command.side === 'buy' && command.funds !== undefined) return command.funds <= quote.available;
    if (command.side === 'sell' && command.size !== undefined) {
      return BigInt(command.size) * product.baseAtomsPerUnit <= base.available;
    }
    // Market buy by size, or sell by funds: walk the book.
    let needed = 0n;
    let sizeLeft = command.size ?? UNLIMITED_SIZE;
    let fundsLeft = command.funds ?? -1n;
    const book = command.side === 'buy' ? engine.asks : engine.bids;
    outer: for (const level of book.bestFirst()) {
      for (const maker of level.orders()) {
        if (maker.userId === profile.userId) continue;
        let take = Math.min(sizeLeft, maker.remaining);
        const perUnit = product.notional(level.priceTicks, 1);
        if (fundsLeft >= 0n) take = Math.min(take, Number(ceilDiv(fundsLeft, perUnit)));
        if (take <= 0) break outer;
        const notional = perUnit * BigInt(take);
        if (command.side === 'buy') needed += buyHoldFor(notional, profile.fees.takerPpm);
        else needed += BigInt(take) * product.baseAtomsPerUnit;
        sizeLeft -= take;
        if (fundsLeft >= 0n) fundsLeft = fundsLeft > notional ? fundsLeft - notional : 0n;
        if (sizeLeft <= 0 || fundsLeft === 0n) break outer;
      }
    }
    return needed <= (command.side === 'buy' ? quote.available : base.available);
  }

  private createRecord(
    state: ProductState,
    profile: ProfileState,
    command: OrderCommand,
    hold: bigint,
  ): OrderRecord {
    const { product } = state;
    const now = this.now();
    const base = this.accountBook.account(profile.profileId, product.baseCurrency) as Account;
    const quote = this.accountBook.account(profile.profileId, product.quoteCurrency) as Account;
    const fees = profile.fees;
    const funds =
      command.funds === undefined
        ? undefined
        : command.side === 'buy'
          ? fundsAfterFeeReserve(command.funds, fees.takerPpm)
          : command.funds;
    const order: OrderRecord = {
      id: randomUuid(this.idRandom),
      side: command.side,
      userId: profile.userId,
      stp: command.stp,
      isMarket: command.isMarket,
      priceTicks: command.priceTicks,
      remaining: command.size ?? UNLIMITED_SIZE,
      fundsRemaining: funds ?? NO_FUNDS,
      level: undefined,
      product,
      profile,
      createdSequence: ++this.createdSequence,
      createdAt: now,
      type: command.type,
      timeInForce: command.isMarket ? 'GTC' : command.timeInForce,
      postOnly: command.postOnly || (product.modes.postOnly && !command.isMarket),
      expireTime: command.cancelAfter === undefined ? undefined : now + CANCEL_AFTER_MS[command.cancelAfter],
      clientOid: command.clientOid,
      size: command.size,
      specifiedFunds: command.funds,
      funds,
      stopKind: command.stop?.kind,
      stopTicks: command.stop?.priceTicks ?? 0,
      makerPpm: fees.makerPpm,
      takerPpm: fees.takerPpm,
      status: 'pending',
      doneAt: undefined,
      doneReason: undefined,
      cancelReason: undefined,
      filledSize: 0,
      executedValue: 0n,
      fillFees: 0n,
      hold: 0n,
      baseAccount: base,
      quoteAccount: quote,
      holdAccount: command.side === 'buy' ? quote : base,
      holdId: undefined,
    };
    this.orders.set(order.id, order);
    profile.added(order);
    if (order.clientOid !== undefined) profile.byClientOid.set(clientOidKey(order.clientOid), order);
    this.setHold(order, hold);
    if (order.expireTime !== undefined) this.expiring.add(order);
    return order;
  }

  /** Sends an order into matching: `received`, then matches, then `open` or `done`. */
  private execute(state: ProductState, order: OrderRecord): void {
    const sequence = ++state.sequence;
    if (this.listeners.size > 0) this.publish(receivedEvent(order, sequence, this.now()));
    const remainder = order.isMarket
      ? 'cancel'
      : order.timeInForce === 'IOC'
        ? 'cancel'
        : order.timeInForce === 'FOK'
          ? 'fill-or-kill'
          : 'rest';
    state.engine.submit(order, remainder);
  }

  /** After every command: trigger stops reached by new trades (cascades included), then publish book and ticker. */
  private afterCommand(state: ProductState): void {
    while (state.tradedSinceStopCheck) {
      state.tradedSinceStopCheck = false;
      const last = state.tape.last();
      if (last === undefined || state.stops.size === 0) break;
      for (const order of state.stops.takeTriggered(last.priceTicks)) {
        if (order.status !== 'active') continue;
        order.status = 'pending';
        // A stop without a limit price trades as a market order against available funds.
        if (order.isMarket) this.setHold(order, 0n);
        this.execute(state, order);
      }
    }
    this.flushMarketData(state);
    this.deliver();
  }

  private cancel(state: ProductState, order: OrderRecord, cancelReason: string | undefined): void {
    if (order.status === 'active') {
      state.stops.remove(order);
      this.finish(state, order, 'canceled', cancelReason, 'owner');
      return;
    }
    state.engine.remove(order);
    this.finish(state, order, 'canceled', cancelReason, 'public');
  }

  private finish(
    state: ProductState,
    order: OrderRecord,
    reason: DoneReason,
    cancelReason: string | undefined,
    visibility: 'public' | 'owner',
  ): void {
    order.status = 'done';
    order.doneAt = this.now();
    order.doneReason = reason;
    order.cancelReason = cancelReason;
    this.setHold(order, 0n);
    order.profile.finished(order);
    if (!order.profile.keepsHistory) {
      this.orders.delete(order.id);
      if (order.clientOid !== undefined) order.profile.byClientOid.delete(clientOidKey(order.clientOid));
    }
    // Untriggered stops were never public: their done goes to the owner only, without a sequence.
    const sequence = visibility === 'public' ? ++state.sequence : undefined;
    if (this.listeners.size > 0) this.publish(doneEvent(order, sequence, this.now()));
  }

  private setHold(order: OrderRecord, hold: bigint): void {
    if (hold === order.hold) return;
    order.holdAccount.hold += hold - order.hold;
    order.hold = hold;
  }

  /** The hold a resting limit order needs for what it still has to trade. */
  private restingHold(order: OrderRecord): bigint {
    if (order.side === 'buy')
      return buyHoldFor(order.product.notional(order.priceTicks, order.remaining), order.takerPpm);
    return BigInt(order.remaining) * order.product.baseAtomsPerUnit;
  }

  private listenerFor(state: ProductState): MatchingListener<OrderRecord> {
    return {
      traded: (maker, taker, priceTicks, size, notional) =>
        this.settleTrade(state, maker, taker, priceTicks, size, notional),
      affordable: (taker, priceTicks, wanted) => this.affordable(taker, priceTicks, wanted),
      changed: (order, oldRemaining, oldFunds) =>
        this.changedBySelfTradePrevention(state, order, oldRemaining, oldFunds),
      finished: (order, reason, cancelReason) => this.finish(state, order, reason, cancelReason, 'public'),
      rested: (order) => {
        order.status = 'open';
        const sequence = ++state.sequence;
        if (this.listeners.size > 0) this.publish(openEvent(order, sequence, this.now()));
      },
      levelChanged: (side, priceTicks, size) => {
        if (this.listeners.size > 0) state.levelChanges.push([side, priceTicks, size]);
      },
    };
  }

  private affordable(taker: OrderRecord, priceTicks: number, wanted: number): number {
    const product = taker.product;
    let units: bigint;
    if (taker.side === 'buy') {
      const perUnit = product.notional(priceTicks, 1);
      units = (taker.quoteAccount.available * 1_000_000n) / (perUnit * (1_000_000n + taker.takerPpm));
    } else {
      units = taker.baseAccount.available / product.baseAtomsPerUnit;
    }
    return units < BigInt(wanted) ? Number(units) : wanted;
  }

  private settleTrade(
    state: ProductState,
    maker: OrderRecord,
    taker: OrderRecord,
    priceTicks: number,
    size: number,
    notional: bigint,
  ): void {
    const { product, tape } = state;
    const accounts = this.accountBook;
    const now = this.now();
    const tradeId = tape.lastTradeId + 1;
    const baseAmount = BigInt(size) * product.baseAtomsPerUnit;
    const makerFee = feeFor(notional, maker.makerPpm);
    const takerFee = feeFor(notional, taker.takerPpm);
    const buyer = maker.side === 'buy' ? maker : taker;
    const seller = maker.side === 'buy' ? taker : maker;

    accounts.change(buyer.quoteAccount, -notional, 'match', buyer.id, product.id, tradeId);
    accounts.change(buyer.baseAccount, baseAmount, 'match', buyer.id, product.id, tradeId);
    accounts.change(seller.baseAccount, -baseAmount, 'match', seller.id, product.id, tradeId);
    accounts.change(seller.quoteAccount, notional, 'match', seller.id, product.id, tradeId);
    accounts.chargeFee(maker.quoteAccount, makerFee, maker.id, product.id, tradeId);
    accounts.chargeFee(taker.quoteAccount, takerFee, taker.id, product.id, tradeId);

    maker.filledSize += size;
    maker.executedValue += notional;
    maker.fillFees += makerFee;
    taker.filledSize += size;
    taker.executedValue += notional;
    taker.fillFees += takerFee;
    this.setHold(maker, this.restingHold(maker));
    if (!taker.isMarket) this.setHold(taker, this.restingHold(taker));

    if (maker.profile.keepsHistory) {
      maker.profile.fills.push({
        tradeId,
        order: maker,
        liquidity: 'M',
        priceTicks,
        size,
        notional,
        fee: makerFee,
        createdAt: now,
      });
    }
    if (taker.profile.keepsHistory) {
      taker.profile.fills.push({
        tradeId,
        order: taker,
        liquidity: 'T',
        priceTicks,
        size,
        notional,
        fee: takerFee,
        createdAt: now,
      });
    }
    const trade: TradeRecord = { tradeId, time: now, priceTicks, size, makerSide: maker.side };
    tape.record(trade);
    state.tradedSinceStopCheck = true;
    const sequence = ++state.sequence;
    state.lastMatch = { trade, takerSide: taker.side, sequence };
    if (this.listeners.size > 0) this.publish(matchEvent(maker, taker, trade, sequence));
  }

  private changedBySelfTradePrevention(
    state: ProductState,
    order: OrderRecord,
    oldRemaining: number,
    oldFunds: bigint,
  ): void {
    if (!order.isMarket) this.setHold(order, this.restingHold(order));
    const sequence = ++state.sequence;
    if (this.listeners.size > 0) {
      this.publish(selfTradeChangeEvent(order, oldRemaining, oldFunds, sequence, this.now()));
    }
  }

  // ---------------------------------------------------------------- lookups

  private ownAccount(caller: Caller, accountId: string): Account | undefined {
    const account = this.accountBook.accountById(accountId);
    return account !== undefined && account.profileId === caller.profileId ? account : undefined;
  }

  /** Finds the caller's order by id or `client:<client_oid>`. Failures: 400 `Invalid order id`, 404 `order not found`. */
  private findOrder(caller: Caller, id: string): Result<OrderRecord> {
    const profile = this.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'order not found');
    let order: OrderRecord | undefined;
    if (id.startsWith('client:')) {
      const clientOid = id.slice('client:'.length);
      if (!isUuid(clientOid)) return failure(400, 'Invalid order id');
      order = profile.byClientOid.get(clientOidKey(clientOid));
    } else {
      // Exact ids (the common case) need no format check; other spellings are validated and normalized.
      order = this.orders.get(id);
      if (order === undefined) {
        const canonical = canonicalUuid(id);
        if (canonical === undefined) return failure(400, 'Invalid order id');
        if (canonical !== id) order = this.orders.get(canonical);
      }
    }
    if (order === undefined || order.profile !== profile) return failure(404, 'order not found');
    return success(order);
  }

  // ---------------------------------------------------------------- events

  /** Queues an event; `deliver` hands it to listeners once the command is complete. */
  private publish(event: ExchangeEvent): void {
    this.outbox.push(event);
  }

  /**
   * Delivers queued events in order. Listeners run only between commands, when the books and
   * balances are consistent, so a listener may itself place or cancel orders: the events of
   * such a nested command are appended and delivered by this same loop, in order.
   */
  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      const outbox = this.outbox;
      for (let index = 0; index < outbox.length; index += 1) {
        const event = outbox[index] as ExchangeEvent;
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch {
            // A listener's failure is the transport's business; the exchange goes on.
          }
        }
      }
      outbox.length = 0;
    } finally {
      this.delivering = false;
    }
  }

  /** Publishes the command's level changes and, after matches, a ticker. */
  private flushMarketData(state: ProductState): void {
    const lastMatch = state.lastMatch;
    state.lastMatch = undefined;
    const changes = state.levelChanges;
    if (this.listeners.size === 0) {
      changes.length = 0;
      return;
    }
    if (changes.length > 0) {
      this.publish(levelUpdateEvent(state.product, changes, this.now()));
      changes.length = 0;
    }
    if (lastMatch !== undefined) {
      const { engine, tape } = state;
      const bid = engine.bids.best();
      const ask = engine.asks.best();
      this.publish(
        tickerEvent(
          state.product,
          lastMatch.trade,
          lastMatch.takerSide,
          lastMatch.sequence,
          tape.stats(this.now()),
          bid === undefined ? undefined : { priceTicks: bid.priceTicks, size: bid.size },
          ask === undefined ? undefined : { priceTicks: ask.priceTicks, size: ask.size },
        ),
      );
    }
  }

  /** A quote amount in USD atoms, through the quote currency's USD product when the quote is not USD. */
  private usdValue(product: Product, quoteAtoms: bigint): bigint {
    if (product.quoteCurrency === 'USD') return quoteAtoms;
    const bridge = this.productStates.get(`${product.quoteCurrency}-USD`);
    if (bridge === undefined) return 0n;
    const priceTicks = bridge.tape.last()?.priceTicks ?? bridge.product.startingPriceTicks;
    // One quote unit costs priceTicks × priceStep × 10^-priceDecimals USD.
    const priceUnits = BigInt(priceTicks) * BigInt(bridge.product.priceStep);
    return (quoteAtoms * priceUnits) / 10n ** BigInt(bridge.product.priceDecimals);
  }
}

function normalizeProductId(productId: string | undefined): string | undefined {
  if (productId === undefined || productId === '') return undefined;
  return productId.replace('/', '-');
}
