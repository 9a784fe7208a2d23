import { InvalidParamsError } from '../errors.js';
import type { BookView, Candle, Ticker, Trade } from '../model/market-data.js';
import type { Fill } from '../model/reports.js';
import type { StrategyContext } from './context.js';
import type { OrderUpdate } from './order-update.js';
import type { Signal } from './signals.js';
import type { TimerFired } from './timers.js';

/** What a handler may return: nothing, or a promise the runtime awaits before the next event. */
export type Awaitable = void | Promise<void>;

/** A strategy's parameters: defaults, and a check of the merged values. */
export interface StrategyParamsSpec<P> {
  readonly defaults: P;
  /** Returns the problems found: an empty list (or `undefined`) when valid. */
  readonly validate?: (params: Readonly<P>) => readonly string[] | undefined;
}

/**
 * Everything a strategy is: a name, parameters, private state, and handlers. Each handler gets
 * the event and the {@link StrategyContext}; all are optional.
 */
export interface StrategyDefinition<P extends object = Record<string, never>, S = undefined> {
  readonly name: string;
  readonly description?: string;
  readonly params?: StrategyParamsSpec<P>;
  /** Builds the strategy's own state once per run (reach it as `ctx.state`). */
  readonly createState?: (params: Readonly<P>) => S;
  /** Candle size for `onCandle`, in ms (default 60 000), or a function of the parameters. */
  readonly candleGranularityMs?: number | ((params: Readonly<P>) => number);
  /**
   * Market data the strategy reads through `ctx` beyond what its handlers imply. The runtime
   * streams only what is needed: trades for `onTrade`/`onCandle`, the book for `onBook`, and the
   * ticker for `onTicker`, for `ticker: true` here, or when no handler needs trades or the book
   * (the ticker is then the only price). Set `ticker: true` when a trade- or book-driven
   * strategy reads `ctx.ticker()`.
   */
  readonly marketData?: { readonly ticker?: boolean };
  onStart?(ctx: StrategyContext<P, S>): Awaitable;
  onTicker?(ticker: Ticker, ctx: StrategyContext<P, S>): Awaitable;
  onTrade?(trade: Trade, ctx: StrategyContext<P, S>): Awaitable;
  onBook?(book: BookView, ctx: StrategyContext<P, S>): Awaitable;
  onCandle?(candle: Candle, ctx: StrategyContext<P, S>): Awaitable;
  /** Every status change of one of this strategy's orders, denials included. */
  onOrderUpdate?(update: OrderUpdate, ctx: StrategyContext<P, S>): Awaitable;
  /** Every new fill of one of this strategy's orders (each trade once, from whichever source came first). */
  onFill?(fill: Fill, ctx: StrategyContext<P, S>): Awaitable;
  onTimer?(timer: TimerFired, ctx: StrategyContext<P, S>): Awaitable;
  /** An external signal from one of the runtime's `signalSources`; its orders pass the risk gates like any other. */
  onSignal?(signal: Signal, ctx: StrategyContext<P, S>): Awaitable;
  /** Runs once at stop, before open orders are canceled (if asked). */
  onStop?(ctx: StrategyContext<P, S>): Awaitable;
}

const strategyMarker = Symbol.for('@tradeloop/strategy');

/** A strategy made by {@link defineStrategy}. */
export type Strategy<P extends object = Record<string, never>, S = undefined> = StrategyDefinition<P, S> & {
  readonly [strategyMarker]: true;
};

/** Any strategy, whatever its parameter and state types. */
// biome-ignore lint/suspicious/noExplicitAny: a strategy's parameter and state types are its own business.
export type AnyStrategy = Strategy<any, any>;

/**
 * Defines a strategy. The types of `ctx.params` and `ctx.state` follow from `params.defaults`
 * and `createState`.
 *
 * @throws InvalidParamsError when the name is empty or the defaults fail their own validation.
 * @example
 * export default defineStrategy({
 *   name: 'dip-buyer',
 *   params: { defaults: { productId: 'BTC-USD', quote: '25', dip: '0.01' } },
 *   onTicker(ticker, ctx) {
 *     // ...
 *   },
 * });
 */
export function defineStrategy<P extends object = Record<string, never>, S = undefined>(
  definition: StrategyDefinition<P, S>,
): Strategy<P, S> {
  if (typeof definition.name !== 'string' || definition.name.trim().length === 0)
    throw new InvalidParamsError('(unnamed)', 'expected a non-empty name');
  const strategy = Object.freeze({ ...definition, [strategyMarker]: true as const });
  resolveParams(strategy, {});
  return strategy;
}

/** True for a value made by {@link defineStrategy} (by any copy of this package). */
export function isStrategy(value: unknown): value is AnyStrategy {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[strategyMarker] === true
  );
}

/**
 * The defaults with `overrides` on top, validated. Unknown keys are refused, so a typo in a
 * config does not silently fall back to a default.
 *
 * @throws InvalidParamsError listing every problem.
 */
export function resolveParams<P extends object>(
  strategy: StrategyDefinition<P, unknown>,
  overrides: Partial<P>,
): P {
  const defaults = (strategy.params?.defaults ?? {}) as P;
  const unknownKeys = Object.keys(overrides).filter((key) => !(key in defaults));
  if (unknownKeys.length > 0)
    throw new InvalidParamsError(
      strategy.name,
      `unknown parameter${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.join(', ')}; expected one of ${Object.keys(defaults).join(', ') || '(none)'}`,
    );
  const params = Object.freeze({ ...defaults, ...overrides }) as P;
  const problems = strategy.params?.validate?.(params) ?? [];
  if (problems.length > 0) throw new InvalidParamsError(strategy.name, problems.join('; '));
  return params;
}
