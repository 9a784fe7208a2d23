import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidBookValueError } from '../errors.js';
import type { Level2Change, Level2Entry, SideWire } from '../messages.js';
import { Level2Book } from './level2-book.js';

describe('Level2Book', () => {
  it('loads a snapshot and reports top of book, depth, spread and mid exactly', () => {
    const book = new Level2Book('BTC-USD');
    expect(book.trusted).toBe(false);
    expect(book.staleReason).toBe('awaiting-snapshot');
    book.applySnapshot({
      bids: [
        ['100.10', '1.5'],
        ['100.05', '2'],
        ['99.99', '0.1'],
      ],
      asks: [
        ['100.20', '0.3'],
        ['100.25', '4'],
      ],
      time: '2024-01-01T00:00:00.000000Z',
    });
    expect(book.trusted).toBe(true);
    expect(book.bestBid()).toEqual({ price: '100.10', size: '1.5' });
    expect(book.bestAsk()).toEqual({ price: '100.20', size: '0.3' });
    expect(book.spread()?.toFixed()).toBe('0.1');
    expect(book.mid()?.toFixed()).toBe('100.15');
    expect(book.depth(2)).toEqual({
      bids: [
        { price: '100.10', size: '1.5' },
        { price: '100.05', size: '2' },
      ],
      asks: [
        { price: '100.20', size: '0.3' },
        { price: '100.25', size: '4' },
      ],
    });
    expect(book.time).toBe('2024-01-01T00:00:00.000000Z');
    expect(book.bidLevels).toBe(3);
    expect(book.askLevels).toBe(2);
  });

  it('applies l2updates: set, add, remove with "0" or "0.00000000"', () => {
    const book = new Level2Book('BTC-USD');
    book.applySnapshot({ bids: [['100.10', '1.5']], asks: [['100.20', '0.3']] });
    book.applyUpdate({
      changes: [
        ['buy', '100.15', '0.7'],
        ['sell', '100.20', '0.00000000'],
        ['sell', '100.30', '1'],
        ['buy', '100.10', '2.25'],
      ],
      time: 't1',
    });
    expect(book.depth(5)).toEqual({
      bids: [
        { price: '100.15', size: '0.7' },
        { price: '100.10', size: '2.25' },
      ],
      asks: [{ price: '100.30', size: '1' }],
    });
    expect(book.time).toBe('t1');
    expect(book.updatesApplied).toBe(1);
    book.applyChange('buy', '100.15', '0');
    expect(book.bestBid()).toEqual({ price: '100.10', size: '2.25' });
    expect(book.sizeAt('buy', '100.1')).toBe('2.25'); // same price, other spelling
    expect(book.sizeAt('sell', '100.20')).toBeUndefined();
  });

  it('treats differently written equal prices as one level and rescales for finer prices', () => {
    const book = new Level2Book('ETH-USD');
    book.applySnapshot({ bids: [['10', '1']], asks: [['11', '1']] });
    book.applyChange('buy', '10.00000000', '3'); // same level
    expect(book.bidLevels).toBe(1);
    book.applyChange('buy', '10.5', '1'); // needs one decimal: keys rescale
    book.applyChange('buy', '10.25', '1'); // two decimals
    book.applyChange('sell', '10.75', '2');
    expect(book.depth(10).bids.map((level) => level.price)).toEqual(['10.5', '10.25', '10']);
    expect(book.bestAsk()).toEqual({ price: '10.75', size: '2' });
    expect(book.isCrossed()).toBe(false);
  });

  it('replaces, never merges, on a new snapshot', () => {
    const book = new Level2Book('BTC-USD');
    book.applySnapshot({ bids: [['1', '1']], asks: [['2', '1']] });
    book.applyChange('buy', '1.5', '1');
    book.applySnapshot({ bids: [['0.9', '1']], asks: [['3', '1']] });
    expect(book.depth(10)).toEqual({
      bids: [{ price: '0.9', size: '1' }],
      asks: [{ price: '3', size: '1' }],
    });
  });

  it('detects a crossed book', () => {
    const book = new Level2Book('BTC-USD');
    book.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']] });
    expect(book.isCrossed()).toBe(false);
    book.applyChange('buy', '101', '1');
    expect(book.isCrossed()).toBe(true);
  });

  it('throws a typed error for malformed values and keeps float-looking input out', () => {
    const book = new Level2Book('BTC-USD');
    book.applySnapshot({ bids: [], asks: [] });
    expect(() => book.applyChange('buy', '1e3', '1')).toThrow(InvalidBookValueError);
    expect(() => book.applyChange('buy', '-5', '1')).toThrow(InvalidBookValueError);
    expect(() => book.applyChange('buy', '5', 'abc')).toThrow(InvalidBookValueError);
    expect(() => book.applyChange('buy', '123456789.12345678', '1')).toThrow(InvalidBookValueError);
    expect(() => book.applySnapshot({ bids: [['x', '1']], asks: [] })).toThrow(InvalidBookValueError);
    expect(book.trusted).toBe(false);
  });

  it('returns copies, so callers cannot corrupt the book', () => {
    const book = new Level2Book('BTC-USD');
    book.applySnapshot({ bids: [['1', '1']], asks: [] });
    const best = book.bestBid() as { price: string; size: string };
    best.size = '999';
    expect(book.bestBid()?.size).toBe('1');
  });
});

/** The naive model: a list of levels keyed by the exact decimal value, sorted on every read. */
class ReferenceBook {
  readonly levels = { buy: new Map<string, { price: string; size: string }>(), sell: new Map() };

  snapshot(bids: Level2Entry[], asks: Level2Entry[]): void {
    this.levels.buy.clear();
    this.levels.sell.clear();
    for (const [price, size] of bids) this.set('buy', price, size);
    for (const [price, size] of asks) this.set('sell', price, size);
  }

  set(side: SideWire, price: string, size: string): void {
    const key = new Decimal(price).toFixed();
    const levels = this.levels[side];
    if (new Decimal(size).isZero()) levels.delete(key);
    else levels.set(key, { price: levels.get(key)?.price ?? price, size });
  }

  sorted(side: SideWire): Array<{ price: string; size: string }> {
    return [...this.levels[side].values()].sort((left, right) => {
      const order = new Decimal(left.price).comparedTo(right.price);
      return side === 'buy' ? -order : order;
    });
  }
}

const tick = fc.integer({ min: 1, max: 400 });
const priceText = fc
  .tuple(tick, fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 3 }))
  .map(([ticks, decimals, trailingZeros]) => {
    // 1000 + ticks at 10^-decimals, spelled with optional trailing zeros.
    const value = new Decimal(1000).plus(new Decimal(ticks).dividedBy(10 ** decimals));
    return value.toFixed(decimals + trailingZeros);
  });
const sizeText = fc.oneof(
  fc.constantFrom('0', '0.00000000'),
  fc.integer({ min: 1, max: 10 ** 9 }).map((units) => new Decimal(units).dividedBy(1e8).toFixed(8)),
);
const side = fc.constantFrom<SideWire>('buy', 'sell');
const change = fc.tuple(side, priceText, sizeText).map((tuple) => tuple as Level2Change);
const entries = fc.array(
  fc.tuple(priceText, sizeText).map((tuple) => tuple as Level2Entry),
  { maxLength: 40 },
);

describe('Level2Book against a naive reference model (property)', () => {
  it('matches the model after any snapshot and update stream', () => {
    fc.assert(
      fc.property(
        entries,
        entries,
        fc.array(fc.array(change, { minLength: 1, maxLength: 5 }), { maxLength: 80 }),
        (bids, asks, updates) => {
          const book = new Level2Book('TEST-USD');
          const model = new ReferenceBook();
          book.applySnapshot({ bids, asks });
          model.snapshot(bids, asks);
          for (const changes of updates) {
            book.applyUpdate({ changes, time: 't' });
            for (const [changeSide, price, size] of changes) model.set(changeSide, price, size);
          }
          const depth = book.depth(Number.MAX_SAFE_INTEGER);
          const expectedBids = model.sorted('buy');
          const expectedAsks = model.sorted('sell');
          expect(depth.bids.map((level) => [new Decimal(level.price).toFixed(), level.size])).toEqual(
            expectedBids.map((level) => [new Decimal(level.price).toFixed(), level.size]),
          );
          expect(depth.asks.map((level) => [new Decimal(level.price).toFixed(), level.size])).toEqual(
            expectedAsks.map((level) => [new Decimal(level.price).toFixed(), level.size]),
          );
          const bestBid = expectedBids[0];
          const bestAsk = expectedAsks[0];
          expect(book.isCrossed()).toBe(
            bestBid !== undefined && bestAsk !== undefined && new Decimal(bestBid.price).gte(bestAsk.price),
          );
          if (bestBid && bestAsk) {
            expect(book.spread()?.eq(new Decimal(bestAsk.price).minus(bestBid.price))).toBe(true);
            expect(book.mid()?.times(2).eq(new Decimal(bestAsk.price).plus(bestBid.price))).toBe(true);
          } else {
            expect(book.spread()).toBeUndefined();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
