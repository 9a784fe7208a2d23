import { EventEmitter } from 'eventemitter3';
import { InvalidArgumentError, RuntimeStateError } from '../errors.js';
import {
  FileJournal,
  type FileJournalOptions,
  type JournaledOrder,
  type JournalReplay,
  type JournalSink,
  MemoryJournal,
} from '../execution/journal.js';
import { type OrderChange, OrderManager } from '../execution/order-manager.js';
import {
  type ExistingOrderPolicy,
  Reconciler,
  type ReconciliationSummary,
  type ReconciliationTrigger,
} from '../execution/reconciliation.js';
import { ZERO } from '../model/decimal.js';
import {
  type ClientOrderId,
  type ClientOrderIdGenerator,
  type ProductId,
  productId,
  randomClientOrderId,
} from '../model/ids.js';
import type { Order } from '../model/order.js';
import type { ProductRules } from '../model/product-rules.js';
import { DAY_MS, startOfUtcDay } from '../portfolio/pnl.js';
import { type BalanceView, Portfolio, type PositionSummary } from '../portfolio/portfolio.js';
import { type Denial, RiskGates, type RiskLimits, type RiskView } from '../risk/gates.js';
import { KillSwitch } from '../risk/kill-switch.js';
import type { FeeRates, Venue, VenueEvent } from '../venues/venue.js';
import { CandleBuilder } from './candles.js';
import { type CancelTimer, type RuntimeClock, systemRuntimeClock } from './clock.js';
import { buildOrderRequest, type OrderCommand } from './commands.js';
import { createStrategyContext, type StrategyContext } from './context.js';
import { type AnyStrategy, type Awaitable, resolveParams } from './define-strategy.js';
import { EventLoop } from './event-loop.js';
import { type Logger, silentLogger, taggedLogger } from './logger.js';
import { MarketState } from './market-state.js';
import type { RuntimeEvents } from './runtime-events.js';
import { SignalIntake } from './signal-intake.js';
import type { SignalFate, SignalSource } from './signals.js';
import { Timers } from './timers.js';

/** The strategy's handlers, by name. */
type HandlerName =
  | 'onStart'
  | 'onTicker'
  | 'onTrade'
  | 'onBook'
  | 'onCandle'
  | 'onOrderUpdate'
  | 'onFill'
  | 'onTimer'
  | 'onSignal'
  | 'onStop';

/** When repeated handler errors halt the strategy. */
export interface ErrorPolicy {
  /** Failures within `windowMs` that halt the strategy. Default 10. */
  maxErrors?: number;
  /** Default 60 000. */
  windowMs?: number;
}

/** Everything a runtime is made of. */
export interface RuntimeOptions {
  venue: Venue;
  strategy: AnyStrategy;
  /** Overrides of the strategy's default parameters (validated; unknown keys refused). */
  params?: Record<string, unknown>;
  /** Products to trade and stream, e.g. `['BTC-USD']`. */
  productIds: readonly string[];
  risk?: RiskLimits;
  /** Where the journal lives; without it the journal is kept in memory (nothing survives a restart). */
  journalPath?: string;
  journalOptions?: FileJournalOptions;
  /** Or bring your own journal (tests, backtests; a `MemoryJournal` replays like a file); wins over `journalPath`. */
  journal?: JournalSink & { replay?(): JournalReplay };
  /** Default: the system clock. Use a `ManualClock` to replay or test. */
  clock?: RuntimeClock;
  logger?: Logger;
  /** Open orders found at start that this bot does not know. Default `ignore`. */
  existingOrders?: ExistingOrderPolicy;
  errorPolicy?: ErrorPolicy;
  /** Default: random UUIDs. */
  clientOrderIds?: ClientOrderIdGenerator;
  /** After a placement of unknown outcome, look the order up after these delays (ms). */
  lookupDelaysMs?: readonly number[];
  /**
   * Also reconcile every this many ms (default 300 000; 0 turns it off). The `user` channel has
   * no sequence numbers, so a dropped message is only found by asking.
   */
  reconcileIntervalMs?: number;
  /**
   * Where external signals come from (a webhook server, a file, a message bus): started after
   * `onStart`, stopped first at `stop()`; each signal reaches the strategy's `onSignal`. Needs a
   * strategy with an `onSignal` handler.
   */
  signalSources?: readonly SignalSource[];
}

/** Options of {@link Runtime.stop}. */
export interface StopOptions {
  /** Cancel the bot's working orders before closing. Default false (orders stay on the book). */
  cancelOpenOrders?: boolean;
  /** How long to wait for cancels to be confirmed (ms, real time). Default 10 000. */
  timeoutMs?: number;
  /** Recorded in `runtime-stopped`. */
  reason?: string;
  /** Reconcile once more before closing, so nothing the feed lost at the end is missed. Default true. */
  reconcile?: boolean;
}

/** Where the runtime is in its life. */
export type RuntimeStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** The runtime's state at a moment, for summaries. */
export interface RuntimeSnapshot {
  readonly status: RuntimeStatus;
  readonly strategy: string;
  readonly startedAt: number | undefined;
  readonly at: number;
  readonly positions: readonly PositionSummary[];
  readonly balances: readonly BalanceView[];
  readonly orders: {
    readonly working: number;
    readonly submitted: number;
    readonly filled: number;
    readonly canceled: number;
    readonly rejected: number;
    readonly denied: number;
  };
  readonly fills: number;
  readonly handlerErrors: number;
  readonly reconciliations: number;
  readonly killSwitch: { readonly reason: string; readonly source: string; readonly at: number } | undefined;
  readonly strategyHalted: boolean;
}

/**
 * Builds a runtime: the strategy, its venue, its risk limits and its journal in one event loop.
 *
 * @example
 * const runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], journalPath: './bot.journal' });
 * runtime.on('order-filled', ({ fill }) => console.log(fill.side, fill.size.toFixed(), '@', fill.price.toFixed()));
 * await runtime.start();
 * process.once('SIGINT', () => runtime.stop({ cancelOpenOrders: true }));
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  return new Runtime(options);
}

/**
 * The strategy runtime. Market data and order events come up from the venue, are applied to the
 * bot's state (orders, positions, balances), and reach the strategy one at a time in arrival
 * order; the strategy's commands go down through validation, the risk gates and the journal to
 * the venue. A failing handler is reported and counted, never fatal; the error policy decides
 * when to stop calling it.
 */
export class Runtime extends EventEmitter<RuntimeEvents> {
  readonly strategy: AnyStrategy;
  readonly params: Readonly<Record<string, unknown>>;
  readonly productIds: readonly ProductId[];
  readonly killSwitch: KillSwitch;
  readonly #venue: Venue;
  readonly #clock: RuntimeClock;
  readonly #logger: Logger;
  /** The same logger for `ctx.log`, its lines tagged as the strategy's. */
  readonly #strategyLogger: Logger;
  readonly #loop: EventLoop;
  readonly #orders: OrderManager;
  readonly #reconciler: Reconciler;
  #restoredOrders: readonly JournaledOrder[] = [];
  readonly #gates: RiskGates;
  readonly #timers: Timers;
  readonly #portfolio: Portfolio;
  readonly #market = new MarketState();
  readonly #products = new Map<string, ProductRules>();
  readonly #candles = new Map<string, CandleBuilder>();
  readonly #denials = new Map<Order, Denial>();
  /** Runtime-owned timers (lookups, reconciliation, candles, day roll), canceled at shutdown. */
  readonly #internalTimers = new Set<{ cancel: CancelTimer }>();
  readonly #errorPolicy: Required<ErrorPolicy>;
  readonly #reconcileIntervalMs: number;
  readonly #errorTimes: number[] = [];
  readonly #journalSource:
    | RuntimeOptions['journal']
    | { path: string; options: FileJournalOptions | undefined };
  #journal: JournalSink = new MemoryJournal();
  #fees: FeeRates = { maker: ZERO, taker: ZERO };
  #status: RuntimeStatus = 'idle';
  #strategyActive = false;
  #strategyHalted = false;
  #startedAt: number | undefined;
  #handlerErrors = 0;
  #fillCount = 0;
  readonly #orderCounts = { submitted: 0, filled: 0, canceled: 0, rejected: 0, denied: 0 };
  #reconciliations = 0;
  #reconciling: Promise<ReconciliationSummary> | undefined;
  #reconcileAgain: ReconciliationTrigger | undefined;
  #lastGapReconcileAt = Number.NEGATIVE_INFINITY;
  #gapReconcileScheduled = false;
  #context: StrategyContext<Record<string, unknown>, unknown>;
  /** Order updates and fills that happened during start, delivered right after `onStart`. */
  readonly #startBacklog: Array<() => Awaitable> = [];
  readonly #signals: SignalIntake;
  #state: unknown;

  constructor(options: RuntimeOptions) {
    super();
    this.strategy = options.strategy;
    this.params = resolveParams(options.strategy, options.params ?? {});
    if (options.productIds.length === 0)
      throw new InvalidArgumentError('productIds', 'expected at least one product id');
    this.productIds = [...new Set(options.productIds.map((id) => productId(id)))];
    this.#venue = options.venue;
    this.#clock = options.clock ?? systemRuntimeClock;
    this.#logger = taggedLogger(options.logger ?? silentLogger, 'runtime');
    this.#strategyLogger = taggedLogger(options.logger ?? silentLogger, 'strategy');
    this.#errorPolicy = {
      maxErrors: options.errorPolicy?.maxErrors ?? 10,
      windowMs: options.errorPolicy?.windowMs ?? 60_000,
    };
    this.#gates = new RiskGates(options.risk);
    this.#reconcileIntervalMs = options.reconcileIntervalMs ?? 300_000;
    this.killSwitch = new KillSwitch(() => this.#clock.now());
    this.#loop = new EventLoop((error) => this.#reportError(error, 'event loop task'));
    this.#journalSource =
      options.journal ??
      (options.journalPath === undefined
        ? undefined
        : { path: options.journalPath, options: options.journalOptions });
    this.#orders = new OrderManager({
      venue: this.#venue,
      journal: { append: (record) => this.#journal.append(record), close: () => this.#journal.close() },
      newClientOrderId: options.clientOrderIds ?? randomClientOrderId,
      ...(options.lookupDelaysMs === undefined ? {} : { lookupDelaysMs: options.lookupDelaysMs }),
      hooks: {
        post: (task) => this.#loop.enqueue(task),
        schedule: (delayMs, task) => {
          this.#setInternalTimer(delayMs, () => this.#loop.enqueue(task));
        },
        now: () => this.#clock.now(),
        changed: (change) => this.#onOrderChange(change),
        failed: (error, context) => this.#reportError(error, context),
      },
    });
    this.#reconciler = new Reconciler({
      venue: this.#venue,
      orders: this.#orders,
      productIds: this.productIds,
      existingOrders: options.existingOrders ?? 'ignore',
      post: (task) => this.#loop.enqueue(task),
      fillsSince: () => {
        // From a minute before the oldest working order (or the start): clocks differ a little,
        // and a fill counted twice is impossible anyway (trade ids).
        let oldest = this.#startedAt ?? this.#clock.now();
        for (const order of this.#orders.working()) oldest = Math.min(oldest, order.createdAt);
        return oldest - 60_000;
      },
      failed: (error, context) => this.#reportError(error, context),
      cursorMoved: (id, tradeId) => {
        try {
          this.#journal.append({ kind: 'fill-cursor', at: this.#clock.now(), productId: id, tradeId });
        } catch (error) {
          this.#reportError(error, 'journal fill cursor');
        }
      },
    });
    this.#timers = new Timers(this.#clock, (timer) =>
      this.#loop.enqueue(() => this.#dispatch('onTimer', timer)),
    );
    this.killSwitch.on('kill-switch-engaged', (state) => {
      this.emit('kill-switch-engaged', state);
      this.#logger.warn('kill switch engaged', { reason: state.reason, source: state.source });
      this.#loop.enqueue(() => {
        this.#cancelWorking(undefined);
      });
    });
    this.#portfolio = new Portfolio({
      rules: (id) => this.#products.get(id),
      markPrice: (id) => this.#market.markPrice(id),
      workingOrders: () => this.#orders.working(),
      takerFeeRate: () => this.#fees.taker,
    });
    this.#context = createStrategyContext({
      strategy: this.strategy.name,
      params: this.params,
      state: () => this.#state,
      clock: this.#clock,
      logger: this.#strategyLogger,
      productIds: this.productIds,
      rules: (id) => this.#rules(id),
      portfolio: this.#portfolio,
      market: this.#market,
      orders: this.#orders,
      timers: this.#timers,
      fees: () => this.#fees,
      submit: (command) => this.#submit(command),
      cancelWorking: (id) => this.#cancelWorking(id),
      halt: (reason) => {
        this.killSwitch.engage(reason, 'strategy');
      },
    });
    if ((options.signalSources?.length ?? 0) > 0 && this.strategy.onSignal === undefined)
      throw new InvalidArgumentError(
        'signalSources',
        `expected a strategy with an onSignal handler, ${this.strategy.name} has none`,
      );
    this.#signals = new SignalIntake({
      sources: options.signalSources ?? [],
      productIds: this.productIds,
      events: this,
      now: () => this.#clock.now(),
      post: (task) => this.#loop.enqueue(task),
      refusal: () => this.#refusal(),
      dispatch: (signal) => this.#dispatch('onSignal', signal),
      changed: (fate) => this.emit('signal-updated', fate),
      failed: (error, context) => this.#reportError(error, context),
    });
  }

  get status(): RuntimeStatus {
    return this.#status;
  }

  /**
   * Loads products and fees, replays the journal, subscribes, reconciles (adopting, canceling or
   * ignoring unknown open orders by policy), takes the balance snapshot, then runs `onStart`.
   *
   * @throws RuntimeStateError when started twice; InvalidArgumentError for a product the venue
   *   does not list; any venue or journal error (the runtime is then stopped).
   */
  async start(): Promise<void> {
    if (this.#status !== 'idle')
      throw new RuntimeStateError(`expected an idle runtime to start, it is ${this.#status}`);
    this.#status = 'starting';
    this.#startedAt = this.#clock.now();
    try {
      const [products, fees] = await Promise.all([this.#venue.products(), this.#venue.feeRates()]);
      this.#fees = fees;
      for (const rules of products) this.#products.set(rules.id, rules);
      for (const id of this.productIds)
        if (!this.#products.has(id))
          throw new InvalidArgumentError(
            'productIds',
            `${id} is not listed by the venue ${this.#venue.name}`,
          );
      this.#openJournal();
      this.#state = this.strategy.createState?.(this.params);
      const needsTrades = this.strategy.onTrade !== undefined || this.strategy.onCandle !== undefined;
      if (this.strategy.onCandle !== undefined) this.#setUpCandles();
      await this.#venue.subscribe(
        {
          productIds: this.productIds,
          ticker: true,
          trades: needsTrades,
          book: this.strategy.onBook !== undefined,
        },
        (event) => this.#loop.enqueue(() => this.#onVenueEvent(event)),
      );
      await this.reconcile('start');
      await this.refreshBalances();
      await this.#inLoop(() => {
        this.#beginDay();
        this.#schedulePeriodicReconciliation();
        this.#status = 'running';
        this.#strategyActive = true;
      });
      await this.#inLoop(() => this.#dispatch('onStart'));
      // What reconciliation found (fills and status changes while the bot was away) comes after onStart.
      for (const task of this.#startBacklog.splice(0)) this.#loop.enqueue(task);
      await this.#signals.start();
      this.emit('runtime-started', {
        strategy: this.strategy.name,
        productIds: this.productIds,
        at: this.#clock.now(),
      });
      this.#logger.info('runtime started', { strategy: this.strategy.name, productIds: this.productIds });
    } catch (error) {
      this.#status = 'stopping';
      await this.#shutDown(`start failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  /**
   * Stops timers, runs `onStop`, cancels working orders when asked (and waits for the venue to
   * confirm, up to `timeoutMs`), closes the venue and the journal.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (this.#status !== 'running' && this.#status !== 'starting') return;
    this.#status = 'stopping';
    await this.#signals.stop();
    this.#timers.cancelAll();
    await this.#inLoop(() => this.#dispatch('onStop'));
    this.#strategyActive = false;
    if (options.cancelOpenOrders === true) {
      await this.#inLoop(() => {
        this.#cancelWorking(undefined);
      });
      await this.#waitForNoWorkingOrders(options.timeoutMs ?? 10_000);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    await this.#quiesce(deadline);
    if (options.reconcile !== false) {
      // The feed may have lost the last messages silently: one more look at the venue.
      try {
        await this.reconcile('manual');
      } catch (error) {
        this.#reportError(error, 'final reconciliation');
      }
      await this.#quiesce(deadline);
    }
    await this.#shutDown(options.reason ?? 'stopped');
  }

  /** Fetches balances from the venue and makes them the new base of the projection. */
  async refreshBalances(): Promise<void> {
    const requestedAt = this.#venue.now?.() ?? this.#clock.now();
    const balances = await this.#venue.balances();
    await this.#inLoop(() => this.#portfolio.resetBalances(balances, requestedAt));
  }

  /**
   * Runs a reconciliation now (the runtime also runs one at start and after each reconnect or
   * gap). Concurrent requests share one run, and a request during a run schedules one more.
   */
  reconcile(trigger: ReconciliationTrigger = 'reconnect'): Promise<ReconciliationSummary> {
    if (this.#reconciling !== undefined) {
      this.#reconcileAgain = trigger;
      return this.#reconciling;
    }
    this.#reconciling = this.#reconciler
      .reconcile(trigger)
      .then((summary) => {
        this.#reconciliations += 1;
        this.emit('reconciliation-completed', summary);
        this.#logger.info('reconciled', { ...summary });
        return summary;
      })
      .finally(() => {
        this.#reconciling = undefined;
        const again = this.#reconcileAgain;
        this.#reconcileAgain = undefined;
        if (again !== undefined && this.#status === 'running')
          this.reconcile(again).catch((error: unknown) => this.#reportError(error, 'reconciliation'));
      });
    return this.#reconciling;
  }

  /** Resolves when every queued event has been handled (for tests and orderly shutdown). */
  idle(): Promise<void> {
    return this.#loop.idle();
  }

  /**
   * The orders the journal held when the runtime started (as journaled: request, exchange id,
   * fills, final status), in journal order; empty before `start()` or without a journal that
   * replays. They are tracked again: working ones are reconciled and canceled like any other.
   */
  restoredOrders(): readonly JournaledOrder[] {
    return this.#restoredOrders;
  }

  /** What became of each signal of this run so far, oldest first (see `signal-updated`). */
  signalFates(): SignalFate[] {
    return this.#signals.fates();
  }

  /** The runtime's state now: positions with PnL, balances, order counts, errors. */
  snapshot(): RuntimeSnapshot {
    const positions = this.#portfolio.summaries();
    const killSwitch = this.killSwitch.state;
    return {
      status: this.#status,
      strategy: this.strategy.name,
      startedAt: this.#startedAt,
      at: this.#clock.now(),
      positions,
      balances: this.#portfolio.balances(),
      orders: { working: this.#orders.working().size, ...this.#orderCounts },
      fills: this.#fillCount,
      handlerErrors: this.#handlerErrors,
      reconciliations: this.#reconciliations,
      killSwitch: killSwitch === undefined ? undefined : { ...killSwitch },
      strategyHalted: this.#strategyHalted,
    };
  }

  // ── venue events ────────────────────────────────────────────────────────────

  #onVenueEvent(event: VenueEvent): Awaitable {
    switch (event.type) {
      case 'ticker':
        this.#market.updateTicker(event.ticker);
        return this.#dispatch('onTicker', event.ticker);
      case 'trade': {
        const trade = event.trade;
        this.#market.updateTrade(trade);
        const candle = this.#candles.get(trade.productId)?.addTrade(trade);
        if (candle !== undefined) this.#loop.enqueueNext(() => this.#dispatch('onCandle', candle));
        return this.#dispatch('onTrade', trade);
      }
      case 'book':
        this.#market.updateBook(event.book);
        return this.#dispatch('onBook', event.book);
      case 'order-report':
        this.#orders.applyReport(event.report);
        return;
      case 'fill':
        this.#orders.applyFill(event.fill);
        return;
      case 'order-resized':
        this.#orders.applyResize(event.resize);
        return;
      case 'connected':
        this.emit('feed-connected');
        return;
      case 'disconnected':
        this.emit('feed-disconnected', { reason: event.reason });
        this.#logger.warn('feed disconnected', { reason: event.reason });
        return;
      case 'reconnected':
        this.emit('feed-reconnected');
        this.#logger.info('feed reconnected; reconciling');
        this.#reconcileInBackground('reconnect');
        return;
      case 'gap-detected':
        this.emit('gap-detected', {
          productId: event.productId,
          channel: event.channel,
          detail: event.detail,
        });
        this.#logger.warn('gap detected; reconciling', {
          productId: event.productId,
          channel: event.channel,
        });
        this.#reconcileAfterGap();
        return;
      case 'venue-error':
        this.#reportError(event.error, `venue ${this.#venue.name}`);
        return;
    }
  }

  #schedulePeriodicReconciliation(): void {
    if (this.#reconcileIntervalMs <= 0) return;
    this.#setInternalTimer(this.#reconcileIntervalMs, () => {
      this.#reconcileInBackground('periodic');
      this.#schedulePeriodicReconciliation();
    });
  }

  #setInternalTimer(delayMs: number, callback: () => void): void {
    const timer = { cancel: (() => {}) as CancelTimer };
    timer.cancel = this.#clock.setTimer(delayMs, () => {
      this.#internalTimers.delete(timer);
      callback();
    });
    this.#internalTimers.add(timer);
  }

  /**
   * Gaps can come in bursts (one per lost message): reconcile at once, then at most once per
   * second while they keep coming.
   */
  #reconcileAfterGap(): void {
    if (this.#gapReconcileScheduled) return;
    const wait = this.#lastGapReconcileAt + 1000 - this.#clock.now();
    if (wait <= 0) {
      this.#lastGapReconcileAt = this.#clock.now();
      this.#reconcileInBackground('gap');
      return;
    }
    this.#gapReconcileScheduled = true;
    this.#setInternalTimer(wait, () => {
      this.#gapReconcileScheduled = false;
      this.#lastGapReconcileAt = this.#clock.now();
      this.#reconcileInBackground('gap');
    });
  }

  #reconcileInBackground(trigger: ReconciliationTrigger): void {
    if (this.#status !== 'running') return;
    this.reconcile(trigger).catch((error: unknown) =>
      this.#reportError(error, `reconciliation after ${trigger}`),
    );
  }

  // ── orders ──────────────────────────────────────────────────────────────────

  #onOrderChange(change: OrderChange): void {
    const order = change.order;
    if (change.kind === 'accepted') {
      this.emit('order-accepted', order);
      return;
    }
    if (change.kind === 'fill') {
      const fill = change.fill;
      this.#fillCount += 1;
      this.#portfolio.applyFill(fill);
      this.emit('order-filled', { order, fill });
      this.#deliver(() => this.#dispatch('onFill', fill));
      return;
    }
    const { previous, status } = change;
    this.emit('order-updated', { order, previousStatus: previous, status });
    const denial = previous === 'created' && status === 'rejected' ? this.#denials.get(order) : undefined;
    if (denial !== undefined) {
      this.#denials.delete(order);
      this.#orderCounts.denied += 1;
      this.emit('order-denied', { order, reason: denial.reason, message: denial.message });
    } else if (status === 'submitted' && previous === 'rejected') {
      // Given up as `not_found`, then seen on the venue after all: no longer a rejection.
      this.#orderCounts.rejected -= 1;
    } else if (status === 'submitted') {
      this.#orderCounts.submitted += 1;
      this.emit('order-submitted', order);
    } else if (status === 'canceled') {
      this.#orderCounts.canceled += 1;
      this.emit('order-canceled', order);
    } else if (status === 'rejected') {
      this.#orderCounts.rejected += 1;
      this.emit('order-rejected', order);
    } else if (status === 'filled') this.#orderCounts.filled += 1;
    const update =
      denial === undefined
        ? { order, status, previousStatus: previous }
        : { order, status, previousStatus: previous, denial };
    this.#deliver(() => this.#dispatch('onOrderUpdate', update));
  }

  /** Hands an order event to the strategy right after the current task (or after onStart, while starting). */
  #deliver(task: () => Awaitable): void {
    if (this.#status === 'starting') this.#startBacklog.push(task);
    else this.#loop.enqueueNext(task);
  }

  #submit(command: OrderCommand): ClientOrderId {
    const rules = this.#rules(command.input.productId);
    const clientOrderId = this.#orders.newClientOrderId();
    const built = buildOrderRequest(command, rules, clientOrderId);
    const order = this.#orders.create(built.request);
    this.#signals.orderCreated(order);
    const denial = built.denial ?? this.#gateDenial(order);
    if (denial !== undefined) {
      this.#denials.set(order, denial);
      this.#orders.deny(order, `${denial.reason}: ${denial.message}`);
      return clientOrderId;
    }
    this.#gates.recordSent(this.#clock.now());
    this.#orders.send(order);
    return clientOrderId;
  }

  #gateDenial(order: Order): Denial | undefined {
    const killSwitch = this.killSwitch.state;
    if (killSwitch !== undefined)
      return { reason: 'kill_switch', message: `kill switch engaged: ${killSwitch.reason}` };
    return this.#refusal() ?? this.#gates.check(order.request, this.#riskView);
  }

  /** Why no order (and no signal) can be taken now, whatever it is. */
  #refusal(): Denial | undefined {
    if (this.#strategyHalted)
      return { reason: 'strategy_halted', message: 'the strategy was halted by the error policy' };
    if (this.#status !== 'running')
      return { reason: 'strategy_halted', message: `the runtime is ${this.#status}` };
    return undefined;
  }

  readonly #riskView: RiskView = {
    now: () => this.#clock.now(),
    rules: (id) => this.#rules(id),
    referencePrice: (id, side) => this.#market.referencePrice(id, side),
    positionSize: (id) => this.#portfolio.positions.get(id).size,
    workingOrders: () => this.#orders.working(),
    dailyPnl: (currency) => this.#portfolio.todayPnl(currency),
  };

  #cancelWorking(productIdFilter: string | undefined): number {
    let sent = 0;
    for (const order of [...this.#orders.working()])
      if (productIdFilter === undefined || order.productId === productIdFilter)
        if (this.#orders.cancel(order)) sent += 1;
    return sent;
  }

  /** Waits (until `deadline`, real time) for venue calls in flight and the event loop to finish. */
  async #quiesce(deadline: number): Promise<void> {
    do {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#orders.settled(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
      await this.#loop.idle();
    } while (this.#orders.inFlight > 0);
  }

  async #waitForNoWorkingOrders(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#orders.working().size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await this.#loop.idle();
    }
    if (this.#orders.working().size > 0)
      this.#reportError(
        new RuntimeStateError(
          `${this.#orders.working().size} orders still working after ${timeoutMs} ms of canceling`,
        ),
        'stop',
      );
  }

  // ── portfolio ───────────────────────────────────────────────────────────────

  #beginDay(): void {
    const now = this.#clock.now();
    const quoteCurrencies = new Set(this.productIds.map((id) => this.#rules(id).quoteCurrency));
    this.#portfolio.beginDay(now, quoteCurrencies);
    const nextMidnight = startOfUtcDay(now) + DAY_MS;
    this.#setInternalTimer(nextMidnight - now, () => this.#loop.enqueue(() => this.#beginDay()));
  }

  // ── strategy dispatch ───────────────────────────────────────────────────────

  /** Calls one strategy handler with the context; a throw or a rejection is counted, never fatal. */
  #dispatch(handler: HandlerName, event?: unknown): Awaitable {
    if (!this.#strategyActive || this.#strategyHalted) return;
    const method = this.strategy[handler] as ((...args: unknown[]) => Awaitable) | undefined;
    if (method === undefined) return;
    let result: Awaitable;
    try {
      result =
        handler === 'onStart' || handler === 'onStop'
          ? method.call(this.strategy, this.#context)
          : method.call(this.strategy, event, this.#context);
    } catch (error) {
      this.#handlerFailed(handler, error);
      return;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function')
      return (result as Promise<void>).catch((error: unknown) => this.#handlerFailed(handler, error));
  }

  #handlerFailed(handler: string, error: unknown): void {
    this.#handlerErrors += 1;
    const now = this.#clock.now();
    this.#errorTimes.push(now);
    while (this.#errorTimes.length > 0 && (this.#errorTimes[0] as number) <= now - this.#errorPolicy.windowMs)
      this.#errorTimes.shift();
    this.emit('handler-failed', { handler, error, errorCount: this.#errorTimes.length });
    this.#logger.error(`strategy handler ${handler} failed`, { error });
    if (this.#errorTimes.length >= this.#errorPolicy.maxErrors && !this.#strategyHalted) {
      const reason = `${this.#errorTimes.length} handler errors within ${this.#errorPolicy.windowMs} ms`;
      this.#strategyHalted = true;
      this.emit('strategy-halted', { reason });
      this.killSwitch.engage(`strategy halted: ${reason}`, 'runtime');
    }
  }

  #reportError(error: unknown, context: string): void {
    this.#logger.error(`runtime error: ${context}`, { error });
    try {
      this.emit('runtime-error', { error, context });
    } catch (listenerError) {
      this.#logger.error('a runtime-error listener threw', { error: listenerError });
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────

  #rules(id: string): ProductRules {
    const rules = this.#products.get(id);
    if (rules === undefined || !this.productIds.includes(id as ProductId))
      throw new InvalidArgumentError(
        'productId',
        `expected one of ${this.productIds.join(', ')}, received ${JSON.stringify(id)}`,
      );
    return rules;
  }

  #setUpCandles(): void {
    const setting = this.strategy.candleGranularityMs;
    const granularityMs = typeof setting === 'function' ? setting(this.params) : (setting ?? 60_000);
    for (const id of this.productIds) this.#candles.set(id, new CandleBuilder(id, granularityMs));
    const tick = () => {
      const now = this.#clock.now();
      this.#setInternalTimer(granularityMs - (now % granularityMs), () => {
        this.#loop.enqueue(() => {
          for (const builder of this.#candles.values()) {
            const candle = builder.closeDue(this.#clock.now());
            if (candle !== undefined) this.#loop.enqueueNext(() => this.#dispatch('onCandle', candle));
          }
        });
        tick();
      });
    };
    tick();
  }

  /** Opens the journal and rebuilds orders and positions from what it holds. */
  #openJournal(): void {
    const source = this.#journalSource;
    let replay: JournalReplay | undefined;
    if (source === undefined) return;
    if ('path' in source && typeof source.path === 'string' && !('append' in source)) {
      const opened = FileJournal.open(source.path, source.options);
      this.#journal = opened.journal;
      replay = opened.replay;
      if (replay.repairedTornTail)
        this.#logger.warn('journal: dropped a torn last line', { path: source.path });
    } else {
      const sink = source as JournalSink & { replay?(): JournalReplay };
      this.#journal = sink;
      replay = sink.replay?.();
    }
    if (replay === undefined) return;
    this.#restoredOrders = [...replay.orders.values()];
    for (const fill of this.#orders.restore(replay)) this.#portfolio.restoreFill(fill);
    this.#reconciler.restoreCursors(replay.fillCursors);
    this.emit('journal-replayed', {
      orders: this.#restoredOrders,
      repairedTornTail: replay.repairedTornTail,
      path: 'path' in source && typeof source.path === 'string' ? source.path : undefined,
    });
  }

  /** Runs `task` inside the event loop and resolves when it (and its promise) finished. */
  #inLoop(task: () => Awaitable): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#loop.enqueue(() => {
        let result: Awaitable;
        try {
          result = task();
        } catch (error) {
          reject(error);
          return;
        }
        if (result === undefined) resolve();
        else return result.then(resolve, reject);
      });
    });
  }

  async #shutDown(reason: string): Promise<void> {
    await this.#signals.stop();
    this.#timers.cancelAll();
    for (const timer of this.#internalTimers) timer.cancel();
    this.#internalTimers.clear();
    try {
      await this.#venue.close();
    } catch (error) {
      this.#reportError(error, 'closing the venue');
    }
    await this.#loop.idle();
    try {
      this.#journal.close();
    } catch (error) {
      this.#reportError(error, 'closing the journal');
    }
    this.#status = 'stopped';
    this.emit('runtime-stopped', { at: this.#clock.now(), reason });
    this.#logger.info('runtime stopped', { reason });
  }
}
