import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ccxt's unmodified `coinbase` class (Advanced Trade REST), configured only with the simulator's
// Advanced Trade URL and CDP key: its ES256 JWTs are verified by the simulator's own check (its
// `uri` claim keeps `http://`, which the simulator accepts against a plain-http host).
let simulator: RunningSimulator;
let quiet: RunningSimulator;
let maker: RunningSimulator['credentials'];

beforeAll(async () => {
  simulator = await startSimulator({ seed: 12, balances: { USD: '100000', BTC: '10', ETH: '100' } });
  // No background market: the order test controls every counterparty.
  quiet = await startSimulator({
    seed: 13,
    market: { enabled: false },
    balances: { USD: '100000', BTC: '10', ETH: '100' },
  });
  maker = quiet.createApiKey({ balances: { USD: '100000', BTC: '10', ETH: '100' } });
});

afterAll(async () => {
  await simulator?.stop();
  await quiet?.stop();
});

function coinbase(running: RunningSimulator) {
  return new ccxt.coinbase({
    apiKey: running.advancedTrade.keyName,
    secret: running.advancedTrade.privateKey,
    urls: { api: { rest: running.advancedTrade.restUrl } },
  });
}

describe('ccxt coinbase (Advanced Trade REST)', () => {
  it('loads markets, balance, book, trades and time', async () => {
    const exchange = coinbase(simulator);
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USD', 'ETH/USD', 'ETH/BTC']));
    expect(markets['BTC/USD']?.precision.price).toBe(0.01);
    const balance = await exchange.fetchBalance();
    expect(balance.USD?.free).toBe(100000);
    expect(balance.BTC?.total).toBe(10);
    const book = await exchange.fetchOrderBook('BTC/USD');
    expect(book.bids.length).toBeGreaterThan(0);
    expect((book.bids[0]?.[0] ?? 0) < (book.asks[0]?.[0] ?? 0)).toBe(true);
    const time = await exchange.fetchTime();
    expect(Math.abs((time ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('creates, fetches and cancels orders, and fetches its trades', async () => {
    const exchange = coinbase(quiet);
    await exchange.loadMarkets();
    const resting = await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, 30000);
    expect(resting.id).toBeTruthy();
    const restingId = resting.id as string;
    const fetched = await exchange.fetchOrder(restingId, 'BTC/USD');
    expect(fetched).toMatchObject({
      id: resting.id,
      status: 'open',
      price: 30000,
      amount: 0.01,
      side: 'buy',
    });
    const open = await exchange.fetchOpenOrders('BTC/USD');
    expect(open.map((order) => order.id)).toContain(resting.id);
    await exchange.cancelOrder(restingId, 'BTC/USD');
    expect((await exchange.fetchOrder(restingId, 'BTC/USD')).status).toBe('canceled');

    // An Exchange-protocol maker rests an ask; ccxt's market buy takes it.
    const makerClient = new ccxt.coinbaseexchange({
      apiKey: maker.apiKey,
      secret: maker.apiSecret,
      password: maker.passphrase,
      urls: { api: { public: quiet.restUrl, private: quiet.restUrl } },
    });
    await makerClient.createOrder('ETH/USD', 'limit', 'sell', 0.5, 3000);
    const bought = await exchange.createOrder('ETH/USD', 'limit', 'buy', 0.5, 3000);
    const done = await exchange.fetchOrder(bought.id as string, 'ETH/USD');
    expect(done).toMatchObject({ status: 'closed', filled: 0.5, average: 3000 });
    const trades = await exchange.fetchMyTrades('ETH/USD');
    const mine = trades.filter((trade) => trade.order === bought.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ price: 3000, amount: 0.5, side: 'buy' });
    const orders = await exchange.fetchOrders('ETH/USD');
    expect(orders.map((order) => order.id)).toContain(bought.id);
  });
});
