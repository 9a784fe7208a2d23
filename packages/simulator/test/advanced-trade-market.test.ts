import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient } from './support/advanced-trade.js';

// Advanced Trade market data, accounts, fees and the /v2 set-up endpoints, with a running market.
let simulator: RunningSimulator;
let client: AdvancedTradeTestClient;
let anonymous: AdvancedTradeTestClient;
const B = '/api/v3/brokerage';

beforeAll(async () => {
  simulator = await startSimulator({ rateLimits: false, market: { speed: 50 } });
  client = new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade);
  anonymous = new AdvancedTradeTestClient(simulator.restUrl);
  await new Promise((resolve) => setTimeout(resolve, 1500));
});

afterAll(() => simulator.stop());

describe('Advanced Trade market data', () => {
  it('lists products in both the signed and the public form', async () => {
    const signed = await client.get(`${B}/products`);
    const open = await anonymous.get(`${B}/market/products`);
    expect(signed.body.num_products).toBe(3);
    expect(open.body.products.map((product: { product_id: string }) => product.product_id)).toEqual([
      'BTC-USD',
      'ETH-USD',
      'ETH-BTC',
    ]);
    expect(signed.body.products[0]).toMatchObject({
      product_id: 'BTC-USD',
      base_increment: '0.00000001',
      quote_increment: '0.01',
      product_type: 'SPOT',
      status: 'online',
      base_currency_id: 'BTC',
      quote_currency_id: 'USD',
    });
    expect(Number(signed.body.products[0].price)).toBeGreaterThan(0);
    expect((await anonymous.get(`${B}/market/products?product_type=FUTURE`)).body.products).toEqual([]);
    expect((await client.get(`${B}/products/DOGE-USD`)).status).toBe(404);
  });

  it('serves the book, best bid/ask and market trades', async () => {
    const book = await anonymous.get(`${B}/market/product_book?product_id=BTC-USD&limit=5`);
    expect(book.body.pricebook.bids.length).toBeGreaterThan(0);
    expect(book.body.pricebook.bids.length).toBeLessThanOrEqual(5);
    const [bid] = book.body.pricebook.bids;
    const [ask] = book.body.pricebook.asks;
    expect(Number(bid.price)).toBeLessThan(Number(ask.price));
    const best = await client.get(`${B}/best_bid_ask?product_ids=BTC-USD&product_ids=ETH-USD`);
    expect(best.body.pricebooks.map((entry: { product_id: string }) => entry.product_id)).toEqual([
      'BTC-USD',
      'ETH-USD',
    ]);
    const trades = await client.get(`${B}/products/BTC-USD/ticker?limit=3`);
    expect(trades.body.trades.length).toBeGreaterThan(0);
    expect(trades.body.trades[0]).toMatchObject({
      product_id: 'BTC-USD',
      side: expect.stringMatching(/^(BUY|SELL)$/),
    });
  });

  it('serves candles by granularity name, merging 30-minute buckets, and refuses unknown names', async () => {
    const end = Math.floor(Date.now() / 1000);
    const oneMinute = await anonymous.get(
      `${B}/market/products/BTC-USD/candles?granularity=ONE_MINUTE&start=${end - 3600}&end=${end}`,
    );
    expect(oneMinute.status).toBe(200);
    expect(oneMinute.body.candles.length).toBeGreaterThan(0);
    const [latest] = oneMinute.body.candles;
    expect(Object.keys(latest).sort()).toEqual(['close', 'high', 'low', 'open', 'start', 'volume']);
    expect(Number(latest.low)).toBeLessThanOrEqual(Number(latest.high));
    const halfHour = await client.get(
      `${B}/products/BTC-USD/candles?granularity=THIRTY_MINUTE&start=${end - 86_400}&end=${end}`,
    );
    expect(halfHour.status).toBe(200);
    for (const candle of halfHour.body.candles) expect(Number(candle.start) % 1800).toBe(0);
    expect(
      (await client.get(`${B}/products/BTC-USD/candles?granularity=60&start=${end - 60}&end=${end}`)).body
        .error,
    ).toBe('INVALID_ARGUMENT');
    expect(
      (
        await client.get(
          `${B}/products/BTC-USD/candles?granularity=ONE_MINUTE&start=${end - 86_400}&end=${end}`,
        )
      ).status,
    ).toBe(400);
  });

  it('answers /time with epoch strings', async () => {
    const time = await anonymous.get(`${B}/time`);
    expect(Math.abs(Number(time.body.epochMillis) - Date.now())).toBeLessThan(5000);
    expect(time.body.epochSeconds).toMatch(/^\d+$/);
  });
});

describe('Advanced Trade accounts', () => {
  it('pages accounts with a cursor and reads one by uuid', async () => {
    const first = await client.get(`${B}/accounts?limit=2`);
    expect(first.body).toMatchObject({ has_next: true, size: 2 });
    const second = await client.get(`${B}/accounts?limit=2&cursor=${first.body.cursor}`);
    expect(second.body.has_next).toBe(false);
    const all = [...first.body.accounts, ...second.body.accounts];
    expect(all.map((account: { currency: string }) => account.currency).sort()).toEqual([
      'BTC',
      'ETH',
      'USD',
    ]);
    const usd = all.find((account: { currency: string }) => account.currency === 'USD');
    expect(usd).toMatchObject({
      available_balance: { value: '100000', currency: 'USD' },
      type: 'ACCOUNT_TYPE_FIAT',
    });
    const one = await client.get(`${B}/accounts/${usd.uuid}`);
    expect(one.body.account.uuid).toBe(usd.uuid);
    expect((await client.get(`${B}/accounts/nope`)).status).toBe(404);
  });

  it('reports fees, the portfolio and the key permissions', async () => {
    const summary = await client.get(`${B}/transaction_summary`);
    expect(summary.body.fee_tier).toMatchObject({
      maker_fee_rate: expect.any(String),
      taker_fee_rate: expect.any(String),
    });
    const portfolios = await client.get(`${B}/portfolios`);
    expect(portfolios.body.portfolios).toEqual([
      { name: 'Default', uuid: simulator.profileId, type: 'DEFAULT', deleted: false },
    ]);
    expect((await client.get(`${B}/key_permissions`)).body).toMatchObject({
      can_view: true,
      can_trade: true,
      can_transfer: false,
    });
  });
});

describe('/v2 set-up endpoints', () => {
  it('serves time, fiat and crypto currencies and exchange rates from the last trades', async () => {
    expect((await anonymous.get('/v2/time')).body.data.epoch).toBeGreaterThan(0);
    expect((await anonymous.get('/v2/currencies')).body.data).toEqual([
      { id: 'USD', name: 'United States Dollar', min_size: '0.01' },
    ]);
    const crypto = (await anonymous.get('/v2/currencies/crypto')).body.data;
    expect(crypto.map((currency: { code: string }) => currency.code)).toEqual(['BTC', 'ETH']);
    const rates = (await anonymous.get('/v2/exchange-rates?currency=USD')).body.data;
    expect(rates.currency).toBe('USD');
    expect(Number(rates.rates.BTC)).toBeGreaterThan(0);
    expect(Number(rates.rates.BTC)).toBeLessThan(1);
  });

  it('serves the signed /v2/accounts wallets (balance = available + hold) and refuses it unsigned', async () => {
    const wallets = (await client.get('/v2/accounts')).body.data;
    expect(
      wallets.find((wallet: { currency: { code: string } }) => wallet.currency.code === 'BTC'),
    ).toMatchObject({
      type: 'wallet',
      balance: { amount: '10', currency: 'BTC' },
    });
    expect((await anonymous.get('/v2/accounts')).status).toBe(401);
  });
});
