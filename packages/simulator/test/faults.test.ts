import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestFeedClient } from './support/feed.js';
import { TestRestClient } from './support/rest.js';
import { webSocketAuthFields } from './support/signing.js';

// Each fault, injected over real HTTP and WebSocket connections, and its counter.
let simulator: RunningSimulator | undefined;
let closers: Array<() => void> = [];

afterEach(async () => {
  for (const close of closers) close();
  closers = [];
  await simulator?.stop();
  simulator = undefined;
});

async function start(options: Parameters<typeof startSimulator>[0]) {
  simulator = await startSimulator({ rateLimits: false, market: { enabled: false }, ...options });
  const client = new TestRestClient(simulator.restUrl, simulator.credentials);
  closers.push(() => client.close());
  return { running: simulator, client };
}

async function feed(running: RunningSimulator) {
  const connection = await TestFeedClient.connect(running.wsUrl);
  closers.push(() => connection.close());
  return connection;
}

const order = { product_id: 'BTC-USD', side: 'buy', price: '1000.00', size: '0.01' };

describe('REST faults', () => {
  it('server errors: 500/502/503 with a JSON message, and the request is not executed', async () => {
    const { running, client } = await start({ faults: { serverErrorRate: 1 } });
    const statuses = new Set<number>();
    for (let index = 0; index < 30; index += 1) {
      const response = await client.post('/orders', order);
      statuses.add(response.status);
      expect(typeof (response.body as { message: string }).message).toBe('string');
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(running.exchange.book('BTC-USD', 2)).toMatchObject({ ok: true, value: { bids: [] } });
    expect(running.faultStats().serverErrors).toBe(30);
  });

  it('rate-limit errors: 429 with the public or private text', async () => {
    const { running, client } = await start({ faults: { rateLimitErrorRate: 1 } });
    expect((await client.get('/products')).body).toEqual({ message: 'Public rate limit exceeded' });
    const privateResponse = await client.post('/orders', order);
    expect(privateResponse.status).toBe(429);
    expect(privateResponse.body).toEqual({ message: 'Private rate limit exceeded' });
    expect(running.exchange.book('BTC-USD', 2)).toMatchObject({ ok: true, value: { bids: [] } });
    expect(running.faultStats().rateLimitErrors).toBe(2);
  });

  it('lost responses: the order is placed, the client sees a reset connection or a 504', async () => {
    const { running, client } = await start({ faults: { loseOrderResponseRate: 1 } });
    const outcomes = new Set<string>();
    for (let index = 0; index < 12; index += 1) {
      try {
        const response = await client.post('/orders', order);
        expect(response.status).toBe(504);
        outcomes.add('504');
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toMatch(/ECONNRESET|EPIPE/);
        outcomes.add('reset');
      }
    }
    expect(outcomes).toEqual(new Set(['504', 'reset']));
    running.setFaults('none');
    const open = (await client.get('/orders?status=all')).body as unknown[];
    expect(open).toHaveLength(12);
    expect(running.faultStats().lostOrderResponses).toBe(12);
  });

  it('slow: responses are held back at least half the configured delay', async () => {
    const { running, client } = await start({ faults: { responseDelayMs: 200 } });
    const started = performance.now();
    expect((await client.get('/time')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(running.faultStats().delayedResponses).toBe(1);
  });

  it('slow placements: the order lands only after the delay; a lookup meanwhile finds nothing', async () => {
    const { running, client } = await start({
      faults: { slowPlacementRate: 1, slowPlacementDelayMs: 600 },
    });
    const clientOid = '5b1d3c52-2b4e-4a52-9c8e-0d2f1c3a4b5c';
    const started = performance.now();
    const placing = client.post('/orders', { ...order, client_oid: clientOid });
    await new Promise((resolve) => setTimeout(resolve, 150));
    running.setFaults('none');
    expect((await client.get(`/orders/client:${clientOid}`)).status).toBe(404);
    const placed = await placing;
    expect(placed.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(600);
    expect((await client.get(`/orders/client:${clientOid}`)).status).toBe(200);
    expect(running.faultStats().slowPlacements).toBe(1);
  });

  it('2xx garbage: the order is placed, the 200 carries an unreadable HTML body', async () => {
    const { running, client } = await start({ faults: { garbageOrderResponseRate: 1 } });
    const response = await client.post('/orders', order);
    expect(response.status).toBe(200);
    expect(response.text).toBe('<html>OK</html>');
    expect(response.headers['content-type']).toContain('text/html');
    running.setFaults('none');
    expect((await client.get('/orders?status=all')).body).toHaveLength(1);
    expect(running.faultStats().garbageOrderResponses).toBe(1);
  });

  it('header echo: a 400 whose body holds every request header, passphrase included; nothing is executed', async () => {
    const { running, client } = await start({ faults: 'header-echo' });
    running.setFaults({ headerEchoRate: 1 });
    const response = await client.post('/orders', order);
    expect(response.status).toBe(400);
    expect(response.text).toContain(running.credentials.passphrase);
    expect((await client.get('/products')).status).toBe(200);
    running.setFaults('none');
    expect((await client.get('/orders?status=all')).body).toHaveLength(0);
    expect(running.faultStats().echoedHeaders).toBe(1);
  });

  it('setFaults switches profiles at run time', async () => {
    const { running, client } = await start({ faults: 'server-errors' });
    running.setFaults({ serverErrorRate: 1 });
    expect((await client.get('/time')).status).toBeGreaterThanOrEqual(500);
    running.setFaults('none');
    expect((await client.get('/time')).status).toBe(200);
  });
});

describe('WebSocket faults', () => {
  it('gaps: skipped sequenced messages leave holes the counter accounts for', async () => {
    const { running, client } = await start({ faults: { skipSequenceProbability: 0.5, seed: 3 } });
    const connection = await feed(running);
    connection.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['full', 'heartbeat'],
      ...webSocketAuthFields(running.credentials),
    });
    await connection.nextOfType('subscriptions');
    for (let index = 0; index < 20; index += 1) {
      const placed = await client.post('/orders', { ...order, price: `${1000 + index}.00` });
      await client.delete(`/orders/${(placed.body as { id: string }).id}`);
    }
    const published = running.exchange.sequence('BTC-USD');
    // A heartbeat carries the latest sequence: once it has it, every full message has been sent or skipped.
    await connection.next((message) => message.type === 'heartbeat' && message.sequence === published, 3000);
    const delivered = connection.messages.filter((message) =>
      ['received', 'open', 'done'].includes(message.type as string),
    );
    const skipped = running.faultStats().skippedSequences;
    expect(skipped).toBeGreaterThan(0);
    expect(delivered.length + skipped).toBe(60);
    const sequences = delivered.map((message) => message.sequence as number);
    expect(sequences).toEqual([...sequences].sort((left, right) => left - right));
  });

  it('dropped l2updates: the snapshot arrives, the updates do not', async () => {
    const { running, client } = await start({ faults: { dropL2UpdateProbability: 1 } });
    const connection = await feed(running);
    connection.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2', 'heartbeat'],
      ...webSocketAuthFields(running.credentials),
    });
    await connection.nextOfType('snapshot');
    await client.post('/orders', order);
    await connection.nextOfType('heartbeat', 3000);
    expect(connection.messages.some((message) => message.type === 'l2update')).toBe(false);
    expect(running.faultStats().droppedL2Updates).toBe(1);
  });

  it('flaky connections: every connection is dropped abruptly each period', async () => {
    const { running } = await start({ faults: { dropConnectionsEverySeconds: 0.2 } });
    const connections = [await feed(running), await feed(running)];
    for (const connection of connections)
      connection.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    const closes = await Promise.all(connections.map((connection) => connection.closed));
    expect(closes.map((close) => close.code)).toEqual([1006, 1006]);
    expect(running.faultStats().droppedConnections).toBeGreaterThanOrEqual(2);
  });
});
