import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ccxt's unmodified `coinbaseexchange` (REST) and ccxt pro (WebSocket), configured only with the
// simulator's URLs and credentials, doing what a new user would: markets, balances, orders,
// fills, candles, book, and the level2 / matches / user streams.
let simulator: RunningSimulator;

function exchangeOptions(running: RunningSimulator) {
  return {
    apiKey: running.credentials.apiKey,
    secret: running.credentials.apiSecret,
    password: running.credentials.passphrase,
    urls: { api: { public: running.restUrl, private: running.restUrl, ws: running.wsUrl } },
  };
}

beforeAll(async () => {
  simulator = await startSimulator({ seed: 11, balances: { USD: '100000', BTC: '10', ETH: '100' } });
});

afterAll(async () => {
  await simulator?.stop();
});

describe('ccxt coinbaseexchange (REST)', () => {
  it('loads markets, balances, time, ticker, book, trades and candles', async () => {
    const exchange = new ccxt.coinbaseexchange(exchangeOptions(simulator));
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USD', 'ETH/USD', 'ETH/BTC']));
    expect(markets['BTC/USD']?.precision.price).toBe(0.01);
    const time = await exchange.fetchTime();
    expect(Math.abs((time ?? 0) - Date.now())).toBeLessThan(5000);
    const balance = await exchange.fetchBalance();
    expect(balance.USD?.total).toBe(100000);
    expect(balance.BTC?.free).toBe(10);
    const book = await exchange.fetchOrderBook('BTC/USD');
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks.length).toBeGreaterThan(0);
    expect((book.bids[0]?.[0] ?? 0) < (book.asks[0]?.[0] ?? 0)).toBe(true);
    const ticker = await exchange.fetchTicker('BTC/USD');
    expect(ticker.symbol).toBe('BTC/USD');
    expect(ticker.last).toBeGreaterThan(0);
    // Wait until the background market has traded, then read trades and candles.
    let trades = await exchange.fetchTrades('BTC/USD');
    for (let attempt = 0; attempt < 20 && trades.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      trades = await exchange.fetchTrades('BTC/USD');
    }
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[0]?.price).toBeGreaterThan(0);
    const candles = await exchange.fetchOHLCV('BTC/USD', '1m');
    expect(candles.length).toBeGreaterThan(0);
    const [timestamp, open, high, low, close, volume] = candles[candles.length - 1] as number[];
    expect(timestamp).toBeGreaterThan(0);
    expect(high).toBeGreaterThanOrEqual(Math.max(open as number, close as number));
    expect(low).toBeLessThanOrEqual(Math.min(open as number, close as number));
    expect(volume).toBeGreaterThan(0);
  });

  it('places, fetches, lists and cancels a limit order; fills a market order and reads the fills', async () => {
    const exchange = new ccxt.coinbaseexchange(exchangeOptions(simulator));
    await exchange.loadMarkets();
    const placed = await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, 30000, {
      clientOrderId: 'a3c1e2f4-1b2c-4d5e-9f60-718293a4b5c6',
    });
    expect(placed.id).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await exchange.fetchOrder(placed.id as string, 'BTC/USD');
    expect(fetched).toMatchObject({ id: placed.id, status: 'open', side: 'buy', price: 30000, amount: 0.01 });
    expect(fetched.clientOrderId).toBe('a3c1e2f4-1b2c-4d5e-9f60-718293a4b5c6');
    const open = await exchange.fetchOpenOrders('BTC/USD');
    expect(open.map((order) => order.id)).toContain(placed.id);
    const balance = await exchange.fetchBalance();
    expect(balance.USD?.used).toBeGreaterThan(300);
    await exchange.cancelOrder(placed.id as string, 'BTC/USD');
    const canceled = await exchange.fetchOrder(placed.id as string, 'BTC/USD');
    expect(canceled.status).toBe('canceled');
    await expect(exchange.cancelOrder(placed.id as string, 'BTC/USD')).rejects.toThrow();

    const bought = await exchange.createOrder('BTC/USD', 'market', 'buy', 0.002);
    let filled = await exchange.fetchOrder(bought.id as string, 'BTC/USD');
    for (let attempt = 0; attempt < 10 && filled.status !== 'closed'; attempt += 1) {
      filled = await exchange.fetchOrder(bought.id as string, 'BTC/USD');
    }
    expect(filled.status).toBe('closed');
    expect(filled.filled).toBeCloseTo(0.002, 8);
    const fills = await exchange.fetchMyTrades('BTC/USD');
    expect(fills.some((fill) => fill.order === bought.id && fill.takerOrMaker === 'taker')).toBe(true);
    const orderTrades = await exchange.fetchOrderTrades(bought.id as string, 'BTC/USD');
    expect(orderTrades.length).toBeGreaterThan(0);
    const closed = await exchange.fetchClosedOrders('BTC/USD');
    expect(closed.map((order) => order.id)).toContain(bought.id);
  });

  it('maps Coinbase errors to ccxt error classes', async () => {
    const exchange = new ccxt.coinbaseexchange(exchangeOptions(simulator));
    await exchange.loadMarkets();
    await expect(exchange.createOrder('BTC/USD', 'limit', 'buy', 1000, 60000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    const wrong = new ccxt.coinbaseexchange({ ...exchangeOptions(simulator), password: 'wrong' });
    await expect(wrong.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    await expect(
      exchange.fetchOrder('7d0f5e86-0000-4000-8000-000000000000', 'BTC/USD'),
    ).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });
});

describe('ccxt pro coinbaseexchange (WebSocket)', () => {
  it('watches the order book (level2), trades (matches) and own orders (user)', async () => {
    const exchange = new ccxt.pro.coinbaseexchange(exchangeOptions(simulator));
    try {
      // ccxt's own requirement for plain ws:// URLs (its error message says so); not a simulator setting.
      await exchange.loadHttpProxyAgent();
      await exchange.loadMarkets();
      const book = await exchange.watchOrderBook('BTC/USD');
      expect(book.bids.length).toBeGreaterThan(0);
      expect(book.asks.length).toBeGreaterThan(0);
      const next = await exchange.watchOrderBook('BTC/USD');
      expect(next.nonce ?? next.timestamp).toBeDefined();

      const trades = await exchange.watchTrades('ETH/USD');
      expect(trades.length).toBeGreaterThan(0);
      expect(trades[0]?.symbol).toBe('ETH/USD');

      // ccxt exposes no "subscribed" signal: place orders until the user stream reports one of them.
      const rest = new ccxt.coinbaseexchange(exchangeOptions(simulator));
      await rest.loadMarkets();
      const placedIds: string[] = [];
      let reported: Awaited<ReturnType<typeof exchange.watchOrders>> | undefined;
      const ordersPromise = exchange.watchOrders('BTC/USD').then((orders) => {
        reported = orders;
      });
      while (reported === undefined) {
        placedIds.push((await rest.createOrder('BTC/USD', 'limit', 'buy', 0.01, 31000)).id as string);
        await Promise.race([ordersPromise, new Promise((resolve) => setTimeout(resolve, 500))]);
      }
      expect(reported.some((order) => placedIds.includes(order.id as string))).toBe(true);
      expect(reported[0]?.symbol).toBe('BTC/USD');
      await rest.cancelAllOrders('BTC/USD');
    } finally {
      await exchange.close();
    }
  });
});
