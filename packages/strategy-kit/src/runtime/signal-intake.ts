import type { Clock } from '@tradeloop/clock';
import type { EventEmitter } from 'eventemitter3';
import { InvalidArgumentError } from '../errors.js';
import type { ProductId } from '../model/ids.js';
import type { OrderView } from '../model/order.js';
import type { Denial } from '../risk/gates.js';
import type { AnyStrategy, Awaitable } from './define-strategy.js';
import type { RuntimeEvents } from './runtime-events.js';
import type { Signal, SignalFate, SignalOrder, SignalSource, SignalStatus } from './signals.js';

/** What the intake needs from the runtime. */
export interface SignalIntakeParts {
  readonly sources: readonly SignalSource[];
  /** Must have an `onSignal` handler when there are sources. */
  readonly strategy: AnyStrategy;
  readonly productIds: readonly ProductId[];
  /**
   * The runtime's own event stream: order changes and handler failures are read from it, and
   * each fate change goes out on it as `signal-updated`.
   */
  readonly events: EventEmitter<RuntimeEvents>;
  readonly clock: Clock;
  /** Queues a task on the runtime's event loop. */
  post(task: () => Awaitable): void;
  /** Why the runtime cannot take a signal now (halted strategy, stopping runtime), or `undefined`. */
  refusal(): Denial | undefined;
  /** Calls the strategy's `onSignal` (failures are reported as `handler-failed`, never thrown). */
  dispatch(signal: Signal): Awaitable;
  /** A source failed outside a signal (e.g. `fateChanged` threw). */
  failed(error: unknown, context: string): void;
}

/** Fates kept in memory; the oldest are forgotten beyond this (a source keeps its own record). */
const MAX_TRACKED_SIGNALS = 10_000;

interface Tracked {
  fate: SignalFate;
  readonly source: SignalSource;
  readonly orders: Map<
    string,
    { status: SignalOrder['status']; filledSize: string; denial?: Denial; rejectReason?: string }
  >;
  /** True while the strategy's handler runs for it. */
  handling: boolean;
  failure: { message: string } | undefined;
  refusal: Denial | undefined;
}

/**
 * The runtime's side of signal intake: starts and stops the sources, queues each signal on the
 * event loop for the strategy's `onSignal`, attributes the orders the handler places to the
 * signal, and follows those orders to a {@link SignalFate} that it reports back to the source.
 * Orders go through the same path as any strategy order (sizing, risk gates, kill switch).
 */
export class SignalIntake {
  readonly #parts: SignalIntakeParts;
  readonly #signals = new Map<string, Tracked>();
  readonly #byClientOrderId = new Map<string, Tracked>();
  #current: Tracked | undefined;
  #open = false;

  /** @throws InvalidArgumentError when there are sources but the strategy has no `onSignal`. */
  constructor(parts: SignalIntakeParts) {
    this.#parts = parts;
    if (parts.sources.length === 0) return;
    if (parts.strategy.onSignal === undefined)
      throw new InvalidArgumentError(
        'signalSources',
        `expected a strategy with an onSignal handler, ${parts.strategy.name} has none`,
      );
    const events = parts.events;
    events.on('order-updated', ({ order }) => this.#orderChanged(order));
    events.on('order-filled', ({ order }) => this.#orderChanged(order));
    events.on('order-denied', ({ order, reason, message }) => {
      const entry = this.#byClientOrderId.get(order.clientOrderId);
      const tracked = entry?.orders.get(order.clientOrderId);
      if (entry === undefined || tracked === undefined) return;
      tracked.denial = { reason, message };
      this.#orderChanged(order);
    });
    events.on('order-rejected', (order) => {
      const entry = this.#byClientOrderId.get(order.clientOrderId);
      const tracked = entry?.orders.get(order.clientOrderId);
      if (entry === undefined || tracked === undefined) return;
      tracked.rejectReason = order.rejectReason ?? 'refused by the venue';
      this.#orderChanged(order);
    });
    events.on('handler-failed', ({ handler, error }) => {
      if (handler !== 'onSignal' || this.#current === undefined) return;
      this.#current.failure = { message: error instanceof Error ? error.message : String(error) };
    });
  }

  /** Starts every source; a source that fails to start stops those already started. */
  async start(): Promise<void> {
    if (this.#parts.sources.length === 0) return;
    this.#open = true;
    const started: SignalSource[] = [];
    try {
      for (const source of this.#parts.sources) {
        await source.start({
          productIds: this.#parts.productIds,
          submit: (signal) => this.#submit(source, signal),
        });
        started.push(source);
      }
    } catch (error) {
      this.#open = false;
      await Promise.allSettled(started.map((source) => source.stop()));
      throw error;
    }
  }

  /** Stops every source (no signal arrives after this resolves). */
  async stop(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    const results = await Promise.allSettled(this.#parts.sources.map((source) => source.stop()));
    for (const result of results)
      if (result.status === 'rejected') this.#parts.failed(result.reason, 'stopping a signal source');
  }

  /** Called by the runtime for every order the strategy creates: one made inside `onSignal` belongs to that signal. */
  orderCreated(order: OrderView): void {
    const current = this.#current;
    if (current === undefined) return;
    current.orders.set(order.clientOrderId, { status: order.status, filledSize: order.filledSize.toFixed() });
    this.#byClientOrderId.set(order.clientOrderId, current);
  }

  /** The fates of the signals of this run (the newest {@link MAX_TRACKED_SIGNALS}), oldest first. */
  fates(): SignalFate[] {
    return [...this.#signals.values()].map((tracked) => tracked.fate);
  }

  #submit(source: SignalSource, signal: Signal): void {
    const now = this.#parts.clock.now();
    const tracked: Tracked = {
      fate: {
        id: signal.id,
        status: 'accepted',
        productId: signal.productId,
        action: signal.action,
        source: source.name,
        receivedAt: now,
        updatedAt: now,
        orders: [],
      },
      source,
      orders: new Map(),
      handling: true,
      failure: undefined,
      refusal: undefined,
    };
    this.#remember(tracked);
    this.#publish(tracked);
    if (!this.#open) {
      this.#refuse(tracked, { reason: 'strategy_halted', message: 'the runtime is stopping' });
      return;
    }
    if (!this.#parts.productIds.includes(signal.productId)) {
      this.#refuse(tracked, {
        reason: 'unknown_product',
        message: `${signal.productId} is not one of the products this bot was started with (${this.#parts.productIds.join(', ')})`,
      });
      return;
    }
    this.#parts.post(() => {
      const refusal = this.#parts.refusal();
      if (refusal !== undefined) {
        this.#refuse(tracked, refusal);
        return;
      }
      this.#current = tracked;
      let result: Awaitable;
      try {
        result = this.#parts.dispatch(signal);
      } catch (error) {
        // dispatch reports handler errors itself; anything else is the runtime's.
        this.#current = undefined;
        throw error;
      }
      if (result === undefined) return this.#handled(tracked);
      return result.then(() => this.#handled(tracked));
    });
  }

  #handled(tracked: Tracked): void {
    this.#current = undefined;
    tracked.handling = false;
    this.#update(tracked);
  }

  #refuse(tracked: Tracked, denial: Denial): void {
    tracked.handling = false;
    tracked.refusal = denial;
    this.#update(tracked);
  }

  #orderChanged(order: OrderView): void {
    const tracked = this.#byClientOrderId.get(order.clientOrderId);
    const entry = tracked?.orders.get(order.clientOrderId);
    if (tracked === undefined || entry === undefined) return;
    entry.status = order.status;
    entry.filledSize = order.filledSize.toFixed();
    if (!tracked.handling) this.#update(tracked);
  }

  /** Recomputes the fate from what is known; publishes it when it changed. */
  #update(tracked: Tracked): void {
    const orders = [...tracked.orders].map(([clientOrderId, entry]) => ({
      clientOrderId,
      status: entry.status,
      filledSize: entry.filledSize,
    }));
    const outcome = this.#outcome(tracked);
    const previous = tracked.fate;
    const next: SignalFate = {
      id: previous.id,
      status: outcome.status,
      productId: previous.productId,
      action: previous.action,
      source: previous.source,
      receivedAt: previous.receivedAt,
      updatedAt: previous.updatedAt,
      orders,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
    };
    if (JSON.stringify(next) === JSON.stringify(previous)) return;
    tracked.fate = { ...next, updatedAt: this.#parts.clock.now() };
    this.#publish(tracked);
  }

  #outcome(tracked: Tracked): { status: SignalStatus; reason?: string; message?: string } {
    if (tracked.refusal !== undefined)
      return { status: 'denied', reason: tracked.refusal.reason, message: tracked.refusal.message };
    if (tracked.failure !== undefined)
      return {
        status: 'failed',
        reason: 'handler_failed',
        message: `the strategy's onSignal failed: ${tracked.failure.message}`,
      };
    const entries = [...tracked.orders.values()];
    if (entries.length === 0)
      return tracked.handling
        ? { status: 'accepted' }
        : { status: 'completed', message: 'handled without placing an order' };
    const denied = entries.find((entry) => entry.denial !== undefined);
    if (denied?.denial !== undefined)
      return { status: 'denied', reason: denied.denial.reason, message: denied.denial.message };
    const rejected = entries.find((entry) => entry.status === 'rejected');
    if (rejected !== undefined)
      return {
        status: 'failed',
        reason: 'rejected',
        message: `the venue rejected the order: ${rejected.rejectReason ?? 'no reason given'}`,
      };
    if (entries.every((entry) => entry.status === 'filled')) return { status: 'filled' };
    if (entries.every((entry) => entry.status === 'filled' || entry.status === 'canceled'))
      return { status: 'canceled' };
    return { status: 'placed' };
  }

  #publish(tracked: Tracked): void {
    this.#parts.events.emit('signal-updated', tracked.fate);
    try {
      tracked.source.fateChanged?.(tracked.fate);
    } catch (error) {
      this.#parts.failed(error, `signal source ${tracked.source.name}`);
    }
  }

  #remember(tracked: Tracked): void {
    this.#signals.delete(tracked.fate.id);
    this.#signals.set(tracked.fate.id, tracked);
    while (this.#signals.size > MAX_TRACKED_SIGNALS) {
      const [oldestId, oldest] = this.#signals.entries().next().value as [string, Tracked];
      this.#signals.delete(oldestId);
      for (const clientOrderId of oldest.orders.keys()) this.#byClientOrderId.delete(clientOrderId);
    }
  }
}
