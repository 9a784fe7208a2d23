import type { Decimal } from 'decimal.js';
import type { DecimalInput } from '../model/decimal.js';
import type { BookView, Ticker } from '../model/events.js';
import type { ClientOrderId, ProductId } from '../model/ids.js';
import type { OrderView } from '../model/order.js';
import type { ProductRules, Side } from '../model/product-rules.js';
import type { SizeForQuoteAmountInput, SizeForRiskInput } from '../model/sizing.js';
import type { PositionView } from '../portfolio/positions.js';
import type { FeeRates } from '../venues/venue.js';
import type { Clock } from './clock.js';
import type { LimitOrderInput, MarketOrderInput, StopOrderInput } from './commands.js';
import type { Logger } from './logger.js';

/** One currency's balance as the strategy sees it. */
export interface BalanceView {
  readonly currency: string;
  /** Exact: the venue's balance at start, moved by every fill since. */
  readonly total: Decimal;
  /** total − hold. */
  readonly available: Decimal;
  /** Estimated: holds of other orders at start plus those of the bot's working orders now. */
  readonly hold: Decimal;
}

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
  readonly clock: Clock;
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
