// The runtime façade: it builds the parts (orders, reconciliation, dispatch, portfolio, timers),
// runs start and stop, and routes events between them. Each idea lives in its own file beside
// this one; what is left here is the wiring, slightly over 500 lines because it is all one place.
import { type Clock, systemClock } from '@tradeloop/clock';
import { EventEmitter } from 'eventemitter3';
import { InvalidArgumentError, RuntimeStateError } from '../errors.js';
import { type JournaledOrder, type JournalSink, MemoryJournal } from '../execution/journal.js';
import type { OrderChange } from '../execution/order-hooks.js';
import { OrderManager } from '../execution/order-manager.js';
import {
  Reconciler,
  type ReconciliationSummary,
  type ReconciliationTrigger,
} from '../execution/reconciliation.js';
import { ZERO } from '../model/decimal.js';
import { type ClientOrderId, PrefetchedClientOrderIds, type ProductId, productId } from '../model/ids.js';
import type { ProductRules } from '../model/product-rules.js';
import { DAY_MS, startOfUtcDay } from '../portfolio/pnl.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { RiskGates, type RiskView } from '../risk/gates.js';
import { KillSwitch } from '../risk/kill-switch.js';
import type { FeeRates, Venue, VenueEvent } from '../venues/venue.js';
import { CandleBuilder, scheduleCandleCloses } from './candles.js';
import type { OrderCommand } from './commands.js';
import { createStrategyContext, type StrategyContext } from './context.js';
import { type AnyStrategy, type Awaitable, resolveParams } from './define-strategy.js';
import { EventLoop, type TaskOf } from './event-loop.js';
import { InternalTimers } from './internal-timers.js';
import { type JournalSource, journalSourceOf, openJournal } from './journal-opening.js';
import { type Logger, silentLogger, taggedLogger } from './logger.js';
import { MarketState } from './market-state.js';
import { OrderOutcomes } from './order-outcomes.js';
import { type OrderSubmissionParts, runtimeRefusal, submitOrder } from './order-submission.js';
import { ReconciliationSchedule } from './reconciliation-schedule.js';
import type { RuntimeEvents } from './runtime-events.js';
import type { RuntimeOptions, RuntimeSnapshot, RuntimeStatus, StopOptions } from './runtime-options.js';
import { quiesce, waitForNoWorkingOrders } from './shutdown-waits.js';
import { SignalIntake } from './signal-intake.js';
import type { SignalFate } from './signals.js';
import { type HandlerName, StrategyDispatcher } from './strategy-dispatcher.js';
import { Timers } from './timers.js';
import { applyVenueEvent, type VenueEventTarget } from './venue-events.js';

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
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** The same logger for `ctx.log`, its lines tagged as the strategy's. */
  readonly #strategyLogger: Logger;
  readonly #loop: EventLoop;
  readonly #orders: OrderManager;
  readonly #reconciler: Reconciler;
  readonly #reconciliation: ReconciliationSchedule;
  readonly #dispatcher: StrategyDispatcher;
  readonly #venueEventTarget: VenueEventTarget;
  #restoredOrders: readonly JournaledOrder[] = [];
  readonly #gates: RiskGates;
  readonly #timers: Timers;
  readonly #portfolio: Portfolio;
  readonly #market = new MarketState();
  readonly #products = new Map<string, ProductRules>();
  readonly #candles = new Map<string, CandleBuilder>();
  readonly #outcomes = new OrderOutcomes();
  /** Runtime-owned timers (lookups, reconciliation, candles, day roll), canceled at shutdown. */
  readonly #internalTimers: InternalTimers;
  readonly #journalSource: JournalSource | undefined;
  #journal: JournalSink = new MemoryJournal();
  #fees: FeeRates = { maker: ZERO, taker: ZERO };
  #status: RuntimeStatus = 'idle';
  #startedAt: number | undefined;
  #context: StrategyContext<Record<string, unknown>, unknown>;
  /** Order updates and fills that happened during start, delivered right after `onStart`. */
  readonly #startBacklog: Array<() => Awaitable> = [];
  readonly #signals: SignalIntake;
  #state: unknown;
  /** Whether the venue streams the ticker (decided at start from the strategy's handlers). */
  #tickerStreamed = true;
  /**
   * The venue's listener: queues the event, or applies it at once when the loop is idle. It is the
   * loop's `enqueueWith` bound to `applyVenueEvent` bound to the target: one function for every
   * event, and no closure of ours between the venue and the strategy (each costs on a cold path).
   */
  readonly #onVenueEvent: (event: VenueEvent) => void;

  constructor(options: RuntimeOptions) {
    super();
    this.strategy = options.strategy;
    this.params = resolveParams(options.strategy, options.params ?? {});
    if (options.productIds.length === 0)
      throw new InvalidArgumentError('productIds', 'expected at least one product id');
    this.productIds = [...new Set(options.productIds.map((id) => productId(id)))];
    this.#venue = options.venue;
    this.#clock = options.clock ?? systemClock;
    this.#logger = taggedLogger(options.logger ?? silentLogger, 'runtime');
    this.#strategyLogger = taggedLogger(options.logger ?? silentLogger, 'strategy');
    this.#internalTimers = new InternalTimers(this.#clock);
    this.#gates = new RiskGates(options.risk);
    this.killSwitch = new KillSwitch(() => this.#clock.now());
    this.#loop = new EventLoop((error) => this.#reportError(error, 'event loop task'));
    this.#journalSource = journalSourceOf(options);
    this.#prefetchedIds = options.clientOrderIds === undefined ? new PrefetchedClientOrderIds() : undefined;
    this.#orders = new OrderManager({
      venue: this.#venue,
      journal: {
        append: (record) => this.#journal.append(record),
        appendThen: (record, next) => {
          const journal = this.#journal;
          if (journal.appendThen === undefined) {
            journal.append(record);
            next();
          } else journal.appendThen(record, next);
        },
        close: () => this.#journal.close(),
      },
      newClientOrderId: options.clientOrderIds ?? (this.#prefetchedIds as PrefetchedClientOrderIds).take,
      ...(options.lookupDelaysMs === undefined ? {} : { lookupDelaysMs: options.lookupDelaysMs }),
      hooks: {
        post: (task) => this.#loop.enqueue(task),
        schedule: (delayMs, task) => {
          this.#internalTimers.set(delayMs, () => this.#loop.enqueue(task));
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
      existingOrdersAfterUncleanStop:
        options.existingOrdersAfterUncleanStop ?? (options.existingOrders === 'adopt' ? 'adopt' : 'cancel'),
      post: (task) => this.#loop.enqueue(task),
      fillsSince: () => {
        // From a minute before the oldest working order (or the start): clocks differ a little,
        // and a fill counted twice is impossible anyway (trade ids).
        let oldest = this.#startedAt ?? this.#clock.now();
        for (const order of this.#orders.working()) oldest = Math.min(oldest, order.createdAt);
        return oldest - 60_000;
      },
      failed: (error, context) => this.#reportError(error, context),
      cursorMoved: (id, cursor) => {
        try {
          this.#journal.append({ kind: 'fill-cursor', at: this.#clock.now(), productId: id, cursor });
        } catch (error) {
          this.#reportError(error, 'journal fill cursor');
        }
      },
    });
    this.#reconciliation = new ReconciliationSchedule({
      reconciler: this.#reconciler,
      clock: this.#clock,
      timers: this.#internalTimers,
      intervalMs: options.reconcileIntervalMs ?? 300_000,
      isRunning: () => this.#status === 'running',
      completed: (summary) => {
        this.emit('reconciliation-completed', summary);
        this.#logger.info('reconciled', { ...summary });
      },
      failed: (error, context) => this.#reportError(error, context),
    });
    this.#dispatcher = new StrategyDispatcher({
      strategy: this.strategy,
      context: () => this.#context,
      clock: this.#clock,
      errorPolicy: options.errorPolicy,
      failed: (handler, error, errorCount) => {
        this.emit('handler-failed', { handler, error, errorCount });
        this.#logger.error(`strategy handler ${handler} failed`, { error });
      },
      halted: (reason) => {
        this.emit('strategy-halted', { reason });
        this.killSwitch.engage(`strategy halted: ${reason}`, 'runtime');
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
      tickerStreamed: () => this.#tickerStreamed,
      fees: () => this.#fees,
      submit: (command) => this.#submit(command),
      cancelWorking: (id) => this.#cancelWorking(id),
      halt: (reason) => {
        this.killSwitch.engage(reason, 'strategy');
      },
    });
    const dispatcher = this.#dispatcher;
    this.#venueEventTarget = {
      venueName: this.#venue.name,
      market: this.#market,
      candles: this.#candles,
      orders: this.#orders,
      reconciliation: this.#reconciliation,
      events: this,
      logger: this.#logger,
      strategy: dispatcher,
      dispatchNext: (handler, event) => this.#loop.enqueueNext(() => dispatcher.dispatch(handler, event)),
      reportError: (error, context) => this.#reportError(error, context),
    };
    const apply: TaskOf<VenueEvent> = applyVenueEvent.bind(undefined, this.#venueEventTarget);
    this.#onVenueEvent = this.#loop.enqueueWith.bind<EventLoop, [TaskOf<VenueEvent>], [VenueEvent], void>(
      this.#loop,
      apply,
    );
    this.#signals = new SignalIntake({
      sources: options.signalSources ?? [],
      strategy: this.strategy,
      productIds: this.productIds,
      events: this,
      clock: this.#clock,
      post: (task) => this.#loop.enqueue(task),
      refusal: () => runtimeRefusal(this.#dispatcher.halted, this.#status),
      dispatch: (signal) => this.#dispatch('onSignal', signal),
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
      const needsBook = this.strategy.onBook !== undefined;
      // Each channel more is more messages to parse between a trade and the order it causes.
      this.#tickerStreamed =
        this.strategy.onTicker !== undefined ||
        (this.strategy.marketData?.ticker ?? (!needsTrades && !needsBook));
      if (this.strategy.onCandle !== undefined) this.#setUpCandles();
      await this.#venue.subscribe(
        {
          productIds: this.productIds,
          ticker: this.#tickerStreamed,
          trades: needsTrades,
          book: needsBook,
        },
        this.#onVenueEvent,
      );
      await this.reconcile('start');
      await this.refreshBalances();
      await this.#loop.run(() => {
        this.#beginDay();
        this.#reconciliation.schedulePeriodic();
        this.#status = 'running';
        this.#dispatcher.active = true;
      });
      await this.#loop.run(() => this.#dispatch('onStart'));
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
    await this.#loop.run(() => this.#dispatch('onStop'));
    this.#dispatcher.active = false;
    const waits = { clock: this.#clock, orders: this.#orders, loop: this.#loop };
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (options.cancelOpenOrders === true) {
      await this.#loop.run(() => {
        this.#cancelWorking(undefined);
      });
      const stillWorking = await waitForNoWorkingOrders(waits, timeoutMs);
      if (stillWorking > 0)
        this.#reportError(
          new RuntimeStateError(`${stillWorking} orders still working after ${timeoutMs} ms of canceling`),
          'stop',
        );
    }
    const deadline = this.#clock.now() + timeoutMs;
    await quiesce(waits, deadline);
    if (options.reconcile !== false) {
      // The feed may have lost the last messages silently: one more look at the venue.
      try {
        await this.reconcile('manual');
      } catch (error) {
        this.#reportError(error, 'final reconciliation');
      }
      await quiesce(waits, deadline);
    }
    await this.#shutDown(options.reason ?? 'stopped');
  }

  /** Fetches balances from the venue and makes them the new base of the projection. */
  async refreshBalances(): Promise<void> {
    const requestedAt = this.#venue.now?.() ?? this.#clock.now();
    const balances = await this.#venue.balances();
    await this.#loop.run(() => this.#portfolio.resetBalances(balances, requestedAt));
  }

  /**
   * Runs a reconciliation now (the runtime also runs one at start and after each reconnect or
   * gap). Concurrent requests share one run, and a request during a run schedules one more.
   */
  reconcile(trigger: ReconciliationTrigger = 'reconnect'): Promise<ReconciliationSummary> {
    return this.#reconciliation.run(trigger);
  }

  /**
   * True when no event waits or runs in the loop and no venue call is in flight: `idle()` would
   * have nothing to wait for. A replay checks it to step on without a promise per event.
   */
  get isIdle(): boolean {
    return this.#loop.isIdle && this.#orders.inFlight === 0;
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
      orders: { working: this.#orders.working().size, ...this.#outcomes.counts },
      fills: this.#outcomes.fills,
      handlerErrors: this.#dispatcher.failures,
      reconciliations: this.#reconciliation.completedRuns,
      killSwitch: killSwitch === undefined ? undefined : { ...killSwitch },
      strategyHalted: this.#dispatcher.halted,
    };
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
      this.#outcomes.fills += 1;
      this.#portfolio.applyFill(fill);
      this.emit('order-filled', { order, fill });
      this.#deliver(() => this.#dispatch('onFill', fill));
      return;
    }
    const { previous, status } = change;
    this.emit('order-updated', { order, previousStatus: previous, status });
    const { outcome, denial } = this.#outcomes.statusChanged(order, previous, status);
    if (denial !== undefined)
      this.emit('order-denied', { order, reason: denial.reason, message: denial.message });
    else if (outcome === 'submitted') this.emit('order-submitted', order);
    else if (outcome === 'canceled') this.emit('order-canceled', order);
    else if (outcome === 'rejected') this.emit('order-rejected', order);
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
    const clientOrderId = submitOrder(this.#submission, command);
    // The order is on its way (or denied): the next order's id is drawn now, not before it.
    this.#prefetchedIds?.refill();
    return clientOrderId;
  }

  /** What an order command goes through; one object for every order (built on first use). */
  get #submission(): OrderSubmissionParts {
    this.#submissionParts ??= {
      clock: this.#clock,
      orders: this.#orders,
      gates: this.#gates,
      riskView: this.#riskView,
      killSwitch: this.killSwitch,
      outcomes: this.#outcomes,
      rules: (id) => this.#rules(id),
      strategyHalted: () => this.#dispatcher.halted,
      status: () => this.#status,
      created: (order) => this.#signals.orderCreated(order),
    };
    return this.#submissionParts;
  }

  #submissionParts: OrderSubmissionParts | undefined;
  /** The default client order ids (none when `clientOrderIds` is given). */
  readonly #prefetchedIds: PrefetchedClientOrderIds | undefined;

  readonly #riskView: RiskView = {
    now: () => this.#clock.now(),
    rules: (id) => this.#rules(id),
    referencePrice: (id, side) => this.#market.referencePrice(id, side),
    positionSize: (id) => this.#portfolio.positions.get(id).size,
    workingOrders: () => this.#orders.working(),
    pendingSize: (id, side) => this.#orders.pendingSize(id, side),
    dailyPnl: (currency) => this.#portfolio.todayPnl(currency),
  };

  #cancelWorking(productIdFilter: string | undefined): number {
    let sent = 0;
    for (const order of [...this.#orders.working()])
      if (productIdFilter === undefined || order.productId === productIdFilter)
        if (this.#orders.cancel(order)) sent += 1;
    return sent;
  }

  // ── portfolio ───────────────────────────────────────────────────────────────

  #beginDay(): void {
    const now = this.#clock.now();
    const quoteCurrencies = new Set(this.productIds.map((id) => this.#rules(id).quoteCurrency));
    this.#portfolio.beginDay(now, quoteCurrencies);
    const nextMidnight = startOfUtcDay(now) + DAY_MS;
    this.#internalTimers.set(nextMidnight - now, () => this.#loop.enqueue(() => this.#beginDay()));
  }

  // ── strategy dispatch ───────────────────────────────────────────────────────

  /** Calls one strategy handler with the context; a throw or a rejection is counted, never fatal. */
  #dispatch(handler: HandlerName, event?: unknown): Awaitable {
    return this.#dispatcher.dispatch(handler, event);
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
    scheduleCandleCloses({
      clock: this.#clock,
      granularityMs,
      setTimer: (delayMs, callback) => this.#internalTimers.set(delayMs, callback),
      builders: () => this.#candles.values(),
      inLoop: (task) => this.#loop.enqueue(task),
      closed: (candle) => this.#loop.enqueueNext(() => this.#dispatch('onCandle', candle)),
    });
  }

  /** Opens the journal and rebuilds orders and positions from what it holds. */
  #openJournal(): void {
    if (this.#journalSource === undefined) return;
    const { journal, replay, path } = openJournal(this.#journalSource);
    this.#journal = journal;
    if (replay === undefined) return;
    if (replay.repairedTornTail) this.#logger.warn('journal: dropped a torn last line', { path });
    const uncleanStop = replay.uncleanStop === true;
    if (uncleanStop) {
      this.#reconciler.uncleanStopDetected();
      this.#logger.warn('journal: the last run did not stop cleanly; checking for orders it may not know', {
        path,
      });
    }
    this.#restoredOrders = [...replay.orders.values()];
    for (const carried of replay.positions.values()) this.#portfolio.restorePosition(carried);
    for (const fill of this.#orders.restore(replay)) this.#portfolio.restoreFill(fill);
    this.#reconciler.restoreCursors(replay.fillCursors);
    this.emit('journal-replayed', {
      orders: this.#restoredOrders,
      repairedTornTail: replay.repairedTornTail,
      path,
      uncleanStop,
    });
  }

  async #shutDown(reason: string): Promise<void> {
    await this.#signals.stop();
    this.#timers.cancelAll();
    this.#internalTimers.cancelAll();
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
