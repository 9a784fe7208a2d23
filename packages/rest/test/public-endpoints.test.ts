import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient, InvalidRequestError, NotFoundError } from '../src/index.js';
import {
  clientFor,
  collect,
  RecordingTransport,
  rejectionOf,
  startQuietSimulator,
} from './support/simulator.js';

const DECIMAL = /^\d+(\.\d+)?$/;
let simulator: RunningSimulator;
let client: CoinbaseExchangeClient;
let anonymous: CoinbaseExchangeClient;
let trader: CoinbaseExchangeClient;
let counterparty: CoinbaseExchangeClient;
const TRADES = 130;

beforeAll(async () => {
  simulator = await startQuietSimulator();
  client = clientFor(simulator);
  anonymous = new CoinbaseExchangeClient({ baseUrl: simulator.restUrl, rateLimit: false });
  // Public trades need two parties: a resting seller and a crossing buyer.
  trader = client;
  const other = simulator.createApiKey({ balances: { USD: '1000000', BTC: '100' } });
  counterparty = clientFor(simulator, { credentials: createExchangeCredentials(other) });
  for (let index = 0; index < TRADES; index += 1) {
    await counterparty.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '64000.00', size: '0.001' });
    await trader.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '64000.00', size: '0.001' });
  }
});

afterAll(async () => {
  for (const each of [client, anonymous, counterparty]) each.close();
  await simulator.stop();
});

describe('public endpoints over loopback HTTP', () => {
  it('GET /time needs no credentials and returns the exchange clock', async () => {
    const time = await anonymous.getTime();
    expect(typeof time.epoch).toBe('number');
    expect(Date.parse(time.iso)).toBeCloseTo(time.epoch * 1000, -3);
  });

  it('GET /currencies and /products return typed lists with decimal strings', async () => {
    const currencies = await anonymous.getCurrencies();
    expect(currencies.map((currency) => currency.id)).toEqual(expect.arrayContaining(['BTC', 'USD', 'ETH']));
    const bitcoin = await anonymous.getCurrency('BTC');
    expect(bitcoin).toMatchObject({ id: 'BTC', min_size: expect.stringMatching(DECIMAL) });
    const products = await anonymous.getProducts();
    expect(products.map((product) => product.id)).toEqual(
      expect.arrayContaining(['BTC-USD', 'ETH-USD', 'ETH-BTC']),
    );
    const product = await anonymous.getProduct('BTC-USD');
    expect(product).toMatchObject({
      id: 'BTC-USD',
      base_currency: 'BTC',
      quote_currency: 'USD',
      quote_increment: '0.01',
    });
    expect(product.min_market_funds).toMatch(DECIMAL);
  });

  it('an unknown product is a NotFoundError carrying method, path and status', async () => {
    const error = await rejectionOf(anonymous.getProduct('DOGE-EUR'));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      method: 'GET',
      path: '/products/DOGE-EUR',
      status: 404,
      isRetryable: false,
    });
  });

  it('GET /products/{id}/book at levels 1, 2 and 3', async () => {
    await counterparty.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '65000.00', size: '0.5' });
    await counterparty.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '65000.00', size: '0.25' });
    const level1 = await anonymous.getProductBook('BTC-USD', 1);
    expect(level1.asks[0]).toEqual(['65000.00', expect.stringMatching(DECIMAL), 2]);
    expect(typeof level1.sequence).toBe('number');
    const level2 = await anonymous.getProductBook('BTC-USD', 2);
    expect(level2.asks[0]?.[2]).toBe(2);
    const level3 = await anonymous.getProductBook('BTC-USD', 3);
    const atPrice = level3.asks.filter(([price]) => price === '65000.00');
    expect(atPrice).toHaveLength(2);
    expect(typeof atPrice[0]?.[2]).toBe('string');
  });

  it('refuses a book level other than 1, 2 or 3 before any I/O', async () => {
    const error = await rejectionOf(anonymous.getProductBook('BTC-USD', 4 as 1));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
  });

  it('GET ticker and stats', async () => {
    const ticker = await anonymous.getProductTicker('BTC-USD');
    expect(ticker.price).toBe('64000.00');
    expect(typeof ticker.trade_id).toBe('number');
    const stats = await anonymous.getProductStats('BTC-USD');
    expect(stats.last).toBe('64000.00');
    expect(stats.volume).toMatch(DECIMAL);
  });

  it('GET trades: one page with both cursors, and an iterator over many pages', async () => {
    const page = await anonymous.getProductTrades('BTC-USD', { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.before).toBe(String(page.items[0]?.trade_id));
    expect(page.after).toBe(String(page.items[9]?.trade_id));
    const older = await anonymous.getProductTrades('BTC-USD', { after: page.after as string, limit: 10 });
    expect(older.items[0]?.trade_id).toBe((page.items[9]?.trade_id as number) - 1);

    const transport = new RecordingTransport();
    const recording = new CoinbaseExchangeClient({ baseUrl: simulator.restUrl, rateLimit: false, transport });
    const all = await collect(recording.iterateProductTrades('BTC-USD', { pageSize: 25 }));
    expect(all).toHaveLength(TRADES);
    const ids = all.map((trade) => trade.trade_id);
    expect(ids).toEqual([...ids].sort((left, right) => right - left));
    expect(new Set(ids).size).toBe(TRADES);
    // 130 trades in pages of 25: six pages, then one empty page ends the walk.
    expect(transport.lines()).toHaveLength(7);
    transport.close();
  });

  it('GET candles: exact decimal strings, and a long range split into 300-bucket requests', async () => {
    const latest = await anonymous.getProductCandles('BTC-USD', { granularity: 60 });
    expect(latest.length).toBeGreaterThanOrEqual(1);
    expect(latest[0]).toMatchObject({ low: '64000', high: '64000', open: '64000', close: '64000' });
    expect(typeof latest[0]?.time).toBe('number');

    const transport = new RecordingTransport();
    const recording = new CoinbaseExchangeClient({ baseUrl: simulator.restUrl, rateLimit: false, transport });
    const end = new Date(Date.now() + 60_000);
    const start = new Date(end.getTime() - 1_000 * 60_000); // 1000 one-minute buckets
    const candles = await recording.getProductCandles('BTC-USD', { granularity: 60, start, end });
    expect(transport.exchanges.every((exchange) => exchange.status === 200)).toBe(true);
    expect(transport.exchanges).toHaveLength(4); // ceil(1000 / 299)
    expect(candles.map((candle) => candle.time)).toEqual(latest.map((candle) => candle.time));
    expect(candles[0]?.volume).toBe(latest[0]?.volume);
    transport.close();
  });

  it('refuses an unsupported granularity before any I/O', async () => {
    const error = await rejectionOf(anonymous.getProductCandles('BTC-USD', { granularity: 120 as 60 }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /granularity to be one of 60, 300, 900, 3600, 21600, 86400 seconds, received 120/,
    );
  });
});
