import { ManualClock } from '@tradeloop/clock';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ExchangeEvent } from '../exchange/contract.js';
import { createExchange } from '../exchange/exchange.js';

function marketExchange(seed: number, productIds?: string[]) {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const exchange = createExchange({
    clock,
    seed,
    market: productIds === undefined ? true : { productIds },
  });
  const events: ExchangeEvent[] = [];
  exchange.onEvent((event) => events.push(event));
  return { clock, exchange, events };
}

describe('SyntheticMarket', () => {
  it('quotes a two-sided book with depth and a tight spread as soon as it starts', () => {
    const { exchange } = marketExchange(1);
    exchange.start();
    for (const productId of ['BTC-USD', 'ETH-USD', 'ETH-BTC']) {
      const book = exchange.book(productId, 2);
      if (!book.ok) throw new Error(book.error.message);
      expect(book.value.bids.length).toBeGreaterThanOrEqual(15);
      expect(book.value.asks.length).toBeGreaterThanOrEqual(15);
      const bid = Number(book.value.bids[0]?.[0]);
      const ask = Number(book.value.asks[0]?.[0]);
      expect(ask).toBeGreaterThan(bid);
      // Spread within 0.1 % of the price.
      expect((ask - bid) / bid).toBeLessThan(0.001);
    }
    exchange.stop();
  });

  it('trades both sides every few hundred milliseconds and keeps the last price near the fair price', () => {
    const { exchange, clock, events } = marketExchange(2);
    exchange.start();
    clock.advanceBy(20_000);
    const matches = events.flatMap((event) =>
      event.kind === 'full' && event.message.type === 'match' && event.productId === 'BTC-USD'
        ? [event.message]
        : [],
    );
    // About one trade per 400 ms per product.
    expect(matches.length).toBeGreaterThan(30);
    expect(matches.length).toBeLessThan(100);
    expect(new Set(matches.map((match) => match.side))).toEqual(new Set(['buy', 'sell']));
    const fair = exchange.market?.fairTicks('BTC-USD') as number;
    const last = exchange.lastPriceTicks('BTC-USD') as number;
    expect(Math.abs(last - fair) / fair).toBeLessThan(0.001);
    expect(events.some((event) => event.kind === 'ticker')).toBe(true);
    expect(events.some((event) => event.kind === 'l2update')).toBe(true);
    for (const currency of exchange.currencyIds()) {
      expect(exchange.accountBook.total(currency)).toBe(exchange.accountBook.deposits(currency));
    }
    exchange.stop();
  });

  it('replays identically for the same seed and differs for another', () => {
    const trace = (seed: number) => {
      const { exchange, clock, events } = marketExchange(seed, ['ETH-USD']);
      exchange.start();
      clock.advanceBy(5_000);
      exchange.stop();
      return events.flatMap((event) =>
        event.kind === 'ticker' ? [`${event.productId}:${event.message.price}`] : [],
      );
    };
    expect(trace(5)).toEqual(trace(5));
    expect(trace(5)).not.toEqual(trace(6));
  });

  it('gives a user counterparties: a market buy fills against the makers', () => {
    const { exchange, clock } = marketExchange(3, ['BTC-USD']);
    const user = exchange.caller(exchange.addProfile({ balances: { USD: '100000' } }).profileId);
    exchange.start();
    clock.advanceBy(5_000);
    const placed = exchange.placeOrder(user, {
      product_id: 'BTC-USD',
      type: 'market',
      side: 'buy',
      funds: '1000',
    });
    if (!placed.ok) throw new Error(placed.error.message);
    const filled = exchange.getOrder(user, placed.value.id);
    expect(filled.ok && filled.value).toMatchObject({ status: 'done', done_reason: 'filled' });
    expect(filled.ok && new Decimal(filled.value.filled_size).greaterThan('0.01')).toBe(true);
    exchange.stop();
  });

  it('stops cleanly: quotes withdrawn, no timers left, nothing trades afterwards', () => {
    const { exchange, clock, events } = marketExchange(4, ['BTC-USD']);
    exchange.start();
    clock.advanceBy(2_000);
    exchange.stop();
    const book = exchange.book('BTC-USD', 2);
    expect(book.ok && [book.value.bids.length, book.value.asks.length]).toEqual([0, 0]);
    expect(clock.pendingTimers).toBe(0);
    const count = events.length;
    clock.advanceBy(10_000);
    expect(events.length).toBe(count);
  });

  it('runs speed times as many steps and trades per second', () => {
    const countTrades = (speed: number) => {
      const clock = new ManualClock(Date.UTC(2024, 0, 1));
      const exchange = createExchange({ clock, seed: 8, market: { speed, productIds: ['ETH-USD'] } });
      exchange.start();
      clock.advanceBy(4_000);
      exchange.stop();
      return exchange.lastTradeId('ETH-USD');
    };
    const normal = countTrades(1);
    const fast = countTrades(10);
    expect(fast / normal).toBeGreaterThan(6);
    expect(fast / normal).toBeLessThan(14);
  });
});
