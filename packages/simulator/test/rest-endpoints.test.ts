import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestRestClient } from './support/rest.js';

// Every REST endpoint over real loopback HTTP, against a quiet simulator (no background market).
let simulator: RunningSimulator;
let client: TestRestClient;
let publicClient: TestRestClient;
let counterparty: TestRestClient;

type Json = Record<string, unknown>;

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    balances: { USD: '100000', BTC: '10', ETH: '100' },
  });
  client = new TestRestClient(simulator.restUrl, simulator.credentials);
  publicClient = new TestRestClient(simulator.restUrl);
  counterparty = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '100000', BTC: '10', ETH: '100' } }),
  );
});

afterAll(async () => {
  client.close();
  publicClient.close();
  counterparty.close();
  await simulator.stop();
});

/** Sends a 2xx check: no success body ever carries a `message` key (ccxt reads it as an error). */
function expectSuccess(response: { status: number; body: unknown }) {
  expect(response.status).toBe(200);
  if (typeof response.body === 'object' && response.body !== null && !Array.isArray(response.body)) {
    expect(response.body).not.toHaveProperty('message');
  }
  if (Array.isArray(response.body))
    for (const item of response.body) expect(item).not.toHaveProperty('message');
  return response.body;
}

describe('public endpoints', () => {
  it('GET /time gives iso text and a numeric epoch in seconds', async () => {
    const before = Date.now() / 1000;
    const body = expectSuccess(await publicClient.get('/time')) as Json;
    expect(typeof body.epoch).toBe('number');
    expect(body.epoch as number).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(body.iso as string) / 1000).toBeCloseTo(body.epoch as number, 2);
  });

  it('GET /products lists the default products with string increments', async () => {
    const products = expectSuccess(await publicClient.get('/products')) as Json[];
    expect(products.map((product) => product.id)).toEqual(['BTC-USD', 'ETH-USD', 'ETH-BTC']);
    for (const product of products) {
      expect(typeof product.quote_increment).toBe('string');
      expect(typeof product.base_increment).toBe('string');
      expect(typeof product.min_market_funds).toBe('string');
      expect(product.status).toBe('online');
    }
    expect(expectSuccess(await publicClient.get('/products/ETH-BTC'))).toMatchObject({
      id: 'ETH-BTC',
      quote_currency: 'BTC',
    });
  });

  it('answers unknown products and routes with 404 NotFound', async () => {
    for (const target of [
      '/products/DOGE-USD',
      '/products/DOGE-USD/book',
      '/nope',
      '/products/BTC-USD/nope',
      '/Products',
    ]) {
      const response = await publicClient.get(target);
      expect(response.status, target).toBe(404);
      expect(response.body, target).toEqual({ message: 'NotFound' });
    }
    const wrongMethod = await publicClient.request('PUT', '/products');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body).toEqual({ message: 'NotFound' });
  });

  it('GET /currencies covers every product currency, without a message key', async () => {
    const currencies = expectSuccess(await publicClient.get('/currencies')) as Json[];
    expect(currencies.map((currency) => currency.id).sort()).toEqual(['BTC', 'ETH', 'USD']);
    expect(expectSuccess(await publicClient.get('/currencies/BTC'))).toMatchObject({
      id: 'BTC',
      max_precision: '0.00000001',
    });
    expect((await publicClient.get('/currencies/XYZ')).status).toBe(404);
  });

  it('GET /products/{id}/book at levels 1, 2 and 3', async () => {
    await counterparty.post('/orders', {
      product_id: 'BTC-USD',
      side: 'sell',
      price: '70000.00',
      size: '0.5',
    });
    await counterparty.post('/orders', {
      product_id: 'BTC-USD',
      side: 'sell',
      price: '70000.00',
      size: '0.25',
    });
    const level1 = expectSuccess(await publicClient.get('/products/BTC-USD/book')) as Json;
    expect(level1).toMatchObject({ asks: [['70000.00', '0.75000000', 2]], auction_mode: false });
    expect(typeof level1.sequence).toBe('number');
    const level2 = expectSuccess(await publicClient.get('/products/BTC-USD/book?level=2')) as Json;
    expect(level2.asks).toEqual([['70000.00', '0.75000000', 2]]);
    const level3 = expectSuccess(await publicClient.get('/products/BTC-USD/book?level=3')) as Json;
    expect((level3.asks as unknown[]).length).toBe(2);
    const invalid = await publicClient.get('/products/BTC-USD/book?level=4');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: 'Invalid level' });
    await counterparty.delete('/orders?product_id=BTC-USD');
  });

  it('GET /products/{id}/trades pages newest first with CB-BEFORE / CB-AFTER', async () => {
    for (let index = 0; index < 3; index += 1) {
      await counterparty.post('/orders', {
        product_id: 'ETH-USD',
        side: 'sell',
        price: `${3000 + index}.00`,
        size: '0.1',
      });
      const bought = await client.post('/orders', {
        product_id: 'ETH-USD',
        side: 'buy',
        type: 'market',
        size: '0.1',
      });
      expectSuccess(bought);
    }
    const all = await publicClient.get('/products/ETH-USD/trades');
    const trades = expectSuccess(all) as Json[];
    expect(trades).toHaveLength(3);
    expect(trades.map((trade) => trade.price)).toEqual(['3002.00', '3001.00', '3000.00']);
    expect(trades.every((trade) => typeof trade.trade_id === 'number' && trade.side === 'sell')).toBe(true);
    const page = await publicClient.get('/products/ETH-USD/trades?limit=2');
    expect((page.body as Json[]).map((trade) => trade.trade_id)).toEqual(
      trades.slice(0, 2).map((trade) => trade.trade_id),
    );
    const after = page.headers['cb-after'] as string;
    expect(after).toBeDefined();
    expect(page.headers['cb-before']).toBeDefined();
    const older = expectSuccess(
      await publicClient.get(`/products/ETH-USD/trades?limit=2&after=${after}`),
    ) as Json[];
    expect(older.map((trade) => trade.trade_id)).toEqual([trades[2]?.trade_id]);
    expect((await publicClient.get('/products/ETH-USD/trades?limit=0')).status).toBe(400);
  });

  it('GET /products/{id}/ticker and /stats return strings', async () => {
    const ticker = expectSuccess(await publicClient.get('/products/ETH-USD/ticker')) as Json;
    expect(ticker.price).toBe('3002.00');
    expect(typeof ticker.trade_id).toBe('number');
    const stats = expectSuccess(await publicClient.get('/products/ETH-USD/stats')) as Json;
    for (const field of ['open', 'high', 'low', 'last', 'volume']) expect(typeof stats[field]).toBe('string');
    expect(stats.last).toBe('3002.00');
  });

  it('GET /products/{id}/candles: numeric rows newest first, granularities and the 300-bucket cap', async () => {
    const candles = expectSuccess(
      await publicClient.get('/products/ETH-USD/candles?granularity=60'),
    ) as number[][];
    expect(candles.length).toBeGreaterThan(0);
    const [time, low, high, open, close, volume] = candles[0] as number[];
    expect(typeof time).toBe('number');
    expect([low, high, open, close]).toEqual([3000, 3002, 3000, 3002]);
    expect(volume).toBeCloseTo(0.3, 8);
    const bad = await publicClient.get('/products/ETH-USD/candles?granularity=120');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: 'Unsupported granularity' });
    const start = '2024-01-01T00:00:00Z';
    const exactly300 = await publicClient.get(
      `/products/ETH-USD/candles?granularity=60&start=${start}&end=2024-01-01T05:00:00Z`,
    );
    expect(exactly300.status).toBe(200);
    const tooMany = await publicClient.get(
      `/products/ETH-USD/candles?granularity=60&start=${start}&end=2024-01-01T05:01:00Z`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      message:
        'granularity too small for the requested time range. Count of aggregations requested exceeds 300',
    });
    const epochSeconds = await publicClient.get(
      '/products/ETH-USD/candles?granularity=3600&start=1704067200&end=1704153600',
    );
    expect(epochSeconds.body).toEqual([]);
    expect(
      (await publicClient.get('/products/ETH-USD/candles?granularity=60&start=yesterday&end=today')).status,
    ).toBe(400);
  });
});

describe('private endpoints', () => {
  it('GET /accounts and /accounts/{id}: balance, hold and available as strings', async () => {
    const accounts = expectSuccess(await client.get('/accounts')) as Json[];
    const usd = accounts.find((account) => account.currency === 'USD') as Json;
    expect(usd.profile_id).toBe(simulator.profileId);
    for (const field of ['balance', 'hold', 'available']) expect(typeof usd[field]).toBe('string');
    expect(expectSuccess(await client.get(`/accounts/${usd.id}`))).toMatchObject({
      id: usd.id,
      currency: 'USD',
    });
    const foreign = expectSuccess(await counterparty.get('/accounts')) as Json[];
    const other = (foreign[0] as Json).id;
    expect((await client.get(`/accounts/${other}`)).status).toBe(404);
  });

  it('ledger and holds follow orders and matches', async () => {
    const accounts = expectSuccess(await client.get('/accounts')) as Json[];
    const usd = accounts.find((account) => account.currency === 'USD') as Json;
    const ledger = expectSuccess(await client.get(`/accounts/${usd.id}/ledger`)) as Json[];
    expect(ledger.map((entry) => entry.type)).toContain('match');
    expect(ledger.map((entry) => entry.type)).toContain('fee');
    const placed = expectSuccess(
      await client.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '1' }),
    ) as Json;
    const holds = expectSuccess(await client.get(`/accounts/${usd.id}/holds`)) as Json[];
    expect(holds.some((hold) => hold.ref === placed.id)).toBe(true);
    await client.delete(`/orders/${placed.id}`);
  });

  it('places, gets (by id and client:oid), lists and cancels orders', async () => {
    const clientOid = '0b9f64b8-6b53-4a3a-9d2b-9d4a3b8c1e01';
    const placed = expectSuccess(
      await client.post('/orders', {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '1000.00',
        size: '0.01',
        client_oid: clientOid,
      }),
    ) as Json;
    expect(placed).toMatchObject({
      product_id: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      price: '1000.00000000',
      size: '0.01000000',
    });
    expect(['pending', 'open']).toContain(placed.status);
    const byId = expectSuccess(await client.get(`/orders/${placed.id}`)) as Json;
    expect(byId.client_oid).toBe(clientOid);
    expect(expectSuccess(await client.get(`/orders/client:${clientOid}`))).toMatchObject({ id: placed.id });
    const open = expectSuccess(await client.get('/orders')) as Json[];
    expect(open.map((order) => order.id)).toContain(placed.id);
    const repeated = expectSuccess(
      await client.get('/orders?status=open&status=pending&product_id=BTC-USD'),
    ) as Json[];
    expect(repeated.map((order) => order.id)).toContain(placed.id);
    expect((await client.get('/orders?status=bogus')).status).toBe(400);
    const canceled = await client.delete(`/orders/${placed.id}`);
    expect(canceled.status).toBe(200);
    expect(canceled.text).toBe(JSON.stringify(placed.id));
    const again = await client.delete(`/orders/${placed.id}`);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(typeof (again.body as Json).message).toBe('string');
    const done = expectSuccess(await client.get('/orders?status=done')) as Json[];
    expect(done.map((order) => order.id)).toContain(placed.id);
  });

  it('cancels by client:oid with ccxt-style product_id BTC/USD in a JSON body', async () => {
    const clientOid = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
    const placed = expectSuccess(
      await client.post('/orders', {
        product_id: 'BTC-USD',
        side: 'buy',
        price: '1000.00',
        size: '0.01',
        client_oid: clientOid,
      }),
    ) as Json;
    const canceled = await client.delete(`/orders/client:${clientOid}`, { body: { product_id: 'BTC/USD' } });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toBe(placed.id);
  });

  it('DELETE /orders cancels all (optionally per product) and returns the ids', async () => {
    const first = expectSuccess(
      await client.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '500.00', size: '0.01' }),
    ) as Json;
    const second = expectSuccess(
      await client.post('/orders', { product_id: 'ETH-USD', side: 'buy', price: '500.00', size: '0.01' }),
    ) as Json;
    const btcOnly = expectSuccess(await client.delete('/orders', { body: { product_id: 'BTC/USD' } }));
    expect(btcOnly).toEqual([first.id]);
    expect(expectSuccess(await client.delete('/orders'))).toEqual([second.id]);
    expect(expectSuccess(await client.delete('/orders'))).toEqual([]);
  });

  it('GET /fills by order_id or product_id, with pagination headers; neither is a 400', async () => {
    const fills = expectSuccess(await client.get('/fills?product_id=ETH-USD')) as Json[];
    expect(fills).toHaveLength(3);
    for (const fill of fills) {
      expect(fill).toMatchObject({
        product_id: 'ETH-USD',
        side: 'buy',
        liquidity: 'T',
        profile_id: simulator.profileId,
      });
      expect(typeof fill.trade_id).toBe('number');
      expect(typeof fill.fee).toBe('string');
    }
    const byOrder = expectSuccess(
      await client.get(`/fills?order_id=${(fills[0] as Json).order_id}`),
    ) as Json[];
    expect(byOrder).toHaveLength(1);
    const paged = await client.get('/fills?product_id=ETH-USD&limit=1');
    expect(paged.headers['cb-after']).toBeDefined();
    const missing = await client.get('/fills');
    expect(missing.status).toBe(400);
    expect(typeof (missing.body as Json).message).toBe('string');
  });

  it('GET /fees, /users/self/verify and /profiles', async () => {
    expect(expectSuccess(await client.get('/fees'))).toMatchObject({
      maker_fee_rate: expect.any(String),
      taker_fee_rate: expect.any(String),
    });
    const user = expectSuccess(await client.get('/users/self/verify')) as Json;
    expect(user.id).toMatch(/^[0-9a-f]{24}$/);
    expect(expectSuccess(await client.get('/profiles'))).toEqual([
      expect.objectContaining({ id: simulator.profileId }),
    ]);
  });

  it('answers bad orders with 400 and Coinbase texts', async () => {
    const cases: Array<[Json, string]> = [
      [{ product_id: 'DOGE-USD', side: 'buy', price: '1.00', size: '1' }, 'Product not found'],
      [{ product_id: 'BTC-USD', side: 'buY', price: '1.00', size: '1' }, 'Invalid side buY'],
      [
        { product_id: 'BTC-USD', side: 'buy', price: '1.001', size: '1' },
        'price is too accurate. Smallest unit is 0.01000000',
      ],
      [{ product_id: 'BTC-USD', side: 'buy', price: '60000.00', size: '1000' }, 'Insufficient funds'],
    ];
    for (const [order, message] of cases) {
      const response = await client.post('/orders', order);
      expect(response.status, message).toBe(400);
      expect(response.body).toEqual({ message });
    }
    const array = await client.post('/orders', [1, 2]);
    expect(array.status).toBe(400);
  });
});
