import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { RecordedBook } from './recorded-book.js';
import { TickFillModel, type TickOrder } from './tick-fill-model.js';

const d = (value: string) => new ExactDecimal(value);

/** A sink that keeps remaining sizes, like the venue does. */
function harness(options: { book?: RecordedBook } = {}) {
  const remaining = new Map<string, Decimal>();
  const fills: Array<[string, string, string, string]> = [];
  const model = new TickFillModel(
    {
      fillableSize: (id) => remaining.get(id) ?? d('0'),
      fill: (id, price, size, liquidity) => {
        remaining.set(id, (remaining.get(id) as Decimal).minus(size));
        fills.push([id, price.toFixed(), size.toFixed(), liquidity]);
      },
    },
    {
      book: () => options.book,
      slip: (price, side) => (side === 'buy' ? price.plus('0.5') : price.minus('0.5')),
    },
  );
  const add = (order: Omit<TickOrder, 'productId'>, size: string) => {
    remaining.set(order.id, d(size));
    model.addOrder({ productId: 'BTC-USD', ...order });
  };
  const trade = (price: string, size: string, takerSide: 'buy' | 'sell') =>
    model.onTrade({ productId: 'BTC-USD', price: d(price), size: d(size), takerSide });
  return { model, add, trade, fills };
}

function book(bids: Array<[string, string]>, asks: Array<[string, string]>): RecordedBook {
  const recorded = new RecordedBook('BTC-USD' as never);
  recorded.reset(bids, asks, 0);
  return recorded;
}

describe('TickFillModel', () => {
  it('never fills a resting limit on a touch without its queue traded; fills through trades up to their size', () => {
    const { add, trade, fills } = harness({ book: book([['100', '3']], [['101', '1']]) });
    add({ id: 'a', side: 'buy', type: 'limit', price: d('100') }, '2');
    trade('100', '1', 'sell'); // queue ahead 3 → 2
    trade('100.5', '5', 'buy'); // not at our price
    expect(fills).toEqual([]);
    trade('99.5', '0.5', 'sell'); // through: fills up to the trade's size
    expect(fills).toEqual([['a', '100', '0.5', 'maker']]);
  });

  it('fills at its price once the size queued ahead has traded, the excess first', () => {
    const { add, trade, fills } = harness({ book: book([['100', '3']], [['101', '1']]) });
    add({ id: 'a', side: 'buy', type: 'limit', price: d('100') }, '2');
    trade('100', '2', 'sell'); // 3 → 1 ahead
    trade('100', '1.5', 'buy'); // the aggressor bought: our bids are not hit
    trade('100', '1.5', 'sell'); // 1 ahead used up, 0.5 excess fills us
    trade('100', '4', 'sell'); // the rest
    expect(fills).toEqual([
      ['a', '100', '0.5', 'maker'],
      ['a', '100', '1.5', 'maker'],
    ]);
  });

  it('has no queue ahead when it improves the best price; only through trades fill it without a book', () => {
    const improving = harness({ book: book([['100', '3']], [['101', '1']]) });
    improving.add({ id: 'a', side: 'buy', type: 'limit', price: d('100.5') }, '1');
    improving.trade('100.5', '0.25', 'sell');
    expect(improving.fills).toEqual([['a', '100.5', '0.25', 'maker']]);
    const bookless = harness();
    bookless.add({ id: 'b', side: 'buy', type: 'limit', price: d('100') }, '1');
    bookless.trade('100', '10', 'sell');
    expect(bookless.fills).toEqual([]);
    bookless.trade('99', '10', 'sell');
    expect(bookless.fills).toEqual([['b', '100', '1', 'maker']]);
  });

  it('walks the book with a market order, level by level, and fills the rest at the next trade plus slippage', () => {
    const { add, trade, fills } = harness({
      book: book(
        [['99', '5']],
        [
          ['101', '0.5'],
          ['102', '1'],
        ],
      ),
    });
    add({ id: 'm', side: 'buy', type: 'market' }, '2');
    expect(fills).toEqual([
      ['m', '101', '0.5', 'taker'],
      ['m', '102', '1', 'taker'],
    ]);
    trade('103', '0.01', 'buy');
    expect(fills.at(-1)).toEqual(['m', '103.5', '0.5', 'taker']);
  });

  it('takes the crossing part of an arriving limit and rests the rest', () => {
    const { add, trade, fills } = harness({
      book: book(
        [['99', '5']],
        [
          ['101', '0.5'],
          ['102', '1'],
        ],
      ),
    });
    add({ id: 'l', side: 'buy', type: 'limit', price: d('101') }, '2');
    expect(fills).toEqual([['l', '101', '0.5', 'taker']]);
    trade('100.5', '3', 'sell');
    expect(fills.at(-1)).toEqual(['l', '101', '1.5', 'maker']);
  });

  it('triggers a stop at or through its price and fills it as a limit', () => {
    const { add, trade, fills } = harness();
    add({ id: 's', side: 'sell', type: 'stop', stopPrice: d('95'), price: d('94') }, '1');
    trade('96', '1', 'sell');
    expect(fills).toEqual([]);
    trade('95', '0.4', 'sell'); // Coinbase: a loss stop triggers at or below; marketable at 95 ≥ 94
    expect(fills).toEqual([['s', '95', '0.4', 'taker']]);
    trade('94.5', '1', 'buy'); // through the resting 94 limit (a sell: trades above it)
    expect(fills.at(-1)).toEqual(['s', '94', '0.6', 'maker']);
  });

  it('forgets removed orders', () => {
    const { model, add, trade, fills } = harness();
    add({ id: 'a', side: 'buy', type: 'limit', price: d('100') }, '1');
    model.removeOrder('a');
    trade('90', '5', 'sell');
    expect(fills).toEqual([]);
    expect(model.size).toBe(0);
  });
});
