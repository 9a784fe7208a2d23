import type { Clock } from '@tradeloop/clock';
import type { AnyStrategy, Awaitable } from './define-strategy.js';
import type { ErrorPolicy } from './runtime-options.js';

/** The strategy's handlers, by name. */
export type HandlerName =
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

/** Options of {@link StrategyDispatcher}. */
export interface StrategyDispatcherOptions {
  strategy: AnyStrategy;
  /** The context every handler receives (read once, on the first dispatch). */
  context: () => unknown;
  clock: Clock;
  errorPolicy: ErrorPolicy | undefined;
  /** A handler threw or rejected; `errorCount` is the number within the policy's window. */
  failed(handler: string, error: unknown, errorCount: number): void;
  /** Too many failures within the window: the strategy is not called any more. */
  halted(reason: string): void;
}

/**
 * Calls the strategy's handlers with the context. A throw or a rejection is counted, never fatal;
 * the error policy (default 10 failures within 60 s) decides when to stop calling the strategy.
 */
export class StrategyDispatcher {
  #active = false;
  #halted = false;
  /** Active and not halted: the one flag the hot path reads. */
  #calling = false;
  #failures = 0;
  readonly #errorTimes: number[] = [];
  readonly #options: StrategyDispatcherOptions;
  readonly #strategy: AnyStrategy;
  /** The context, read once from the option on first use (it is one object for the whole run). */
  #context: unknown;
  #hasContext = false;
  readonly #maxErrors: number;
  readonly #windowMs: number;

  constructor(options: StrategyDispatcherOptions) {
    this.#options = options;
    this.#strategy = options.strategy;
    this.#maxErrors = options.errorPolicy?.maxErrors ?? 10;
    this.#windowMs = options.errorPolicy?.windowMs ?? 60_000;
  }

  /** Handlers run only while active (between start and stop). */
  get active(): boolean {
    return this.#active;
  }

  set active(value: boolean) {
    this.#active = value;
    this.#calling = value && !this.#halted;
  }

  get halted(): boolean {
    return this.#halted;
  }

  /** Every handler failure so far. */
  get failures(): number {
    return this.#failures;
  }

  /** Calls one handler; a promise it returns is awaited by the caller (the event loop). */
  dispatch(handler: HandlerName, event?: unknown): Awaitable {
    if (!this.#calling) return;
    const strategy = this.#strategy;
    const method = strategy[handler] as ((...args: unknown[]) => Awaitable) | undefined;
    if (method === undefined) return;
    if (!this.#hasContext) {
      this.#context = this.#options.context();
      this.#hasContext = true;
    }
    let result: Awaitable;
    try {
      result =
        handler === 'onStart' || handler === 'onStop'
          ? method.call(strategy, this.#context)
          : method.call(strategy, event, this.#context);
    } catch (error) {
      this.#failed(handler, error);
      return;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function')
      return (result as Promise<void>).catch((error: unknown) => this.#failed(handler, error));
  }

  #failed(handler: string, error: unknown): void {
    this.#failures += 1;
    const now = this.#options.clock.now();
    this.#errorTimes.push(now);
    while (this.#errorTimes.length > 0 && (this.#errorTimes[0] as number) <= now - this.#windowMs)
      this.#errorTimes.shift();
    this.#options.failed(handler, error, this.#errorTimes.length);
    if (this.#errorTimes.length >= this.#maxErrors && !this.#halted) {
      this.#halted = true;
      this.#calling = false;
      this.#options.halted(`${this.#errorTimes.length} handler errors within ${this.#windowMs} ms`);
    }
  }
}
