import { describe, expect, it } from 'vitest';
import type { TickerMessage } from '../messages.js';
import { Level2Book } from './level2-book.js';
import { TickerCheck } from './ticker-check.js';

function ticker(sequence: number, bestBid: string, bestAsk: string, sizes?: [string, string]): TickerMessage {
  return {
    type: 'ticker',
    product_id: 'BTC-USD',
    sequence,
    price: bestBid,
    best_bid: bestBid,
    best_ask: bestAsk,
    time: 't',
    ...(sizes ? { best_bid_size: sizes[0], best_ask_size: sizes[1] } : {}),
  };
}

describe('TickerCheck', () => {
  function book(): Level2Book {
    const level2 = new Level2Book('BTC-USD');
    level2.applySnapshot({ bids: [['100.00', '1']], asks: [['101.00', '2']] });
    return level2;
  }

  it('skips the first ticker (a replay) and passes agreeing tickers, sizes included', () => {
    const check = new TickerCheck(2);
    const level2 = book();
    expect(check.onTicker(ticker(1, '1', '2'), level2)).toBe(false); // replay: not checked
    expect(check.onTicker(ticker(2, '100', '101.0', ['1.0', '2']), level2)).toBe(false);
    expect(check.onBookUpdate(level2)).toBe(false);
  });

  it('forgives a book that catches up within the grace updates', () => {
    const check = new TickerCheck(2);
    const level2 = book();
    check.onTicker(ticker(1, '100', '101'), level2);
    expect(check.onTicker(ticker(2, '100.5', '101'), level2)).toBe(false);
    level2.applyChange('buy', '100.5', '1');
    expect(check.onBookUpdate(level2)).toBe(false);
    expect(check.onBookUpdate(level2)).toBe(false); // cleared, nothing pending
  });

  it('confirms a disagreement that lasts through the grace updates', () => {
    const check = new TickerCheck(2);
    const level2 = book();
    check.onTicker(ticker(1, '100', '101'), level2);
    check.onTicker(ticker(2, '100', '101', ['1', '3']), level2); // ask size disagrees
    expect(check.onBookUpdate(level2)).toBe(false);
    expect(check.onBookUpdate(level2)).toBe(true);
  });

  it('confirms at once without grace, and ignores empty ticker sides', () => {
    const check = new TickerCheck(0);
    const level2 = book();
    check.onTicker(ticker(1, '100', '101'), level2);
    expect(check.onTicker(ticker(2, '', ''), level2)).toBe(false);
    expect(check.onTicker(ticker(3, '99', '101'), level2)).toBe(true);
  });
});
