import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient, signJwt } from './support/advanced-trade.js';
import { TestFeedClient } from './support/feed.js';
import { TestRestClient } from './support/rest.js';

// The Advanced Trade WebSocket over real loopback: JWT-checked subscribes, l2_data snapshots and
// updates, the per-connection sequence_num, heartbeats, and the user channel's cumulative totals
// for orders placed through either protocol.
let simulator: RunningSimulator;
let trader: AdvancedTradeTestClient;
let counterparty: TestRestClient;
const clients: TestFeedClient[] = [];
const B = '/api/v3/brokerage';

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    balances: { USD: '1000000', BTC: '100' },
  });
  trader = new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade);
  counterparty = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '1000000', BTC: '100' } }),
  );
});

afterAll(async () => {
  for (const client of clients) client.socket.terminate();
  counterparty.close();
  await simulator.stop();
});

async function connect(url = simulator.advancedTrade.wsUrl): Promise<TestFeedClient> {
  const client = await TestFeedClient.connect(url);
  clients.push(client);
  return client;
}

function jwt(overrides = {}): string {
  return signJwt(simulator.advancedTrade, undefined, overrides);
}

describe('Advanced Trade WebSocket', () => {
  it('refuses a subscribe with a bad JWT, and user without one, with "authentication failure"', async () => {
    const client = await connect();
    client.send({
      type: 'subscribe',
      channel: 'level2',
      product_ids: ['BTC-USD'],
      jwt: jwt({ iss: 'someone' }),
    });
    expect(await client.next()).toEqual({ type: 'error', message: 'authentication failure' });
    const expired = Math.floor(Date.now() / 1000) - 600;
    client.send({ type: 'subscribe', channel: 'user', jwt: jwt({ nbf: expired, exp: expired + 120 }) });
    expect(await client.next()).toEqual({ type: 'error', message: 'authentication failure' });
    client.send({ type: 'subscribe', channel: 'user' });
    expect(await client.next()).toEqual({ type: 'error', message: 'authentication failure' });
    client.send({ type: 'subscribe', channel: 'level2' });
    expect((await client.next()).type).toBe('error');
  });

  it('sends an l2_data snapshot equal to the REST book, then absolute updates, sequence_num +1 per message', async () => {
    await counterparty.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '50000.00', size: '1' });
    const client = await connect();
    client.send({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'], jwt: jwt() });
    const subscriptions = await client.next();
    expect(subscriptions).toMatchObject({ channel: 'subscriptions', sequence_num: 0 });
    const snapshot = await client.next();
    expect(snapshot).toMatchObject({ channel: 'l2_data', sequence_num: 1 });
    const event = (snapshot.events as Array<Record<string, unknown>>)[0] as {
      type: string;
      updates: Array<{ side: string; price_level: string; new_quantity: string }>;
    };
    expect(event.type).toBe('snapshot');
    const book = (await trader.get(`${B}/product_book?product_id=BTC-USD&limit=1000`)).body.pricebook;
    const bids = event.updates.filter((update) => update.side === 'bid');
    expect(bids.map((update) => [update.price_level, update.new_quantity])).toEqual(
      book.bids.map((level: { price: string; size: string }) => [level.price, level.size]),
    );
    await counterparty.post('/orders', {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '49000.00',
      size: '0.5',
    });
    const update = await client.next((message) => message.channel === 'l2_data');
    expect(update.sequence_num).toBe(2);
    const [change] =
      (update.events as Array<{ type: string; updates: Array<Record<string, string>> }>)[0]?.updates ?? [];
    expect(change).toMatchObject({ side: 'bid', new_quantity: '0.5' });
    expect(new Decimal(change?.price_level ?? '0').eq(49000)).toBe(true);
  });

  it('keeps a quiet socket open with heartbeats carrying a rising counter', async () => {
    const client = await connect();
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    await client.next((message) => message.channel === 'subscriptions');
    const first = await client.next((message) => message.channel === 'heartbeats');
    const second = await client.next((message) => message.channel === 'heartbeats');
    const counter = (message: Record<string, unknown>) =>
      (message.events as Array<{ heartbeat_counter: number }>)[0]?.heartbeat_counter ?? 0;
    expect(counter(second)).toBe(counter(first) + 1);
  });

  it('user: snapshot of open orders, then updates with cumulative quantities across protocols', async () => {
    const placed = await trader.post(`${B}/orders`, {
      client_order_id: randomUUID(),
      product_id: 'BTC-USD',
      side: 'SELL',
      order_configuration: { limit_limit_gtc: { base_size: '0.3', limit_price: '70000.00' } },
    });
    const orderId = placed.body.success_response.order_id as string;
    const client = await connect(simulator.advancedTrade.userWsUrl);
    client.send({ type: 'subscribe', channel: 'user', jwt: jwt() });
    await client.next((message) => message.channel === 'subscriptions');
    const snapshot = await client.next((message) => message.channel === 'user');
    const snapshotEvent = (
      snapshot.events as Array<{ type: string; orders: Array<Record<string, string>> }>
    )[0];
    expect(snapshotEvent?.type).toBe('snapshot');
    expect(snapshotEvent?.orders.find((order) => order.order_id === orderId)).toMatchObject({
      status: 'OPEN',
      cumulative_quantity: '0',
      leaves_quantity: '0.3',
    });
    await counterparty.post('/orders', {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '70000.00',
      size: '0.1',
    });
    const filled = await client.next(
      (message) =>
        message.channel === 'user' &&
        (message.events as Array<{ orders: Array<Record<string, string>> }>)[0]?.orders.some(
          (order) => order.order_id === orderId && order.cumulative_quantity !== '0',
        ) === true,
    );
    const order = (filled.events as Array<{ type: string; orders: Array<Record<string, string>> }>)[0];
    expect(order?.type).toBe('update');
    expect(order?.orders[0]).toMatchObject({
      cumulative_quantity: '0.1',
      leaves_quantity: '0.2',
      filled_value: '7000',
    });
  });

  it('user: sends a snapshot of many open orders in batches of 50', async () => {
    const key = simulator.createCdpKey({ balances: { USD: '1000000', BTC: '100' } });
    const owner = new AdvancedTradeTestClient(simulator.restUrl, key);
    for (let index = 0; index < 60; index += 1) {
      const placed = await owner.post(`${B}/orders`, {
        client_order_id: randomUUID(),
        product_id: 'BTC-USD',
        side: 'SELL',
        order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: `${90000 + index}.00` } },
      });
      expect(placed.body.success).toBe(true);
    }
    const client = await connect(simulator.advancedTrade.userWsUrl);
    client.send({ type: 'subscribe', channel: 'user', jwt: signJwt(key, undefined) });
    await client.next((message) => message.channel === 'subscriptions');
    const sizes: number[] = [];
    for (let batch = 0; batch < 2; batch += 1) {
      const message = await client.next((candidate) => candidate.channel === 'user');
      const event = (message.events as Array<{ type: string; orders: unknown[] }>)[0];
      expect(event?.type).toBe('snapshot');
      sizes.push(event?.orders.length ?? 0);
    }
    expect(sizes).toEqual([50, 10]);
  });

  it('serves only heartbeats and user on the user endpoint', async () => {
    const client = await connect(simulator.advancedTrade.userWsUrl);
    client.send({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] });
    expect((await client.next()).type).toBe('error');
  });
});
