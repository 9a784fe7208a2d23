import { Decimal } from 'decimal.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestRestClient } from './support/rest.js';

// Matching rules as a REST client sees them (the engine's own tests cover them in-process):
// price-time priority, maker price, post-only, IOC/FOK, market by funds, stops, self-trade
// prevention, fees and holds. Each test uses its own price band on a quiet exchange.
let simulator: RunningSimulator;
let alice: TestRestClient;
let bob: TestRestClient;
let carol: TestRestClient;

type Json = Record<string, unknown>;

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    balances: { USD: '1000000', BTC: '100' },
  });
  alice = new TestRestClient(simulator.restUrl, simulator.credentials);
  bob = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '1000000', BTC: '100' } }),
  );
  carol = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '1000000', BTC: '100' } }),
  );
});

afterEach(async () => {
  for (const client of [alice, bob, carol]) await client.delete('/orders');
});

afterAll(async () => {
  for (const client of [alice, bob, carol]) client.close();
  await simulator.stop();
});

async function place(client: TestRestClient, order: Json): Promise<Json> {
  const response = await client.post('/orders', { product_id: 'BTC-USD', ...order });
  if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
  return response.body as Json;
}

async function order(client: TestRestClient, id: unknown): Promise<Json> {
  return (await client.get(`/orders/${id}`)).body as Json;
}

interface AccountAmounts {
  balance: string;
  hold: string;
  available: string;
}

async function usd(client: TestRestClient): Promise<AccountAmounts> {
  const accounts = (await client.get('/accounts')).body as Json[];
  return accounts.find((account) => account.currency === 'USD') as unknown as AccountAmounts;
}

describe('matching over REST', () => {
  it('fills in price-time priority at the maker price, with maker and taker fees', async () => {
    const first = await place(bob, { side: 'sell', price: '50000.00', size: '0.1' });
    const second = await place(carol, { side: 'sell', price: '50000.00', size: '0.1' });
    const better = await place(carol, { side: 'sell', price: '49999.00', size: '0.1' });
    const taker = await place(alice, { side: 'buy', price: '50100.00', size: '0.15' });
    // Best price first (49999), then the older of the two orders at 50000.
    expect(await order(carol, better.id)).toMatchObject({ status: 'done', done_reason: 'filled' });
    expect(await order(bob, first.id)).toMatchObject({ status: 'open', filled_size: '0.05000000' });
    expect(await order(carol, second.id)).toMatchObject({ status: 'open', filled_size: '0.00000000' });
    const fills = (await alice.get(`/fills?order_id=${taker.id}`)).body as Json[];
    // Newest first; each at the maker's price.
    expect(fills.map((fill) => [fill.price, fill.size, fill.liquidity])).toEqual([
      ['50000.00000000', '0.05000000', 'T'],
      ['49999.00000000', '0.10000000', 'T'],
    ]);
    // Taker fee 0.6 % of 0.05 × 50000 = 15; maker fee 0.4 % of the same = 10.
    expect(fills[0]?.fee).toBe('15.0000000000000000');
    const makerFills = (await bob.get(`/fills?order_id=${first.id}`)).body as Json[];
    expect(makerFills[0]).toMatchObject({ liquidity: 'M', side: 'sell', fee: '10.0000000000000000' });
    await bob.delete('/orders');
    await carol.delete('/orders');
  });

  it('refuses a crossing post-only order with 400 Post only mode', async () => {
    await place(bob, { side: 'sell', price: '51000.00', size: '0.1' });
    const response = await alice.post('/orders', {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '51000.00',
      size: '0.1',
      post_only: true,
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'Post only mode' });
    const resting = await place(alice, { side: 'buy', price: '50900.00', size: '0.1', post_only: true });
    expect(resting.post_only).toBe(true);
    await alice.delete('/orders');
    await bob.delete('/orders');
  });

  it('IOC fills what it can and cancels the rest; FOK fills whole or not at all', async () => {
    await place(bob, { side: 'sell', price: '52000.00', size: '0.1' });
    const ioc = await place(alice, { side: 'buy', price: '52000.00', size: '0.3', time_in_force: 'IOC' });
    expect(await order(alice, ioc.id)).toMatchObject({
      status: 'done',
      done_reason: 'canceled',
      filled_size: '0.10000000',
    });
    await place(bob, { side: 'sell', price: '52000.00', size: '0.1' });
    const fok = await place(alice, { side: 'buy', price: '52000.00', size: '0.3', time_in_force: 'FOK' });
    expect(await order(alice, fok.id)).toMatchObject({ status: 'done', filled_size: '0.00000000' });
    await bob.delete('/orders');
  });

  it('market orders by funds spend at most the funds, fee included', async () => {
    await place(bob, { side: 'sell', price: '53000.00', size: '1' });
    const before = await usd(alice);
    const bought = await place(alice, { side: 'buy', type: 'market', funds: '1000.00' });
    const done = await order(alice, bought.id);
    expect(done.status).toBe('done');
    const after = await usd(alice);
    const spent = new Decimal(before.balance).minus(after.balance);
    expect(spent.greaterThan(990)).toBe(true);
    expect(spent.lessThanOrEqualTo(1000)).toBe(true);
    await bob.delete('/orders');
  });

  it('holds follow open buy orders including the fee reserve, and release on cancel', async () => {
    const before = await usd(alice);
    const resting = await place(alice, { side: 'buy', price: '10000.00', size: '1' });
    const during = await usd(alice);
    // 10000 + 0.6 % taker reserve, exactly
    expect(new Decimal(during.hold).minus(before.hold).toString()).toBe('10060');
    expect(new Decimal(during.available).equals(new Decimal(during.balance).minus(during.hold))).toBe(true);
    await alice.delete(`/orders/${resting.id}`);
    expect((await usd(alice)).hold).toBe(before.hold);
  });

  it('self-trade prevention: cn cancels the incoming order, co the resting one', async () => {
    const resting = await place(alice, { side: 'sell', price: '54000.00', size: '0.1' });
    const incoming = await place(alice, { side: 'buy', price: '54000.00', size: '0.1', stp: 'cn' });
    expect((await order(alice, incoming.id)).status).toBe('done');
    expect((await order(alice, resting.id)).status).toBe('open');
    const replacing = await place(alice, { side: 'buy', price: '54000.00', size: '0.1', stp: 'co' });
    expect((await order(alice, resting.id)).status).toBe('done');
    expect((await order(alice, replacing.id)).status).toBe('open');
    await alice.delete('/orders');
  });

  it('a stop order waits (active) and triggers when the last trade reaches its price', async () => {
    const stop = await place(alice, {
      side: 'buy',
      price: '56000.00',
      size: '0.1',
      stop: 'entry',
      stop_price: '55000.00',
    });
    expect(['active', 'pending']).toContain((await order(alice, stop.id)).status);
    await place(bob, { side: 'sell', price: '55000.00', size: '0.2' });
    await place(carol, { side: 'buy', price: '55000.00', size: '0.1' });
    expect(await order(alice, stop.id)).toMatchObject({ status: 'done', filled_size: '0.10000000' });
    await bob.delete('/orders');
  });
});
