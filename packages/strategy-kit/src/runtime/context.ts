import type { Clock } from '@tradeloop/clock';
import type { Decimal } from 'decimal.js';
import type { OrderManager } from '../execution/order-manager.js';
import type { DecimalInput } from '../model/decimal.js';
import type { ClientOrderId, ProductId } from '../model/ids.js';
import type { BookView, Ticker } from '../model/market-data.js';
import type { OrderView } from '../model/order.js';
import type { ProductRules, Side } from '../model/product-rules.js';
import {
  fundsForMarketBuy,
  type SizeForQuoteAmountInput,
  type SizeForRiskInput,
  sizeForBalanceFraction,
  sizeForQuoteAmount,
  sizeForRisk,
} from '../model/sizing.js';
import type { BalanceView, Portfolio } from '../portfolio/portfolio.js';
import type { PositionView } from '../portfolio/positions.js';
import type { FeeRates } from '../venues/venue.js';
import type { LimitOrderInput, MarketOrderInput, OrderCommand, StopOrderInput } from './commands.js';
import type { Logger } from './logger.js';
import type { MarketState } from './market-state.js';
import type { Timers } from './timers.js';

/** Order commands. Each returns at once; the order's fate arrives as events (`onOrderUpdate`, `onFill`). */
export interface OrderCommands {
  /**
   * Places a limit order. Size rounds down to the increment, price to the tick by side.
   * @returns the client order id, assigned before anything is sent.
   * @throws InvalidDecimalError / InvalidArgumentError for malformed input (a bug in the strategy).
   */
  limit(input: LimitOrderInput): ClientOrderId;
  /** Places a market order (exactly one of size or funds). */
  market(input: MarketOrderInput): ClientOrderId;
  /** Places a stop-limit order. */
  stop(input: StopOrderInput): ClientOrderId;
  /** Cancels one order; false when it is unknown, final, or a cancel is pending already. */
  cancel(clientOrderId: ClientOrderId): boolean;
  /** Cancels every working order of this bot (of one product, when given); returns how many cancels were sent. */
  cancelAll(productId?: string): number;
}

/** Strategy timers on the runtime clock; they arrive as `onTimer` events. */
export interface StrategyTimers {
  /** Fires every `intervalMs`; returns its id. */
  every(intervalMs: number, name?: string): number;
  /** Fires once after `delayMs`; returns its id. */
  after(delayMs: number, name?: string): number;
  cancel(id: number): void;
}

/** The sizing helpers, bound to a product's rules and to the bot's balances and fees. */
export interface ContextSizing {
  /** See `sizeForQuoteAmount`. */
  forQuoteAmount(productId: string, input: SizeForQuoteAmountInput): Decimal;
  /**
   * See `sizeForBalanceFraction`; `available` defaults to the available balance (quote for a buy,
   * base for a sell), `feeRate` to the taker rate.
   */
  forBalanceFraction(
    productId: string,
    input: {
      side: Side;
      fraction: DecimalInput;
      price: DecimalInput;
      available?: DecimalInput;
      feeRate?: DecimalInput;
    },
  ): Decimal;
  /** See `sizeForRisk`. */
  forRisk(productId: string, input: SizeForRiskInput): Decimal;
  /** See `fundsForMarketBuy`; `quoteAmount` defaults to the available quote, the fee to the taker rate. */
  marketBuyFunds(
    productId: string,
    input?: { quoteAmount?: DecimalInput; takerFeeRate?: DecimalInput },
  ): Decimal;
}

/**
 * What every handler receives: read access to the bot's world and commands to act on it. Time
 * comes only from `clock` / `now()`, never from `Date.now()`, so runs can be replayed.
 */
export interface StrategyContext<P = unknown, S = unknown> {
  readonly strategy: string;
  readonly params: Readonly<P>;
  /** The strategy's own state, from `createState`. */
  readonly state: S;
  /** The runtime clock, read-only: timers go through `timers`, so the runtime can cancel them at stop. */
  readonly clock: Pick<Clock, 'now'>;
  /** The runtime clock's time in ms. */
  now(): number;
  readonly log: Logger;
  readonly productIds: readonly ProductId[];
  /** The rules of a product the bot trades. @throws InvalidArgumentError for another product. */
  product(productId: string): ProductRules;
  balance(currency: string): BalanceView;
  position(productId: string): PositionView;
  /** Working orders of this bot (of one product, when given). */
  openOrders(productId?: string): OrderView[];
  order(clientOrderId: ClientOrderId): OrderView | undefined;
  ticker(productId: string): Ticker | undefined;
  book(productId: string): BookView | undefined;
  readonly fees: FeeRates;
  readonly timers: StrategyTimers;
  readonly orders: OrderCommands;
  readonly sizing: ContextSizing;
  /** Pulls the kill switch: no new orders, every open one canceled. */
  halt(reason: string): void;
}

/** What {@link createStrategyContext} builds the context from (the runtime's parts). */
export interface ContextParts<P, S> {
  readonly strategy: string;
  readonly params: Readonly<P>;
  state(): S;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly productIds: readonly ProductId[];
  /** @throws InvalidArgumentError for a product the bot does not trade. */
  rules(productId: string): ProductRules;
  readonly portfolio: Portfolio;
  readonly market: MarketState;
  readonly orders: OrderManager;
  readonly timers: Timers;
  /** False when the strategy did not ask for the ticker (see `StrategyDefinition.marketData`). */
  tickerStreamed?(): boolean;
  fees(): FeeRates;
  submit(command: OrderCommand): ClientOrderId;
  cancelWorking(productId: string | undefined): number;
  halt(reason: string): void;
}

/** Builds the context every handler receives: read access to the bot's world, and commands. */
export function createStrategyContext<P, S>(parts: ContextParts<P, S>): StrategyContext<P, S> {
  const { orders, portfolio, market, timers } = parts;
  const available = (currency: string) => portfolio.balance(currency).available;
  let tickerWarned = false;
  return {
    strategy: parts.strategy,
    params: parts.params,
    get state() {
      return parts.state();
    },
    clock: { now: () => parts.clock.now() },
    now: () => parts.clock.now(),
    log: parts.logger,
    productIds: parts.productIds,
    product: (id) => parts.rules(id),
    balance: (currency) => portfolio.balance(currency),
    position: (id) => portfolio.position(parts.rules(id).id),
    openOrders: (id) => [...orders.working()].filter((order) => id === undefined || order.productId === id),
    order: (clientOrderId) => orders.get(clientOrderId),
    ticker: (id) => {
      const ticker = market.ticker(id);
      if (ticker === undefined && !tickerWarned && parts.tickerStreamed?.() === false) {
        tickerWarned = true;
        parts.logger.warn(
          'ctx.ticker() read, but the ticker is not streamed: declare marketData: { ticker: true } in the strategy',
        );
      }
      return ticker;
    },
    book: (id) => market.book(id),
    get fees() {
      return parts.fees();
    },
    timers: {
      every: (intervalMs, name) => timers.every(intervalMs, name),
      after: (delayMs, name) => timers.after(delayMs, name),
      cancel: (id) => timers.cancel(id),
    },
    orders: {
      limit: (input) => parts.submit({ type: 'limit', input }),
      market: (input) => parts.submit({ type: 'market', input }),
      stop: (input) => parts.submit({ type: 'stop', input }),
      cancel: (clientOrderId) => {
        const order = orders.get(clientOrderId);
        return order === undefined ? false : orders.cancel(order);
      },
      cancelAll: (id) => parts.cancelWorking(id),
    },
    sizing: {
      forQuoteAmount: (id, input) => sizeForQuoteAmount(parts.rules(id), input),
      forBalanceFraction: (id, input) => {
        const rules = parts.rules(id);
        return sizeForBalanceFraction(rules, {
          ...input,
          available:
            input.available ?? available(input.side === 'buy' ? rules.quoteCurrency : rules.baseCurrency),
          feeRate: input.feeRate ?? parts.fees().taker,
        });
      },
      forRisk: (id, input) => sizeForRisk(parts.rules(id), input),
      marketBuyFunds: (id, input = {}) => {
        const rules = parts.rules(id);
        const quoteAvailable = available(rules.quoteCurrency);
        return fundsForMarketBuy(rules, {
          quoteAmount: input.quoteAmount ?? quoteAvailable,
          takerFeeRate: input.takerFeeRate ?? parts.fees().taker,
          available: quoteAvailable,
        });
      },
    },
    halt: (reason) => parts.halt(reason),
  };
}
