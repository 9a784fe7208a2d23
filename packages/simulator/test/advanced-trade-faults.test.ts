import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient, signJwt } from './support/advanced-trade.js';
import { TestFeedClient } from './support/feed.js';
import { TestRestClient } from './support/rest.js';

// Every fault profile acting on Advanced Trade over real loopback HTTP and WebSockets: the shared
// REST pipeline and WebSocket handling inject them into both protocols, each in Advanced Trade's
// shapes.
let simulator: RunningSimulator | undefined;
let closers: Array<() => void> = [];
const B = '/api/v3/brokerage';

afterEach(async () => {
  for (const close of closers) close();
  closers = [];
  await simulator?.stop();
  simulator = undefined;
});

async function start(faults: Parameters<RunningSimulator['setFaults']>[0]) {
  simulator = await startSimulator({ rateLimits: false, market: { enabled: false }, faults });
  return {
    running: simulator,
    trader: new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade),
  };
}

function limitOrder(clientOrderId: string = randomUUID()) {
  return {
    client_order_id: clientOrderId,
    product_id: 'BTC-USD',
    side: 'BUY',
    order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '1000.00' } },
  };
}

async function openOrders(trader: AdvancedTradeTestClient): Promise<Array<Record<string, unknown>>> {
  const response = await trader.get(`${B}/orders/historical/batch?order_status=OPEN`);
  expect(response.status).toBe(200);
  return response.body.orders;
}

describe('REST faults on Advanced Trade', () => {
  it('server-errors: 500/502/503 in the {error, message} shape, the order not placed', async () => {
    const { running, trader } = await start({ serverErrorRate: 1 });
    const statuses = new Set<number>();
    for (let index = 0; index < 30; index += 1) {
      const response = await trader.post(`${B}/orders`, limitOrder());
      statuses.add(response.status);
      expect(response.body).toMatchObject({ error: 'INTERNAL', message: expect.any(String) });
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    running.setFaults('none');
    expect(await openOrders(trader)).toEqual([]);
    expect(running.faultStats().serverErrors).toBe(30);
  });

  it('server-errors: an injected 429 in Advanced Trade’s rate-limit shape, public and private', async () => {
    const { running, trader } = await start({ rateLimitErrorRate: 1 });
    const publicResponse = await trader.get(`${B}/market/products`);
    expect(publicResponse.status).toBe(429);
    expect(publicResponse.body).toMatchObject({ error: 'rate_limit_exceeded' });
    const privateResponse = await trader.post(`${B}/orders`, limitOrder());
    expect(privateResponse.status).toBe(429);
    expect(privateResponse.body).toMatchObject({ error: 'rate_limit_exceeded' });
    expect(running.faultStats().rateLimitErrors).toBe(2);
  });

  it('lost-responses: the order is placed, the client sees a reset connection or a 504', async () => {
    const { running, trader } = await start({ loseOrderResponseRate: 1 });
    const outcomes = new Set<string>();
    for (let index = 0; index < 12; index += 1) {
      try {
        const response = await trader.post(`${B}/orders`, limitOrder());
        expect(response.status).toBe(504);
        expect(response.body).toMatchObject({ error: 'INTERNAL', message: 'Gateway Timeout' });
        outcomes.add('504');
      } catch (error) {
        // fetch reports a reset socket as "fetch failed" with the socket error as its cause.
        expect(String((error as Error & { cause?: unknown }).cause)).toMatch(
          /other side closed|ECONNRESET|socket/i,
        );
        outcomes.add('reset');
      }
    }
    expect(outcomes).toEqual(new Set(['504', 'reset']));
    running.setFaults('none');
    expect(await openOrders(trader)).toHaveLength(12);
    expect(running.faultStats().lostOrderResponses).toBe(12);
  });

  it('slow: responses are held back at least half the configured delay', async () => {
    const { running, trader } = await start({ responseDelayMs: 200 });
    const started = performance.now();
    expect((await trader.get(`${B}/time`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(running.faultStats().delayedResponses).toBe(1);
  });

  it('slow-placements: POST /orders lands only after the delay; a lookup meanwhile finds nothing', async () => {
    const { running, trader } = await start({ slowPlacementRate: 1, slowPlacementDelayMs: 600 });
    const clientOrderId = randomUUID();
    const started = performance.now();
    const placing = trader.post(`${B}/orders`, limitOrder(clientOrderId));
    await new Promise((resolve) => setTimeout(resolve, 150));
    running.setFaults('none');
    expect(await openOrders(trader)).toEqual([]);
    const placed = await placing;
    expect(placed.status).toBe(200);
    expect(placed.body.success_response.client_order_id).toBe(clientOrderId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(600);
    expect((await openOrders(trader)).map((order) => order.client_order_id)).toEqual([clientOrderId]);
    expect(running.faultStats().slowPlacements).toBe(1);
  });

  it('slow-placements: a batch cancel lands only after the delay; the order stays open meanwhile', async () => {
    const { running, trader } = await start('none');
    const placed = await trader.post(`${B}/orders`, limitOrder());
    const orderId = placed.body.success_response.order_id as string;
    running.setFaults({ slowPlacementRate: 1, slowPlacementDelayMs: 600 });
    const canceling = trader.post(`${B}/orders/batch_cancel`, { order_ids: [orderId] });
    await new Promise((resolve) => setTimeout(resolve, 150));
    running.setFaults('none');
    expect((await openOrders(trader)).map((order) => order.order_id)).toEqual([orderId]);
    const canceled = await canceling;
    expect(canceled.status).toBe(200);
    expect(canceled.body.results).toEqual([expect.objectContaining({ success: true, order_id: orderId })]);
    expect(await openOrders(trader)).toEqual([]);
    expect(running.faultStats().slowPlacements).toBe(1);
  });

  it('2xx-garbage: the order is placed, the 200 carries an unreadable HTML body', async () => {
    const { running, trader } = await start({ garbageOrderResponseRate: 1 });
    const response = await trader.post(`${B}/orders`, limitOrder());
    expect(response.status).toBe(200);
    expect(response.text).toBe('<html>OK</html>');
    expect(response.contentType).toContain('text/html');
    running.setFaults('none');
    expect(await openOrders(trader)).toHaveLength(1);
    expect(running.faultStats().garbageOrderResponses).toBe(1);
  });

  it('header-echo: a 400 whose body holds the Authorization header; nothing is executed', async () => {
    const { running, trader } = await start({ headerEchoRate: 1 });
    const response = await trader.post(`${B}/orders`, limitOrder());
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'INVALID_ARGUMENT' });
    expect(response.text).toContain('Bearer ey');
    // Public routes carry no credentials: the gateway fault leaves them alone, as on Exchange.
    expect((await trader.get(`${B}/market/products`)).status).toBe(200);
    running.setFaults('none');
    expect(await openOrders(trader)).toEqual([]);
    expect(running.faultStats().echoedHeaders).toBe(1);
  });

  it('keeps the exact 401 of a bad JWT under every fault that lets the request through', async () => {
    const { trader } = await start({ responseDelayMs: 50, slowPlacementRate: 1, slowPlacementDelayMs: 50 });
    const response = await trader.post(`${B}/orders`, limitOrder(), { iss: 'someone' });
    expect(response.status).toBe(401);
    expect(response.text).toBe('Unauthorized\n');
    expect(response.contentType).toContain('text/plain');
  });
});

type FeedMessage = Record<string, unknown>;

async function connect(url: string): Promise<TestFeedClient> {
  const client = await TestFeedClient.connect(url);
  closers.push(() => client.close());
  return client;
}

/** Two Exchange keys trading with each other, so the Advanced Trade feeds have trades to carry. */
function traders(running: RunningSimulator) {
  const balances = { USD: '1000000', BTC: '100' };
  const maker = new TestRestClient(running.restUrl, running.createApiKey({ balances }));
  const taker = new TestRestClient(running.restUrl, running.createApiKey({ balances }));
  closers.push(
    () => maker.close(),
    () => taker.close(),
  );
  return {
    async trade(price: string) {
      await maker.post('/orders', { product_id: 'BTC-USD', side: 'sell', price, size: '0.01' });
      await taker.post('/orders', { product_id: 'BTC-USD', side: 'buy', price, size: '0.01' });
    },
  };
}

describe('WebSocket faults on Advanced Trade', () => {
  it('flaky-connections: market and user connections are dropped abruptly each period', async () => {
    const { running } = await start({ dropConnectionsEverySeconds: 0.2 });
    const market = await connect(running.advancedTrade.wsUrl);
    const user = await connect(running.advancedTrade.userWsUrl);
    market.send({ type: 'subscribe', channel: 'heartbeats' });
    user.send({ type: 'subscribe', channel: 'heartbeats' });
    const closes = await Promise.all([market.closed, user.closed]);
    expect(closes.map((close) => close.code)).toEqual([1006, 1006]);
    expect(running.faultStats().droppedConnections).toBeGreaterThanOrEqual(2);
  });

  it('gaps: withheld ticker and market_trades updates use up their sequence_num', async () => {
    const { running } = await start({ skipSequenceProbability: 0.5, seed: 5 });
    const client = await connect(running.advancedTrade.wsUrl);
    client.send({ type: 'subscribe', channel: 'market_trades', product_ids: ['BTC-USD'] });
    client.send({ type: 'subscribe', channel: 'ticker', product_ids: ['BTC-USD'] });
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    for (let index = 0; index < 3; index += 1)
      await client.next((message) => message.channel === 'subscriptions');
    const { trade } = traders(running);
    for (let index = 0; index < 10; index += 1) await trade(`${1000 + index}.00`);
    // 10 trades, each one market_trades and one ticker update: 20 updates sent or withheld.
    const updates = (message: FeedMessage) =>
      (message.channel === 'market_trades' || message.channel === 'ticker') &&
      (message.events as Array<{ type: string }>)[0]?.type === 'update';
    const skipped = () => running.faultStats().skippedSequences;
    // A heartbeat sent after the last trade means every update of it has been sent or withheld.
    await client.next((message) => message.channel === 'heartbeats', 3000);
    await client.next((message) => message.channel === 'heartbeats', 3000);
    const delivered = client.messages.filter(updates);
    expect(skipped()).toBeGreaterThan(0);
    expect(delivered.length + skipped()).toBe(20);
    const sequences = client.messages
      .filter((message) => typeof message.sequence_num === 'number')
      .map((message) => message.sequence_num as number);
    const last = sequences.at(-1) as number;
    // Every number up to the last is either received or one of the withheld ones: the gaps show.
    expect(last + 1 - sequences.length).toBe(skipped());
  });

  it('gaps: a withheld user update uses up its sequence_num; the next one carries the running totals', async () => {
    const { running, trader } = await start('none');
    const placed = await trader.post(`${B}/orders`, {
      ...limitOrder(),
      side: 'SELL',
      order_configuration: { limit_limit_gtc: { base_size: '0.03', limit_price: '1000.00' } },
    });
    const orderId = placed.body.success_response.order_id as string;
    const client = await connect(running.advancedTrade.userWsUrl);
    client.send({ type: 'subscribe', channel: 'user', jwt: signJwt(running.advancedTrade, undefined) });
    await client.next((message) => message.channel === 'user');
    running.setFaults({ skipSequenceProbability: 1 });
    const buyer = new TestRestClient(running.restUrl, running.createApiKey({ balances: { USD: '1000000' } }));
    closers.push(() => buyer.close());
    await buyer.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '1000.00', size: '0.01' });
    running.setFaults('none');
    await buyer.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '1000.00', size: '0.01' });
    const update = await client.next((message) => message.channel === 'user');
    const orders = (update.events as Array<{ orders: Array<Record<string, string>> }>)[0]?.orders ?? [];
    // The first fill's update was withheld: the one that arrives holds both fills.
    expect(orders.find((order) => order.order_id === orderId)).toMatchObject({ cumulative_quantity: '0.02' });
    const [snapshotNumber, updateNumber] = client.messages
      .filter((message) => message.channel === 'user')
      .map((message) => message.sequence_num as number);
    expect((updateNumber as number) - (snapshotNumber as number)).toBeGreaterThan(1);
    expect(running.faultStats().skippedSequences).toBeGreaterThan(0);
  });

  it('dropped l2 updates: the l2_data snapshot arrives, the updates leave sequence gaps', async () => {
    const { running } = await start({ dropL2UpdateProbability: 1 });
    const client = await connect(running.advancedTrade.wsUrl);
    client.send({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] });
    const snapshot = await client.next((message) => message.channel === 'l2_data');
    client.send({ type: 'subscribe', channel: 'heartbeats' });
    await client.next((message) => message.channel === 'subscriptions');
    const { trade } = traders(running);
    await trade('1000.00');
    const heartbeat = await client.next((message) => message.channel === 'heartbeats', 3000);
    expect(client.messages.filter((message) => message.channel === 'l2_data')).toEqual([snapshot]);
    expect(running.faultStats().droppedL2Updates).toBeGreaterThan(0);
    // subscriptions (0), snapshot (1), subscriptions (2), then the withheld updates' numbers.
    expect(heartbeat.sequence_num as number).toBeGreaterThan(3);
  });
});

describe('WebSocket handling shared with the Exchange feed', () => {
  it('closes an Advanced Trade client that floods the server with frames', async () => {
    const { running } = await start('none');
    const client = await connect(running.advancedTrade.wsUrl);
    for (let index = 0; index < 1100; index += 1) client.send('x');
    expect((await client.closed).code).toBe(1008);
    expect(client.messages.at(-1)).toEqual({ type: 'error', message: 'too many messages; slow down' });
  });

  it('counts both protocols against one connection limit', async () => {
    simulator = await startSimulator({
      rateLimits: false,
      market: { enabled: false },
      limits: { maxWebSocketConnections: 2 },
    });
    await connect(simulator.wsUrl);
    await connect(simulator.advancedTrade.wsUrl);
    await expect(TestFeedClient.connect(simulator.advancedTrade.userWsUrl)).rejects.toThrow(/503/);
    await expect(TestFeedClient.connect(simulator.wsUrl)).rejects.toThrow(/503/);
  });

  it('refuses binary frames in Advanced Trade’s error shape', async () => {
    const { running } = await start('none');
    const client = await connect(running.advancedTrade.wsUrl);
    client.socket.send(Buffer.from('{}'), { binary: true });
    expect(await client.next()).toEqual({ type: 'error', message: 'binary frames are not supported' });
  });
});
