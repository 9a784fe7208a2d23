import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeQuotes, type QuoteInput, shouldReplace } from './quoting.js';

const d = (value: string | number) => new Decimal(value);

const base: QuoteInput = {
  bestBid: d('29999.5'),
  bestAsk: d('30000.5'),
  position: d('0'),
  rules: { quoteIncrement: d('0.01'), baseIncrement: d('0.00000001'), minMarketFunds: d('1') },
  spread: d('0.002'),
  orderSize: d('0.001'),
  maxInventory: d('0.004'),
  skew: d('1'),
};

function plain(input: QuoteInput) {
  return computeQuotes(input).map((quote) => [quote.side, quote.price.toFixed(), quote.size.toFixed()]);
}

describe('computeQuotes', () => {
  it('quotes symmetrically around the mid when flat', () => {
    // mid 30000, half spread 30
    expect(plain(base)).toEqual([
      ['buy', '29970', '0.001'],
      ['sell', '30030', '0.001'],
    ]);
  });

  it('leans against inventory: long moves both quotes down, short moves them up', () => {
    // Half full long: reservation = 30000 − 0.5 × 30 = 29985.
    expect(plain({ ...base, position: d('0.002') })).toEqual([
      ['buy', '29955', '0.001'],
      ['sell', '30015', '0.001'],
    ]);
    expect(plain({ ...base, position: d('-0.002') })).toEqual([
      ['buy', '29985', '0.001'],
      ['sell', '30045', '0.001'],
    ]);
  });

  it('stops adding at full inventory and shrinks the quote that would overshoot it', () => {
    expect(plain({ ...base, position: d('0.004') })).toEqual([['sell', '30000', '0.001']]);
    expect(plain({ ...base, position: d('-0.004') })).toEqual([['buy', '30000', '0.001']]);
    // 7/8 long: reservation = 30000 − 0.875 × 30 = 29973.75; only 0.0005 of room left to buy.
    expect(plain({ ...base, position: d('0.0035') })).toEqual([
      ['buy', '29943.75', '0.0005'],
      ['sell', '30003.75', '0.001'],
    ]);
  });

  it('never crosses the opposite best price, so post-only quotes are not rejected', () => {
    // Fully short with a wide skew the bid would sit above the best ask: it is held one tick below.
    expect(plain({ ...base, position: d('-0.004'), skew: d('4') })).toEqual([['buy', '30000.49', '0.001']]);
    expect(plain({ ...base, position: d('0.004'), skew: d('4') })).toEqual([['sell', '29999.51', '0.001']]);
  });

  it('quotes nothing rather than a zero-width market', () => {
    expect(plain({ ...base, bestBid: d('29990'), bestAsk: d('29990.02'), spread: d('0') })).toEqual([]);
    // A tiny spread still quotes: at the best bid and the best ask.
    expect(plain({ ...base, bestBid: d('29990'), bestAsk: d('29990.02'), spread: d('0.0000001') })).toEqual([
      ['buy', '29990', '0.001'],
      ['sell', '29990.02', '0.001'],
    ]);
  });

  it('drops a quote below the minimum notional', () => {
    expect(plain({ ...base, rules: { ...base.rules, minMarketFunds: d('31') } })).toEqual([]);
    expect(plain({ ...base, orderSize: d('0.000000001') })).toEqual([]);
  });

  it('quotes nothing on a crossed or empty book', () => {
    expect(plain({ ...base, bestBid: d('30001'), bestAsk: d('30000') })).toEqual([]);
    expect(plain({ ...base, bestBid: d('0'), bestAsk: d('1') })).toEqual([]);
  });
});

const tickArbitrary = fc.constantFrom('0.01', '0.05', '0.1', '1', '0.00001');
const incrementArbitrary = fc.constantFrom('0.00000001', '0.0001', '0.01', '1');
const amount = (min: number, max: number) => fc.integer({ min, max }).map((units) => new Decimal(units));

describe('computeQuotes, for any market and inventory', () => {
  it('keeps prices on the tick, sizes on the increment, inside the book and inside the inventory limit', () => {
    fc.assert(
      fc.property(
        tickArbitrary,
        incrementArbitrary,
        amount(1, 10_000_000),
        amount(1, 5000),
        amount(-120, 120),
        amount(0, 500),
        amount(0, 20),
        (tickText, incrementText, bidTicks, spreadTicks, inventoryPercent, spreadBasisPoints, skewTenths) => {
          const tick = d(tickText);
          const increment = d(incrementText);
          const bestBid = bidTicks.times(tick);
          const bestAsk = bestBid.plus(spreadTicks.times(tick));
          const maxInventory = increment.times(1000);
          const input: QuoteInput = {
            bestBid,
            bestAsk,
            position: maxInventory.times(inventoryPercent).div(100).toNearest(increment, Decimal.ROUND_DOWN),
            rules: { quoteIncrement: tick, baseIncrement: increment, minMarketFunds: d('0') },
            spread: spreadBasisPoints.div(10_000),
            orderSize: increment.times(300),
            maxInventory,
            skew: skewTenths.div(10),
          };
          const quotes = computeQuotes(input);
          const bid = quotes.find((quote) => quote.side === 'buy');
          const ask = quotes.find((quote) => quote.side === 'sell');
          for (const quote of quotes) {
            expect(quote.price.mod(tick).isZero()).toBe(true);
            expect(quote.size.mod(increment).isZero()).toBe(true);
            expect(quote.size.gt(0)).toBe(true);
            expect(quote.size.lte(input.orderSize)).toBe(true);
          }
          if (bid !== undefined) {
            expect(bid.price.lt(bestAsk)).toBe(true);
            expect(bid.price.gt(0)).toBe(true);
            expect(input.position.plus(bid.size).lte(maxInventory)).toBe(true);
          }
          if (ask !== undefined) {
            expect(ask.price.gt(bestBid)).toBe(true);
            expect(input.position.minus(ask.size).gte(maxInventory.neg())).toBe(true);
          }
          if (bid !== undefined && ask !== undefined) expect(bid.price.lt(ask.price)).toBe(true);
        },
      ),
    );
  });

  it('quotes lower (never higher) as inventory grows', () => {
    fc.assert(
      fc.property(amount(-100, 100), amount(0, 100), (percent, extraPercent) => {
        const at = (share: Decimal) =>
          computeQuotes({
            ...base,
            position: base.maxInventory.times(share).div(100),
            orderSize: d('0.0001'),
          });
        const lower = at(percent);
        const higher = at(Decimal.min(100, percent.plus(extraPercent)));
        for (const side of ['buy', 'sell'] as const) {
          const before = lower.find((quote) => quote.side === side);
          const after = higher.find((quote) => quote.side === side);
          if (before !== undefined && after !== undefined) expect(after.price.lte(before.price)).toBe(true);
        }
      }),
    );
  });
});

describe('shouldReplace', () => {
  const resting = { side: 'buy' as const, price: d('100'), size: d('1') };
  it('keeps a quote that moved less than the threshold', () => {
    expect(shouldReplace(resting, { ...resting, price: d('100.04') }, d('0.0005'))).toBe(false);
    expect(shouldReplace(resting, resting, d('0'))).toBe(false);
  });
  it('replaces a quote that moved more, or whose size changed', () => {
    expect(shouldReplace(resting, { ...resting, price: d('100.06') }, d('0.0005'))).toBe(true);
    expect(shouldReplace(resting, { ...resting, size: d('0.5') }, d('0.0005'))).toBe(true);
  });
});
