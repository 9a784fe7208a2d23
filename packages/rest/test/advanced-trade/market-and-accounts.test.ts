import type { RunningSimulator } from '@tradeloop/simulator';
import { startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoinbaseAdvancedTradeClient } from '../../src/index.js';
import { advancedTradeClientFor } from '../support/advanced-trade.js';

// Market data (signed and public forms), accounts across cursor pages, fees and portfolios,
// against a simulator whose synthetic market is trading.
let simulator: RunningSimulator;
let client: CoinbaseAdvancedTradeClient;

beforeAll(async () => {
  simulator = await startSimulator({ rateLimits: false, market: { speed: 50 } });
  client = advancedTradeClientFor(simulator);
  await new Promise((resolve) => setTimeout(resolve, 1000));
});

afterAll(async () => {
  client.close();
  await simulator.stop();
});

describe('CoinbaseAdvancedTradeClient market data', () => {
  it('reads products, the book, best bid/ask, trades and candles', async () => {
    for (const form of [{ public: false }, { public: true }]) {
      const products = await client.listProducts(form);
      expect(products.map((product) => product.product_id)).toEqual(['BTC-USD', 'ETH-USD', 'ETH-BTC']);
      const product = await client.getProduct('BTC-USD', form);
      expect(product).toMatchObject({
        product_id: 'BTC-USD',
        quote_increment: '0.01',
        base_increment: '0.00000001',
      });
      const book = await client.getProductBook('BTC-USD', { ...form, limit: 3 });
      expect(book.pricebook.bids.length).toBeGreaterThan(0);
      expect(Number(book.pricebook.bids[0]?.price)).toBeLessThan(Number(book.pricebook.asks[0]?.price));
      const trades = await client.getMarketTrades('BTC-USD', { ...form, limit: 5 });
      expect(trades.trades.length).toBeGreaterThan(0);
      const end = Math.floor(Date.now() / 1000);
      const candles = await client.getCandles('BTC-USD', {
        ...form,
        start: end - 3000,
        end,
        granularity: 'ONE_MINUTE',
      });
      expect(candles.length).toBeGreaterThan(0);
    }
    const best = await client.getBestBidAsk(['ETH-USD']);
    expect(best[0]?.product_id).toBe('ETH-USD');
    expect(Math.abs(Number((await client.getServerTime()).epochMillis) - Date.now())).toBeLessThan(5000);
  });
});

describe('CoinbaseAdvancedTradeClient accounts', () => {
  it('pages accounts by cursor and reads one', async () => {
    const first = await client.listAccounts({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.cursor).toBeDefined();
    const all = [];
    for await (const account of client.iterateAccounts({ pageSize: 1 })) all.push(account);
    expect(all.map((account) => account.currency).sort()).toEqual(['BTC', 'ETH', 'USD']);
    const usd = all.find((account) => account.currency === 'USD');
    expect(usd?.available_balance).toEqual({ value: '100000', currency: 'USD' });
    expect((await client.getAccount(usd?.uuid as string)).uuid).toBe(usd?.uuid);
  });

  it('reads fees, portfolios and key permissions', async () => {
    const summary = await client.getTransactionSummary();
    expect(Number(summary.fee_tier.taker_fee_rate)).toBeGreaterThan(0);
    expect((await client.listPortfolios())[0]).toMatchObject({ type: 'DEFAULT', uuid: simulator.profileId });
    expect(await client.getKeyPermissions()).toMatchObject({ can_view: true, can_trade: true });
  });
});
