import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ccxt pro's unmodified `coinbase` class on the simulator's Advanced Trade WebSocket, configured
// only with its URLs and CDP key: level2 (`l2_data`) into watchOrderBook, and the JWT-subscribed
// `user` channel into watchOrders for an order ccxt placed through Advanced Trade REST.
let simulator: RunningSimulator;
let quiet: RunningSimulator;
const exchanges: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  simulator = await startSimulator({ seed: 21, balances: { USD: '100000', BTC: '10', ETH: '100' } });
  quiet = await startSimulator({
    seed: 22,
    market: { enabled: false },
    balances: { USD: '100000', BTC: '10', ETH: '100' },
  });
});

afterAll(async () => {
  await Promise.all(exchanges.map((exchange) => exchange.close()));
  await simulator?.stop();
  await quiet?.stop();
});

async function coinbasePro(running: RunningSimulator) {
  const exchange = new ccxt.pro.coinbase({
    apiKey: running.advancedTrade.keyName,
    secret: running.advancedTrade.privateKey,
    urls: { api: { rest: running.advancedTrade.restUrl, ws: running.advancedTrade.wsUrl } },
  });
  exchanges.push(exchange);
  // ccxt's own requirement for plain ws:// URLs (its error message says so); not a simulator setting.
  await exchange.loadHttpProxyAgent();
  return exchange;
}

describe('ccxt pro coinbase (Advanced Trade WebSocket)', () => {
  it('watchOrderBook builds the book from l2_data', async () => {
    const exchange = await coinbasePro(simulator);
    await exchange.loadMarkets();
    const book = await exchange.watchOrderBook('BTC/USD');
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks.length).toBeGreaterThan(0);
    expect((book.bids[0]?.[0] ?? 0) < (book.asks[0]?.[0] ?? 0)).toBe(true);
    const updated = await exchange.watchOrderBook('BTC/USD');
    expect(updated.bids.length).toBeGreaterThan(0);
  });

  it('watchOrders sees an order ccxt placed, through the JWT-authenticated user channel', async () => {
    const exchange = await coinbasePro(quiet);
    await exchange.loadMarkets();
    // Whether the order lands before the subscribe (then it is in the snapshot) or after (an
    // update), it resolves the watch: no timing to arrange.
    const next = exchange.watchOrders('BTC/USD');
    const placed = await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.01, 30000);
    let orders = await next;
    for (let attempt = 0; attempt < 5 && !orders.some((order) => order.id === placed.id); attempt += 1)
      orders = await exchange.watchOrders('BTC/USD');
    const seen = orders.find((order) => order.id === placed.id);
    expect(seen).toMatchObject({ id: placed.id, side: 'buy', status: 'open', price: 30000 });
  });
});
