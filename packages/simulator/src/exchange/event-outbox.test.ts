import { ManualClock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import { ExchangeListenerError } from '../simulator-errors.js';
import type { ExchangeEvent } from './contract.js';
import { createExchange } from './exchange.js';

/** An exchange whose listener failures are collected instead of warned about. */
function exchangeReportingTo(reported: ExchangeListenerError[]) {
  const exchange = createExchange({
    clock: new ManualClock(Date.UTC(2024, 0, 1)),
    onListenerError: (error) => reported.push(error),
  });
  const maker = exchange.caller(exchange.addProfile({ balances: { BTC: '10' } }).profileId);
  const taker = exchange.caller(exchange.addProfile({ balances: { USD: '100000' } }).profileId);
  return { exchange, maker, taker };
}

describe('event outbox', () => {
  it('delivers in subscription order, a first listener ahead of those subscribed before it', () => {
    const { exchange, maker } = exchangeReportingTo([]);
    const heard: string[] = [];
    exchange.onEvent(() => heard.push('early'));
    exchange.onEvent(() => heard.push('later'));
    const stopFirst = exchange.onEvent(() => heard.push('first'), { first: true });
    exchange.placeOrder(maker, { product_id: 'BTC-USD', side: 'sell', price: '100.00', size: '1' });
    expect(heard.slice(0, 3)).toEqual(['first', 'early', 'later']);

    heard.length = 0;
    stopFirst();
    exchange.placeOrder(maker, { product_id: 'BTC-USD', side: 'sell', price: '101.00', size: '1' });
    expect(heard.slice(0, 2)).toEqual(['early', 'later']);
    expect(heard).not.toContain('first');
  });

  it('reports a throwing listener with the event and the cause, and still delivers to the others', () => {
    const reported: ExchangeListenerError[] = [];
    const { exchange, maker, taker } = exchangeReportingTo(reported);
    const failure = new Error('listener bug');
    exchange.onEvent((event) => {
      if (event.kind === 'full' && event.message.type === 'match') throw failure;
    });
    const seen: ExchangeEvent[] = [];
    exchange.onEvent((event) => seen.push(event));

    const ask = exchange.placeOrder(maker, {
      product_id: 'BTC-USD',
      side: 'sell',
      price: '100.00',
      size: '1',
    });
    const bid = exchange.placeOrder(taker, {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '100.00',
      size: '1',
    });

    expect(ask.ok && bid.ok).toBe(true);
    expect(reported).toHaveLength(1);
    const [error] = reported as [ExchangeListenerError];
    expect(ExchangeListenerError.isInstance(error)).toBe(true);
    expect(error.code).toBe('exchange_listener_failed');
    expect(error.cause).toBe(failure);
    expect(error.event).toMatchObject({ kind: 'full', productId: 'BTC-USD', message: { type: 'match' } });
    expect(error.message).toContain('listener bug');
    // The second listener heard everything, the match and what followed it included.
    const types = seen.flatMap((event) => (event.kind === 'full' ? [event.message.type] : [event.kind]));
    expect(types).toEqual([
      'received',
      'open',
      'l2update',
      'received',
      'match',
      'done',
      'done',
      'l2update',
      'ticker',
    ]);
  });

  it('reports every failure, and the exchange goes on trading afterwards', () => {
    const reported: ExchangeListenerError[] = [];
    const { exchange, maker } = exchangeReportingTo(reported);
    exchange.onEvent(() => {
      throw new Error('always');
    });
    for (const price of ['100.00', '101.00']) {
      const placed = exchange.placeOrder(maker, { product_id: 'BTC-USD', side: 'sell', price, size: '1' });
      expect(placed.ok).toBe(true);
    }
    // received + open + l2update per order.
    expect(reported.map((error) => error.event.kind)).toEqual([
      'full',
      'full',
      'l2update',
      'full',
      'full',
      'l2update',
    ]);
    const book = exchange.book('BTC-USD', 2);
    expect(book.ok && book.value.asks).toEqual([
      ['100.00', '1.00000000', 1],
      ['101.00', '1.00000000', 1],
    ]);
  });

  it('warns through the process by default, so a failure is never silent', async () => {
    const exchange = createExchange({ clock: new ManualClock(Date.UTC(2024, 0, 1)) });
    const maker = exchange.caller(exchange.addProfile({ balances: { BTC: '10' } }).profileId);
    exchange.onEvent(() => {
      throw new Error('unhandled in the listener');
    });
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    exchange.placeOrder(maker, { product_id: 'BTC-USD', side: 'sell', price: '100.00', size: '1' });
    const warning = await warned;
    expect(ExchangeListenerError.isInstance(warning)).toBe(true);
    expect(warning.message).toContain('unhandled in the listener');
  });
});
