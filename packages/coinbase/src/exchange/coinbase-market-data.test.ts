import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CoinbaseMarketData,
  createCoinbaseMarketData,
  type PublicMarketEvent,
} from './coinbase-market-data.js';

let sim: RunningSimulator;
let market: CoinbaseMarketData;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5, rateLimits: false, market: { enabled: true, speed: 10 } });
  market = createCoinbaseMarketData({ restUrl: sim.restUrl, feedUrl: sim.wsUrl });
});

afterAll(async () => {
  await market?.close();
  await sim?.stop();
});

describe('CoinbaseMarketData (against the simulator, no key)', () => {
  it('lists the products and streams trades and trusted books without credentials', async () => {
    expect((await market.products()).map((product) => product.id)).toContain('BTC-USD');
    const events: PublicMarketEvent[] = [];
    await market.subscribe(['BTC-USD'], (event) => events.push(event));
    expect(market.feed.authenticated).toBe(false);
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      !(events.some((event) => event.type === 'trade') && events.some((event) => event.type === 'book'))
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const trades = events.flatMap((event) => (event.type === 'trade' ? [event.trade] : []));
    const books = events.flatMap((event) => (event.type === 'book' ? [event.book] : []));
    expect(trades.length).toBeGreaterThan(0);
    expect(books.length).toBeGreaterThan(0);
    expect(trades.every((trade) => trade.productId === 'BTC-USD' && trade.size.isPositive())).toBe(true);
    // Each trade once, in id order.
    const ids = trades.map((trade) => Number(trade.tradeId));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    const book = books.at(-1)!;
    expect(book.bestBid()!.price.lessThan(book.bestAsk()!.price)).toBe(true);
    expect(events.filter((event) => event.type === 'venue-error')).toEqual([]);
  });
});
