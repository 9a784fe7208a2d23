import type { Decimal } from 'decimal.js';
import {
  BelowMinimumError,
  ExceedsAvailableError,
  InvalidArgumentError,
  ProductNotTradableError,
  RoundsToZeroError,
} from '../errors.js';
import { type DecimalInput, ONE, toDecimal, toNonNegativeDecimal, toPositiveDecimal } from './decimal.js';
import { type OrderIntent, type ProductRules, type Side, untradableReason } from './product-rules.js';

/*
 * Every helper divides with `divToInt` (exact integer division) by "price × increment", so the
 * result is a whole number of increments by construction and its cost can never exceed the
 * budget through a rounding of the division itself.
 */

/** By default a size only needs a product that accepts some order (a post-only limit order). */
const anyOrder: OrderIntent = { type: 'limit', postOnly: true };

/** Inputs of {@link sizeForQuoteAmount}. */
export interface SizeForQuoteAmountInput {
  /** How much quote currency to put into the order, e.g. `"250"` USD. */
  quoteAmount: DecimalInput;
  /** The (limit) price the order will have. */
  price: DecimalInput;
  /** The order the size is meant for; default: any order the product accepts. */
  intent?: OrderIntent;
}

/**
 * The largest size, on `base_increment`, whose notional (size × price) fits in `quoteAmount`.
 *
 * @throws ProductNotTradableError, RoundsToZeroError, BelowMinimumError (notional under
 *   `min_market_funds`), InvalidArgumentError (price not positive, amount negative),
 *   InvalidDecimalError (a JS number or a malformed string).
 * @example sizeForQuoteAmount(btcUsd, { quoteAmount: '250', price: '64321.12' }) // 0.00388674
 */
export function sizeForQuoteAmount(rules: ProductRules, input: SizeForQuoteAmountInput): Decimal {
  assertTradable(rules, input.intent ?? anyOrder);
  const quoteAmount = toNonNegativeDecimal(input.quoteAmount, 'quoteAmount');
  const price = toPositiveDecimal(input.price, 'price');
  const size = wholeIncrements(quoteAmount, price.times(rules.baseIncrement), rules.baseIncrement);
  return checkedSize(rules, size, price, () => quoteAmount.div(price));
}

/** Inputs of {@link sizeForBalanceFraction}. */
export interface SizeForBalanceFractionInput {
  side: Side;
  /**
   * The available balance to take a fraction of: quote currency for a buy, base currency for a
   * sell (`available` of the account, i.e. balance minus holds).
   */
  available: DecimalInput;
  /** Between 0 (exclusive) and 1 (inclusive), e.g. `"0.25"`. */
  fraction: DecimalInput;
  /** The price the order will have (for the buy cost and the minimum notional). */
  price: DecimalInput;
  /** For a buy: the fee rate the exchange holds on top of the notional (e.g. `"0.006"`); default 0. */
  feeRate?: DecimalInput;
  intent?: OrderIntent;
}

/**
 * A size that uses `fraction` of the available balance: for a sell, that much base currency; for
 * a buy, as much base as the quote fraction pays for at `price`, fee included.
 *
 * @throws ProductNotTradableError, RoundsToZeroError, BelowMinimumError, InvalidArgumentError
 *   (fraction outside (0, 1], price not positive), InvalidDecimalError.
 * @example sizeForBalanceFraction(btcUsd, { side: 'sell', available: '0.5', fraction: '0.1', price: '64000' }) // 0.05
 */
export function sizeForBalanceFraction(rules: ProductRules, input: SizeForBalanceFractionInput): Decimal {
  assertTradable(rules, input.intent ?? anyOrder);
  const available = toNonNegativeDecimal(input.available, 'available');
  const fraction = toPositiveDecimal(input.fraction, 'fraction');
  if (fraction.greaterThan(ONE))
    throw new InvalidArgumentError(
      'fraction',
      `expected a fraction in (0, 1], received ${fraction.toFixed()}`,
    );
  const price = toPositiveDecimal(input.price, 'price');
  const feeRate = toNonNegativeDecimal(input.feeRate ?? '0', 'feeRate');
  const budget = available.times(fraction);
  const unitPrice = input.side === 'sell' ? ONE : price.times(ONE.plus(feeRate));
  const size = wholeIncrements(budget, unitPrice.times(rules.baseIncrement), rules.baseIncrement);
  return checkedSize(rules, size, price, () => budget.div(unitPrice));
}

/** Inputs of {@link sizeForRisk}. */
export interface SizeForRiskInput {
  /** The quote amount you accept to lose if the stop is hit, e.g. `"50"` USD. */
  riskAmount: DecimalInput;
  entryPrice: DecimalInput;
  /** Below the entry for a long (buy), above it for a short (sell). */
  stopPrice: DecimalInput;
  /**
   * When given, the size must fit: quote currency for a long (size × entry × (1 + fee)), base
   * currency for a short (size).
   */
  available?: DecimalInput;
  feeRate?: DecimalInput;
  intent?: OrderIntent;
}

/**
 * The size at which a move from `entryPrice` to `stopPrice` loses at most `riskAmount`. The side is
 * read from the prices: a stop below the entry is a long (buy), above it a short (sell).
 *
 * @throws ProductNotTradableError, RoundsToZeroError, BelowMinimumError, ExceedsAvailableError
 *   (the size does not fit in `available`), InvalidArgumentError (entry equals stop), InvalidDecimalError.
 * @example sizeForRisk(btcUsd, { riskAmount: '50', entryPrice: '64000', stopPrice: '63000' }) // 0.05
 */
export function sizeForRisk(rules: ProductRules, input: SizeForRiskInput): Decimal {
  assertTradable(rules, input.intent ?? anyOrder);
  const riskAmount = toNonNegativeDecimal(input.riskAmount, 'riskAmount');
  const entryPrice = toPositiveDecimal(input.entryPrice, 'entryPrice');
  const stopPrice = toPositiveDecimal(input.stopPrice, 'stopPrice');
  const distance = entryPrice.minus(stopPrice).abs();
  if (distance.isZero())
    throw new InvalidArgumentError(
      'stopPrice',
      `expected a stop away from the entry ${entryPrice.toFixed()}, received the same price`,
    );
  const size = wholeIncrements(riskAmount, distance.times(rules.baseIncrement), rules.baseIncrement);
  checkedSize(rules, size, entryPrice, () => riskAmount.div(distance));
  if (input.available !== undefined) {
    const available = toNonNegativeDecimal(input.available, 'available');
    const side: Side = stopPrice.lessThan(entryPrice) ? 'buy' : 'sell';
    const feeRate = toNonNegativeDecimal(input.feeRate ?? '0', 'feeRate');
    const needed = side === 'buy' ? size.times(entryPrice).times(ONE.plus(feeRate)) : size;
    if (needed.greaterThan(available))
      throw new ExceedsAvailableError(
        rules.id,
        side === 'buy' ? rules.quoteCurrency : rules.baseCurrency,
        needed.toFixed(),
        available.toFixed(),
      );
  }
  return size;
}

/** Inputs of {@link fundsForMarketBuy}. */
export interface FundsForMarketBuyInput {
  /** The total quote amount to spend, fee included, e.g. the whole available USD. */
  quoteAmount: DecimalInput;
  /** The taker fee rate, e.g. `"0.006"`. */
  takerFeeRate: DecimalInput;
  /** When given, `quoteAmount` must not exceed it. */
  available?: DecimalInput;
}

/**
 * The `funds` of a market buy such that funds plus the taker fee on them fit in `quoteAmount`:
 * funds × (1 + takerFeeRate) ≤ quoteAmount, on `quote_increment`.
 *
 * @throws ProductNotTradableError (also when the product is limit-only or post-only),
 *   ExceedsAvailableError, RoundsToZeroError, BelowMinimumError (funds under `min_market_funds`),
 *   InvalidDecimalError.
 * @example fundsForMarketBuy(btcUsd, { quoteAmount: '100', takerFeeRate: '0.006' }) // 99.4
 */
export function fundsForMarketBuy(rules: ProductRules, input: FundsForMarketBuyInput): Decimal {
  assertTradable(rules, { type: 'market' });
  const quoteAmount = toNonNegativeDecimal(input.quoteAmount, 'quoteAmount');
  const feeRate = toNonNegativeDecimal(input.takerFeeRate, 'takerFeeRate');
  if (input.available !== undefined) {
    const available = toNonNegativeDecimal(input.available, 'available');
    if (quoteAmount.greaterThan(available))
      throw new ExceedsAvailableError(
        rules.id,
        rules.quoteCurrency,
        quoteAmount.toFixed(),
        available.toFixed(),
      );
  }
  const funds = wholeIncrements(
    quoteAmount,
    ONE.plus(feeRate).times(rules.quoteIncrement),
    rules.quoteIncrement,
  );
  if (funds.isZero())
    throw new RoundsToZeroError(rules.id, 'funds', quoteAmount.toFixed(), rules.quoteIncrement.toFixed());
  if (funds.lessThan(rules.minMarketFunds))
    throw new BelowMinimumError(rules.id, funds.toFixed(), rules.minMarketFunds.toFixed());
  return funds;
}

/** Throws ProductNotTradableError when the product refuses this kind of order now. */
export function assertTradable(rules: ProductRules, intent: OrderIntent): void {
  const reason = untradableReason(rules, intent);
  if (reason !== undefined) throw new ProductNotTradableError(rules.id, reason);
}

/** floor(amount / unitCost) increments. */
function wholeIncrements(amount: Decimal, unitCost: Decimal, increment: Decimal): Decimal {
  return amount.divToInt(unitCost).times(increment);
}

/** Checks a size against zero and the minimum notional; `unroundedSize` only feeds the error message. */
function checkedSize(
  rules: ProductRules,
  size: Decimal,
  price: Decimal,
  unroundedSize: () => Decimal,
): Decimal {
  if (size.isZero())
    throw new RoundsToZeroError(
      rules.id,
      'size',
      unroundedSize().toSignificantDigits(12).toFixed(),
      rules.baseIncrement.toFixed(),
    );
  const notional = size.times(price);
  if (notional.lessThan(rules.minMarketFunds))
    throw new BelowMinimumError(rules.id, notional.toFixed(), rules.minMarketFunds.toFixed());
  return size;
}

/** The order's notional in quote currency: size × price. */
export function notional(size: DecimalInput, price: DecimalInput): Decimal {
  return toDecimal(size, 'size').times(toDecimal(price, 'price'));
}
