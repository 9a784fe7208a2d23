import { describe, expect, it } from 'vitest';
import { Level2Book } from '../books/level2-book.js';
import { InvalidBookValueError } from '../errors.js';
import { applyLevel2Data } from './level2-data.js';
import type { Level2DataEvent } from './messages.js';

const time = '2025-01-02T12:00:00.000001Z';
const level = (side: 'bid' | 'offer', price_level: string, new_quantity: string) => ({
  side,
  event_time: time,
  price_level,
  new_quantity,
});
const snapshot: Level2DataEvent = {
  type: 'snapshot',
  product_id: 'BTC-USD',
  updates: [level('bid', '100.00', '1'), level('bid', '99.50', '2'), level('offer', '100.50', '3')],
};

describe('applyLevel2Data', () => {
  it('replaces the book with a snapshot (bid → bids, offer → asks) and trusts it', () => {
    const book = new Level2Book('BTC-USD');
    expect(applyLevel2Data(book, snapshot)).toBe('snapshot');
    expect(book.trusted).toBe(true);
    expect(book.depth(5)).toMatchObject({
      bids: [
        { price: '100.00', size: '1' },
        { price: '99.50', size: '2' },
      ],
      asks: [{ price: '100.50', size: '3' }],
    });
  });

  it('sets absolute quantities from an update and removes a level at "0"', () => {
    const book = new Level2Book('BTC-USD');
    applyLevel2Data(book, snapshot);
    const update: Level2DataEvent = {
      type: 'update',
      product_id: 'BTC-USD',
      updates: [level('bid', '100.00', '0'), level('offer', '100.50', '0.5'), level('offer', '100.25', '4')],
    };
    expect(applyLevel2Data(book, update)).toBe('update');
    expect(book.bestBid()).toMatchObject({ price: '99.50', size: '2' });
    expect(book.depth(5).asks).toMatchObject([
      { price: '100.25', size: '4' },
      { price: '100.50', size: '0.5' },
    ]);
  });

  it('throws a typed error for a quantity that is not a decimal', () => {
    const book = new Level2Book('BTC-USD');
    applyLevel2Data(book, snapshot);
    expect(() =>
      applyLevel2Data(book, { type: 'update', product_id: 'BTC-USD', updates: [level('bid', '99', 'lots')] }),
    ).toThrow(InvalidBookValueError);
  });
});
