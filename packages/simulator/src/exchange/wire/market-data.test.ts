import { describe, expect, it } from 'vitest';
import { exchangeWithTwoTraders, placeOk } from '../test-support.js';

/** Trades `count` times at the given prices, one per minute, alice resting and bob taking. */
function tradeAt(setup: ReturnType<typeof exchangeWithTwoTraders>, prices: string[], size = '0.1') {
  const { exchange, alice, bob, clock } = setup;
  for (const price of prices) {
    placeOk(exchange, alice, { side: 'sell', price, size });
    placeOk(exchange, bob, { side: 'buy', price, size });
    clock.advanceBy(60_000);
  }
}

describe('market data', () => {
  it('pages trades newest first by trade_id with the maker side', () => {
    const setup = exchangeWithTwoTraders();
    tradeAt(setup, ['100.00', '101.00', '102.00', '103.00', '104.00']);
    const { exchange } = setup;
    const newest = exchange.trades('BTC-USD', { limit: 2 });
    expect(newest.ok && newest.value).toMatchObject({
      items: [
        { trade_id: 5, price: '104.00', size: '0.10000000', side: 'sell' },
        { trade_id: 4, price: '103.00' },
      ],
      before: '5',
      after: '4',
    });
    const older = exchange.trades('BTC-USD', { limit: 2, after: '4' });
    expect(older.ok && older.value.items.map((trade) => trade.trade_id)).toEqual([3, 2]);
    const newer = exchange.trades('BTC-USD', { limit: 2, before: '1' });
    expect(newer.ok && newer.value.items.map((trade) => trade.trade_id)).toEqual([3, 2]);
    // coinbase-pro-node's trade stream: before=from, after=from+101.
    const window = exchange.trades('BTC-USD', { limit: 100, before: '2', after: '5' });
    expect(window.ok && window.value.items.map((trade) => trade.trade_id)).toEqual([4, 3]);
    expect(exchange.trades('BTC-USD', { limit: 2, after: 'x' })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
    expect(exchange.lastTradeId('BTC-USD')).toBe(5);
  });

  it('builds candles from trades: newest first, numeric [time, low, high, open, close, volume], empty buckets omitted', () => {
    const setup = exchangeWithTwoTraders();
    const { exchange, alice, bob, clock } = setup;
    const start = clock.now() / 1000;
    placeOk(exchange, alice, { side: 'sell', price: '100.00', size: '0.1' });
    placeOk(exchange, bob, { side: 'buy', price: '100.00', size: '0.1' });
    clock.advanceBy(10_000);
    placeOk(exchange, alice, { side: 'sell', price: '99.50', size: '0.2' });
    placeOk(exchange, bob, { side: 'buy', price: '99.50', size: '0.2' });
    placeOk(exchange, alice, { side: 'sell', price: '101.25', size: '0.3' });
    placeOk(exchange, bob, { side: 'buy', price: '101.25', size: '0.3' });
    clock.advanceBy(130_000); // skip one whole minute
    placeOk(exchange, alice, { side: 'sell', price: '102.00', size: '0.05' });
    placeOk(exchange, bob, { side: 'buy', price: '102.00', size: '0.05' });
    const minutes = exchange.candles('BTC-USD', 60, start, start + 600);
    expect(minutes).toEqual({
      ok: true,
      value: [
        [start + 120, 102, 102, 102, 102, 0.05],
        [start, 99.5, 101.25, 100, 101.25, 0.6],
      ],
    });
    const fiveMinutes = exchange.candles('BTC-USD', 300, start, start + 600);
    expect(fiveMinutes.ok && fiveMinutes.value).toEqual([[start, 99.5, 102, 100, 102, 0.65]]);
    expect(exchange.candles('BTC-USD', 60, start + 3600, start + 7200)).toEqual({ ok: true, value: [] });
  });

  it('reports 24h stats and a ticker with the best bid and ask', () => {
    const setup = exchangeWithTwoTraders();
    tradeAt(setup, ['100.00', '110.00', '95.00', '105.00']);
    const { exchange, alice, bob } = setup;
    placeOk(exchange, alice, { side: 'sell', price: '106.00', size: '0.4' });
    placeOk(exchange, bob, { side: 'buy', price: '104.00', size: '0.7' });
    expect(exchange.stats('BTC-USD')).toEqual({
      ok: true,
      value: {
        open: '100.00',
        high: '110.00',
        low: '95.00',
        last: '105.00',
        volume: '0.40000000',
        volume_30day: '0.40000000',
        rfq_volume_24hour: '0',
        conversions_volume_24hour: '0',
        rfq_volume_30day: '0',
        conversions_volume_30day: '0',
      },
    });
    expect(exchange.ticker('BTC-USD')).toMatchObject({
      ok: true,
      value: {
        trade_id: 4,
        price: '105.00',
        size: '0.10000000',
        bid: '104.00',
        ask: '106.00',
        volume: '0.40000000',
      },
    });
  });

  it('forgets trades older than 24 hours in the stats', () => {
    const setup = exchangeWithTwoTraders();
    tradeAt(setup, ['100.00']);
    setup.clock.advanceBy(25 * 3_600_000);
    tradeAt(setup, ['120.00']);
    const stats = setup.exchange.stats('BTC-USD');
    expect(stats.ok && stats.value).toMatchObject({
      open: '120.00',
      low: '120.00',
      volume: '0.10000000',
      volume_30day: '0.20000000',
    });
  });

  it('lists ledger entries with running balances and holds of open orders', () => {
    const { exchange, alice, bob } = exchangeWithTwoTraders();
    const resting = placeOk(exchange, alice, { side: 'buy', price: '100.00', size: '2' });
    placeOk(exchange, bob, { side: 'sell', price: '100.00', size: '0.5' });
    const usd = exchange.accounts(alice).find((account) => account.currency === 'USD');
    if (usd === undefined) throw new Error('no USD account');
    const ledger = exchange.ledger(alice, usd.id, { limit: 10 });
    expect(ledger.ok && ledger.value.items.map((entry) => [entry.type, entry.amount, entry.balance])).toEqual(
      [
        ['fee', '-0.2000000000000000', '999949.8000000000000000'],
        ['match', '-50.0000000000000000', '999950.0000000000000000'],
        ['transfer', '1000000.0000000000000000', '1000000.0000000000000000'],
      ],
    );
    expect(ledger.ok && ledger.value.items[0]?.details).toEqual({
      order_id: resting.id,
      product_id: 'BTC-USD',
      trade_id: '1',
    });
    const holds = exchange.holds(alice, usd.id, { limit: 10 });
    // 1.5 BTC left at 100 plus the 0.6 % taker reserve.
    expect(holds.ok && holds.value.items).toMatchObject([
      { amount: '150.9000000000000000', type: 'order', ref: resting.id },
    ]);
    expect(usd.hold).toBe('150.9000000000000000');
    expect(exchange.ledger(bob, usd.id, { limit: 10 })).toEqual({
      ok: false,
      error: { status: 404, message: 'NotFound' },
    });
  });
});
