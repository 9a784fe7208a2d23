import { describe, expect, it } from 'vitest';
import { ExactDecimal } from './decimal.js';
import type { ProductId } from './ids.js';
import { plainTrade, type Trade } from './market-data.js';

/** A trade as a venue may hand it: price and size made when first read, through class getters. */
class LazyTrade implements Trade {
  readonly productId = 'BTC-USD' as ProductId;
  readonly tradeId = '7';
  readonly takerSide = 'buy' as const;
  readonly time = 1_735_689_600_000;
  reads = 0;
  get price() {
    this.reads += 1;
    return new ExactDecimal('43000.5');
  }
  get size() {
    this.reads += 1;
    return new ExactDecimal('0.25');
  }
}

describe('plainTrade', () => {
  it('copies every field of a trade read through getters into own data properties, reading each once', () => {
    const lazy = new LazyTrade();
    expect({ ...lazy }).not.toHaveProperty('price'); // what a bare spread loses
    const copy = plainTrade(lazy);
    expect(lazy.reads).toBe(2);
    expect(Object.keys(copy).sort()).toEqual(['price', 'productId', 'size', 'takerSide', 'time', 'tradeId']);
    expect({ ...copy, price: copy.price.toFixed(), size: copy.size.toFixed() }).toEqual({
      productId: 'BTC-USD',
      tradeId: '7',
      price: '43000.5',
      size: '0.25',
      takerSide: 'buy',
      time: 1_735_689_600_000,
    });
  });
});
