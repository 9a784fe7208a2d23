import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactDecimal } from '../model/decimal.js';
import { type OrderId, productId } from '../model/ids.js';
import type { Fill } from '../model/reports.js';
import { Position } from './positions.js';

const btcUsd = productId('BTC-USD');
let tradeId = 0;
const fill = (side: 'buy' | 'sell', size: string, price: string, fee = '0'): Fill => ({
  tradeId: String(++tradeId),
  productId: btcUsd,
  orderId: 'o' as OrderId,
  side,
  size: new ExactDecimal(size),
  price: new ExactDecimal(price),
  fee: new ExactDecimal(fee),
  liquidity: 'taker',
  time: 0,
  source: 'rest',
});

describe('Position (average cost)', () => {
  it('averages entries and realizes on exits', () => {
    const position = new Position(btcUsd);
    position.apply(fill('buy', '1', '100', '0.6'));
    position.apply(fill('buy', '1', '110', '0.66'));
    expect(position.size.toFixed()).toBe('2');
    expect(position.averageEntryPrice?.toFixed()).toBe('105');
    position.apply(fill('sell', '0.5', '120', '0.36'));
    expect(position.realizedPnl.toFixed()).toBe('7.5');
    expect(position.size.toFixed()).toBe('1.5');
    expect(position.averageEntryPrice?.toFixed()).toBe('105');
    expect(position.unrealizedPnl(new ExactDecimal('100')).toFixed()).toBe('-7.5');
    expect(position.fees.toFixed()).toBe('1.62');
    expect(position.netPnl(new ExactDecimal('100')).toFixed()).toBe('-1.62');
    expect(position.quoteFlow.toFixed()).toBe('-151.62');
  });

  it('flips through zero: realizes the old side and opens the rest at the fill price', () => {
    const position = new Position(btcUsd);
    position.apply(fill('buy', '1', '100'));
    position.apply(fill('sell', '3', '90'));
    expect(position.realizedPnl.toFixed()).toBe('-10');
    expect(position.size.toFixed()).toBe('-2');
    expect(position.averageEntryPrice?.toFixed()).toBe('90');
    expect(position.unrealizedPnl(new ExactDecimal('80')).toFixed()).toBe('20');
    position.apply(fill('buy', '2', '85'));
    expect(position.realizedPnl.toFixed()).toBe('0');
    expect(position.size.isZero()).toBe(true);
    expect(position.averageEntryPrice).toBeUndefined();
  });

  it('net PnL always equals quote flow plus the marked value of the size', () => {
    const fills = fc.array(
      fc.record({
        side: fc.constantFrom('buy', 'sell') as fc.Arbitrary<'buy' | 'sell'>,
        size: fc.integer({ min: 1, max: 10_000 }).map((units) => new ExactDecimal(units).div(1000).toFixed()),
        price: fc
          .integer({ min: 1, max: 1_000_000 })
          .map((cents) => new ExactDecimal(cents).div(100).toFixed()),
        fee: fc.integer({ min: 0, max: 1000 }).map((cents) => new ExactDecimal(cents).div(100).toFixed()),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(fills, fc.integer({ min: 1, max: 1_000_000 }), (entries, markCents) => {
        const position = new Position(btcUsd);
        for (const entry of entries) position.apply(fill(entry.side, entry.size, entry.price, entry.fee));
        const mark = new ExactDecimal(markCents).div(100);
        const identity = position.quoteFlow.plus(position.size.times(mark));
        // Average cost divides, so equality holds to the 64-digit working precision.
        expect(position.netPnl(mark).minus(identity).abs().lessThan('1e-40')).toBe(true);
      }),
    );
  });
});
