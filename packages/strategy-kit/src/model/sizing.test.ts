import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BelowMinimumError,
  ExceedsAvailableError,
  InvalidArgumentError,
  InvalidDecimalError,
  ProductNotTradableError,
  RoundsToZeroError,
  StrategyKitError,
} from '../errors.js';
import { btcUsdWire, ethBtcWire } from './__fixtures__/products.js';
import { ExactDecimal, isMultipleOf, ONE } from './decimal.js';
import { type ProductRules, productRulesFromWire } from './product-rules.js';
import { fundsForMarketBuy, sizeForBalanceFraction, sizeForQuoteAmount, sizeForRisk } from './sizing.js';

const btcUsd = productRulesFromWire(btcUsdWire);
const ethBtc = productRulesFromWire(ethBtcWire);

describe('sizing examples', () => {
  it('sizes from a quote amount, rounding the size down', () => {
    expect(sizeForQuoteAmount(btcUsd, { quoteAmount: '250', price: '64321.12' }).toFixed()).toBe(
      '0.00388674',
    );
    expect(sizeForQuoteAmount(btcUsd, { quoteAmount: '100', price: '100' }).toFixed()).toBe('1');
  });

  it('sizes from a fraction of the balance, fee included for buys', () => {
    expect(
      sizeForBalanceFraction(btcUsd, {
        side: 'sell',
        available: '0.5',
        fraction: '0.1',
        price: '64000',
      }).toFixed(),
    ).toBe('0.05');
    // 1000 USD × 0.5 = 500 USD at 100 × 1.006 per BTC → 4.97017892... BTC, down to 4.97017892
    expect(
      sizeForBalanceFraction(btcUsd, {
        side: 'buy',
        available: '1000',
        fraction: '0.5',
        price: '100',
        feeRate: '0.006',
      }).toFixed(),
    ).toBe('4.97017892');
  });

  it('sizes from a risk amount and a stop distance', () => {
    expect(sizeForRisk(btcUsd, { riskAmount: '50', entryPrice: '64000', stopPrice: '63000' }).toFixed()).toBe(
      '0.05',
    );
    expect(sizeForRisk(btcUsd, { riskAmount: '10', entryPrice: '3', stopPrice: '3.3' }).toFixed()).toBe(
      '33.33333333',
    );
    expect(() =>
      sizeForRisk(btcUsd, { riskAmount: '50', entryPrice: '64000', stopPrice: '63000', available: '3000' }),
    ).toThrow(ExceedsAvailableError);
    expect(() => sizeForRisk(btcUsd, { riskAmount: '50', entryPrice: '64000', stopPrice: '64000' })).toThrow(
      InvalidArgumentError,
    );
  });

  it('reserves the taker fee from market-buy funds', () => {
    expect(fundsForMarketBuy(btcUsd, { quoteAmount: '100', takerFeeRate: '0.006' }).toFixed()).toBe('99.4');
    expect(fundsForMarketBuy(btcUsd, { quoteAmount: '100.57', takerFeeRate: '0.006' }).toFixed()).toBe(
      '99.97',
    );
    expect(() =>
      fundsForMarketBuy(btcUsd, { quoteAmount: '100', takerFeeRate: '0.006', available: '99' }),
    ).toThrow(ExceedsAvailableError);
  });

  it('works across quote currencies (ETH-BTC)', () => {
    expect(sizeForQuoteAmount(ethBtc, { quoteAmount: '0.01', price: '0.05123' }).toFixed()).toBe(
      '0.19519812',
    );
  });

  it('fails with typed errors', () => {
    expect(() => sizeForQuoteAmount(btcUsd, { quoteAmount: '0.5', price: '64000' })).toThrow(
      BelowMinimumError,
    );
    expect(() => sizeForQuoteAmount(btcUsd, { quoteAmount: '0.0000001', price: '64000' })).toThrow(
      RoundsToZeroError,
    );
    expect(() => sizeForQuoteAmount(btcUsd, { quoteAmount: '100', price: '0' })).toThrow(
      InvalidArgumentError,
    );
    expect(() => sizeForQuoteAmount(btcUsd, { quoteAmount: 100 as never, price: '1' })).toThrow(
      InvalidDecimalError,
    );
    const offline = productRulesFromWire({ ...btcUsdWire, status: 'offline' });
    expect(() => sizeForQuoteAmount(offline, { quoteAmount: '100', price: '1' })).toThrow(
      ProductNotTradableError,
    );
    const limitOnly = productRulesFromWire({ ...btcUsdWire, limit_only: true });
    expect(() => fundsForMarketBuy(limitOnly, { quoteAmount: '100', takerFeeRate: '0' })).toThrow(
      /limit_only/,
    );
    expect(() =>
      sizeForBalanceFraction(btcUsd, { side: 'sell', available: '1', fraction: '1.5', price: '1' }),
    ).toThrow(/fraction in \(0, 1\]/);
    const error = thrownBy(() => sizeForQuoteAmount(btcUsd, { quoteAmount: '0.5', price: '64000' }));
    expect(error).toBeInstanceOf(BelowMinimumError);
    expect((error as BelowMinimumError).code).toBe('below_minimum');
    expect((error as BelowMinimumError).message).toBe(
      'BTC-USD: expected a notional of at least 1 (min_market_funds), received 0.49984; raise the amount',
    );
  });
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** A decimal string of up to 18 digits with up to 12 decimals (zero included). */
const decimalText = (maxUnits = 10n ** 14n) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: maxUnits }), fc.integer({ min: 0, max: 12 }))
    .map(([units, scale]) => new ExactDecimal(`${units}e-${scale}`).toFixed());
const positiveDecimalText = decimalText().filter((text) => !new ExactDecimal(text).isZero());
const feeRateText = fc.constantFrom('0', '0.001', '0.004', '0.006', '0.0125');

/** Arbitrary but plausible product rules. */
const rulesArbitrary: fc.Arbitrary<ProductRules> = fc
  .record({
    base_increment: fc.constantFrom('0.00000001', '0.0001', '0.01', '1', '0.5', '0.003'),
    quote_increment: fc.constantFrom('0.01', '0.00001', '0.000001', '0.5', '1', '0.0025'),
    min_market_funds: fc.constantFrom('0', '0.0001', '1', '5', '10', '1000'),
  })
  .map((patch) => productRulesFromWire({ ...btcUsdWire, ...patch }));

/** Successful runs per property: the properties must exercise the success path, not only the errors. */
let successes = 0;

/** Runs a helper; any error must be one of ours (typed), and a result must satisfy `check`. */
function holds(run: () => Decimal, check: (value: Decimal) => void): void {
  let value: Decimal;
  try {
    value = run();
  } catch (error) {
    expect(StrategyKitError.isInstance(error)).toBe(true);
    return;
  }
  check(value);
  successes += 1;
}

describe('sizing properties: never off the increment, below the minimum, or above the balance', () => {
  beforeEach(() => {
    successes = 0;
  });
  afterEach(() => {
    expect(successes).toBeGreaterThan(30);
  });

  it('sizeForQuoteAmount', () => {
    fc.assert(
      fc.property(rulesArbitrary, decimalText(), positiveDecimalText, (rules, quoteAmount, price) => {
        holds(
          () => sizeForQuoteAmount(rules, { quoteAmount, price }),
          (size) => {
            expect(isMultipleOf(size, rules.baseIncrement)).toBe(true);
            expect(size.isPositive() && !size.isZero()).toBe(true);
            const cost = size.times(price);
            expect(cost.greaterThanOrEqualTo(rules.minMarketFunds)).toBe(true);
            expect(cost.lessThanOrEqualTo(quoteAmount)).toBe(true);
            // Largest such size: one more increment would not fit.
            expect(size.plus(rules.baseIncrement).times(price).greaterThan(quoteAmount)).toBe(true);
          },
        );
      }),
      { numRuns: 300 },
    );
  });

  it('sizeForBalanceFraction', () => {
    const fraction = fc
      .integer({ min: 0, max: 1100 })
      .map((thousandths) => new ExactDecimal(thousandths).div(1000).toFixed());
    fc.assert(
      fc.property(
        rulesArbitrary,
        fc.constantFrom('buy', 'sell') as fc.Arbitrary<'buy' | 'sell'>,
        decimalText(),
        fraction,
        positiveDecimalText,
        feeRateText,
        (rules, side, available, fractionText, price, feeRate) => {
          holds(
            () => sizeForBalanceFraction(rules, { side, available, fraction: fractionText, price, feeRate }),
            (size) => {
              expect(isMultipleOf(size, rules.baseIncrement)).toBe(true);
              expect(size.times(price).greaterThanOrEqualTo(rules.minMarketFunds)).toBe(true);
              const needed = side === 'sell' ? size : size.times(price).times(ONE.plus(feeRate));
              expect(needed.lessThanOrEqualTo(new ExactDecimal(available).times(fractionText))).toBe(true);
              expect(needed.lessThanOrEqualTo(available)).toBe(true);
            },
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sizeForRisk', () => {
    fc.assert(
      fc.property(
        rulesArbitrary,
        decimalText(),
        positiveDecimalText,
        positiveDecimalText,
        fc.option(decimalText(), { nil: undefined }),
        feeRateText,
        (rules, riskAmount, entryPrice, stopPrice, available, feeRate) => {
          holds(
            () => sizeForRisk(rules, { riskAmount, entryPrice, stopPrice, available, feeRate }),
            (size) => {
              expect(isMultipleOf(size, rules.baseIncrement)).toBe(true);
              expect(size.times(entryPrice).greaterThanOrEqualTo(rules.minMarketFunds)).toBe(true);
              const loss = size.times(new ExactDecimal(entryPrice).minus(stopPrice).abs());
              expect(loss.lessThanOrEqualTo(riskAmount)).toBe(true);
              if (available !== undefined) {
                const long = new ExactDecimal(stopPrice).lessThan(entryPrice);
                const needed = long ? size.times(entryPrice).times(ONE.plus(feeRate)) : size;
                expect(needed.lessThanOrEqualTo(available)).toBe(true);
              }
            },
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fundsForMarketBuy', () => {
    fc.assert(
      fc.property(
        rulesArbitrary,
        decimalText(),
        fc.option(decimalText(), { nil: undefined }),
        feeRateText,
        (rules, quoteAmount, available, takerFeeRate) => {
          holds(
            () => fundsForMarketBuy(rules, { quoteAmount, takerFeeRate, available }),
            (funds) => {
              expect(isMultipleOf(funds, rules.quoteIncrement)).toBe(true);
              expect(funds.greaterThanOrEqualTo(rules.minMarketFunds)).toBe(true);
              expect(funds.isZero()).toBe(false);
              expect(funds.times(ONE.plus(takerFeeRate)).lessThanOrEqualTo(quoteAmount)).toBe(true);
              if (available !== undefined)
                expect(new ExactDecimal(quoteAmount).lessThanOrEqualTo(available)).toBe(true);
            },
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
