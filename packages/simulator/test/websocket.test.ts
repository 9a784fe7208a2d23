import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestFeedClient } from './support/feed.js';
import { TestRestClient } from './support/rest.js';
import { webSocketAuthFields } from './support/signing.js';

// The WebSocket feed over real loopback connections against a quiet simulator (no background
// market): the subscribe protocol, authentication, and every channel, driven by REST orders.
let simulator: RunningSimulator;
let trader: TestRestClient;
let counterparty: TestRestClient;
let counterpartyKey: ReturnType<RunningSimulator['createApiKey']>;
let feeds: TestFeedClient[] = [];

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    subscribeTimeoutMs: 300,
  });
  trader = new TestRestClient(simulator.restUrl, simulator.credentials);
  counterpartyKey = simulator.createApiKey({ balances: { USD: '100000', BTC: '10', ETH: '100' } });
  counterparty = new TestRestClient(simulator.restUrl, counterpartyKey);
});

afterEach(() => {
  for (const feed of feeds) feed.close();
  feeds = [];
});

afterAll(async () => {
  trader.close();
  counterparty.close();
  await simulator.stop();
});

async function connect(path = '', options?: ConstructorParameters<typeof import('ws').WebSocket>[2]) {
  const feed = await TestFeedClient.connect(`${simulator.wsUrl}${path}`, options);
  feeds.push(feed);
  return feed;
}

const authed = () => webSocketAuthFields(simulator.credentials);

describe('connection', () => {
  it.each(['', '/', '/?', '/?foo=bar'])('accepts the upgrade on %j', async (path) => {
    const feed = await connect(path);
    feed.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    expect(await feed.nextOfType('subscriptions')).toEqual({
      type: 'subscriptions',
      channels: [{ name: 'heartbeat', product_ids: ['BTC-USD'] }],
    });
  });

  it('closes a connection that does not subscribe in time', async () => {
    const feed = await connect();
    const closed = await feed.closed;
    expect(closed.code).toBe(1000);
  });

  it('answers protocol pings and negotiates permessage-deflate when offered', async () => {
    const feed = await connect();
    expect(feed.socket.extensions).toContain('permessage-deflate');
    const pong = new Promise<string>((resolve) =>
      feed.socket.once('pong', (data) => resolve(data.toString())),
    );
    feed.socket.ping('are-you-there');
    expect(await pong).toBe('are-you-there');
    const plain = await connect('', { perMessageDeflate: false });
    expect(plain.socket.extensions).toBe('');
  });
});

describe('subscribe protocol', () => {
  it('merges root product_ids into string and object channels, and accumulates', async () => {
    const feed = await connect();
    feed.send({
      type: 'subscribe',
      product_ids: ['ETH-USD'],
      channels: ['heartbeat', { name: 'ticker', product_ids: ['ETH-BTC'] }],
    });
    expect(await feed.nextOfType('subscriptions')).toEqual({
      type: 'subscriptions',
      channels: [
        { name: 'heartbeat', product_ids: ['ETH-USD'] },
        { name: 'ticker', product_ids: ['ETH-BTC', 'ETH-USD'] },
      ],
    });
    feed.send({ type: 'subscribe', channels: [{ name: 'heartbeat', product_ids: ['BTC-USD'] }, 'status'] });
    expect((await feed.nextOfType('subscriptions')).channels).toEqual([
      { name: 'heartbeat', product_ids: ['ETH-USD', 'BTC-USD'] },
      { name: 'ticker', product_ids: ['ETH-BTC', 'ETH-USD'] },
      { name: 'status', product_ids: [] },
    ]);
    feed.send({ type: 'unsubscribe', channels: ['heartbeat', { name: 'ticker', product_ids: ['ETH-BTC'] }] });
    expect((await feed.nextOfType('subscriptions')).channels).toEqual([
      { name: 'ticker', product_ids: ['ETH-USD'] },
      { name: 'status', product_ids: [] },
    ]);
  });

  it.each([
    [{ type: 'subscribe', product_ids: ['BTC-USD'] }, 'Failed to subscribe', 'No channels provided'],
    [
      { type: 'subscribe', channels: ['heartbeat'] },
      'Failed to subscribe',
      'You need to specify at least one product ID for channel heartbeat',
    ],
    [
      { type: 'subscribe', product_ids: ['DOGE-USD'], channels: ['ticker'] },
      'Failed to subscribe',
      'DOGE-USD is not a valid product',
    ],
    [{ type: 'unsubscribe' }, 'Failed to unsubscribe', 'No channels provided'],
    [
      { type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2'] },
      'Failed to subscribe',
      'level2, level3, and full channels now require authentication. https://docs.cloud.coinbase.com/exchange/docs/websocket-auth',
    ],
    [
      {
        type: 'subscribe',
        product_ids: ['BTC-USD'],
        channels: ['full'],
        key: '',
        passphrase: '',
        timestamp: '',
        signature: '',
      },
      'Failed to subscribe',
      'level2, level3, and full channels now require authentication. https://docs.cloud.coinbase.com/exchange/docs/websocket-auth',
    ],
  ])('answers %j with an error', async (message, text, reason) => {
    const feed = await connect();
    feed.send(message);
    expect(await feed.nextOfType('error')).toEqual({ type: 'error', message: text, reason });
  });

  it('answers garbage frames with errors and keeps the connection', async () => {
    const feed = await connect();
    feed.send('{"type": "subscr');
    expect(await feed.nextOfType('error')).toMatchObject({ message: 'Malformed JSON' });
    feed.socket.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    expect(await feed.nextOfType('error')).toMatchObject({ message: 'Malformed JSON' });
    feed.send({ type: 'ping' });
    expect(await feed.nextOfType('error')).toMatchObject({ message: 'Unsupported message type' });
    feed.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    expect(await feed.nextOfType('subscriptions')).toBeDefined();
  });

  it('closes a client that floods the server with frames (ErrSlowRead)', async () => {
    const flooding = await startSimulator({ market: { enabled: false } });
    const feed = await TestFeedClient.connect(flooding.wsUrl);
    feeds.push(feed);
    try {
      for (let index = 0; index < 1100; index += 1) feed.send('x');
      expect((await feed.closed).code).toBe(1008);
      expect(feed.messages.at(-1)).toMatchObject({ type: 'error', message: 'ErrSlowRead' });
    } finally {
      await flooding.stop();
    }
  });

  it('limits inbound frames even with rate limits off', async () => {
    const flooding = await startSimulator({ market: { enabled: false }, rateLimits: false });
    const feed = await TestFeedClient.connect(flooding.wsUrl);
    feeds.push(feed);
    try {
      for (let index = 0; index < 1100; index += 1) feed.send('x');
      expect((await feed.closed).code).toBe(1008);
    } finally {
      await flooding.stop();
    }
  });

  it('closes with 1009 on a frame above the size limit', async () => {
    const feed = await connect();
    feed.send({ type: 'subscribe', channels: ['heartbeat'], product_ids: ['x'.repeat(70 * 1024)] });
    expect((await feed.closed).code).toBe(1009);
  });
});

describe('authentication on subscribe', () => {
  it.each([
    ['an integer number', Math.floor(Date.now() / 1000)],
    ['a decimal number', Number((Date.now() / 1000).toFixed(3))],
    ['a string', String(Math.floor(Date.now() / 1000))],
    ['a decimal string', (Date.now() / 1000).toFixed(6)],
  ])('accepts the timestamp as %s', async (_, timestamp) => {
    const feed = await connect();
    feed.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2'],
      ...webSocketAuthFields(simulator.credentials, timestamp),
    });
    expect(await feed.nextOfType('subscriptions')).toBeDefined();
    expect(await feed.nextOfType('snapshot')).toMatchObject({ product_id: 'BTC-USD' });
  });

  it('verifies a number timestamp against its raw JSON text (as a Python client formats it)', async () => {
    const feed = await connect();
    const seconds = Math.floor(Date.now() / 1000);
    const fields = webSocketAuthFields(simulator.credentials, `${seconds}.50`);
    const raw = JSON.stringify({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['full'],
      ...fields,
      timestamp: 0,
    }).replace('"timestamp":0', `"timestamp":${seconds}.50`);
    feed.send(raw);
    expect(await feed.nextOfType('subscriptions')).toBeDefined();
  });

  it('answers bad credentials with "Authentication Failed" and the REST message as reason', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: 'f'.repeat(32) }, 'Invalid API Key'],
      [{ passphrase: 'wrong' }, 'Invalid Passphrase'],
      [{ signature: 'AAAA' }, 'invalid signature'],
      [{ timestamp: Math.floor(Date.now() / 1000) - 60 }, 'request timestamp expired'],
    ];
    for (const [override, message] of cases) {
      const feed = await connect();
      feed.send({
        type: 'subscribe',
        product_ids: ['BTC-USD'],
        channels: ['full'],
        ...authed(),
        ...override,
      });
      expect(await feed.nextOfType('error')).toEqual({
        type: 'error',
        message: 'Authentication Failed',
        reason: JSON.stringify({ message }),
      });
    }
  });

  it('treats an empty key as anonymous (bennycode attaches empty auth fields)', async () => {
    const feed = await connect();
    feed.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2_batch'],
      key: '',
      passphrase: '',
      timestamp: Date.now() / 1000,
      signature: 'whatever',
    });
    expect(await feed.nextOfType('subscriptions')).toBeDefined();
    expect(await feed.nextOfType('snapshot')).toMatchObject({ product_id: 'BTC-USD' });
  });
});

describe('channels', () => {
  it('heartbeat: once a second per product, with the current sequence and last trade id', async () => {
    const feed = await connect();
    feed.send({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['heartbeat'] });
    const first = await feed.nextOfType('heartbeat', 3000);
    const second = await feed.nextOfType('heartbeat', 3000);
    expect(new Set([first.product_id, second.product_id])).toEqual(new Set(['BTC-USD', 'ETH-USD']));
    for (const heartbeat of [first, second]) {
      expect(heartbeat.sequence).toBe(simulator.exchange.sequence(heartbeat.product_id as string));
      expect(typeof heartbeat.last_trade_id).toBe('number');
      expect(heartbeat.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
  });

  it('status: the product and currency catalog on subscribe', async () => {
    const feed = await connect();
    feed.send({ type: 'subscribe', channels: ['status'] });
    const status = await feed.nextOfType('status');
    expect((status.products as Array<{ id: string }>).map((product) => product.id)).toEqual([
      'BTC-USD',
      'ETH-USD',
      'ETH-BTC',
    ]);
    expect((status.currencies as Array<{ id: string }>).map((currency) => currency.id).sort()).toEqual([
      'BTC',
      'ETH',
      'USD',
    ]);
  });

  it('level2: snapshot, then l2update for every change; matches: last_match first; ticker after a match', async () => {
    await counterparty.post('/orders', { product_id: 'ETH-BTC', side: 'sell', price: '0.05000', size: '1' });
    await trader.post('/orders', { product_id: 'ETH-BTC', side: 'buy', type: 'market', size: '0.5' });
    const feed = await connect();
    feed.send({
      type: 'subscribe',
      product_ids: ['ETH-BTC'],
      channels: ['level2', 'matches', 'ticker'],
      ...authed(),
    });
    expect(await feed.nextOfType('subscriptions')).toBeDefined();
    expect(await feed.nextOfType('snapshot')).toMatchObject({
      product_id: 'ETH-BTC',
      bids: [],
      asks: [['0.05000', '0.50000000']],
    });
    const lastMatch = await feed.nextOfType('last_match');
    expect(lastMatch).toMatchObject({
      product_id: 'ETH-BTC',
      price: '0.05000',
      size: '0.50000000',
      side: 'sell',
    });
    expect(await feed.nextOfType('ticker')).toMatchObject({ product_id: 'ETH-BTC', price: '0.05000' });

    await trader.post('/orders', { product_id: 'ETH-BTC', side: 'buy', price: '0.04000', size: '0.25' });
    expect(await feed.nextOfType('l2update')).toMatchObject({
      product_id: 'ETH-BTC',
      changes: [['buy', '0.04000', '0.25000000']],
    });
    await trader.post('/orders', { product_id: 'ETH-BTC', side: 'buy', type: 'market', size: '0.5' });
    const match = await feed.nextOfType('match');
    expect(match).toMatchObject({
      product_id: 'ETH-BTC',
      size: '0.50000000',
      side: 'sell',
      trade_id: (lastMatch.trade_id as number) + 1,
    });
    expect(match.sequence as number).toBeGreaterThan(lastMatch.sequence as number);
    // This connection authenticated as the taker: it sees the taker's private fields.
    expect(match).toMatchObject({ taker_profile_id: simulator.profileId, profile_id: simulator.profileId });
    expect(match.taker_fee_rate).toEqual(expect.any(String));
    expect(match).not.toHaveProperty('maker_fee_rate');
    expect(await feed.nextOfType('l2update')).toMatchObject({ changes: [['sell', '0.05000', '0.00000000']] });
    expect(await feed.nextOfType('ticker')).toMatchObject({ trade_id: match.trade_id, best_bid: '0.04000' });
    await trader.delete('/orders?product_id=ETH-BTC');
  });

  it('level2_batch: snapshot, then merged l2updates without auth', async () => {
    const feed = await connect();
    feed.send({ type: 'subscribe', product_ids: ['ETH-USD'], channels: ['level2_50'] });
    expect((await feed.nextOfType('subscriptions')).channels).toEqual([
      { name: 'level2_batch', product_ids: ['ETH-USD'] },
    ]);
    await feed.nextOfType('snapshot');
    // Two changes in one synchronous step cannot straddle a 50 ms batch: they must arrive merged.
    const exchange = simulator.exchange;
    const caller = exchange.caller(simulator.profileId);
    exchange.placeOrder(caller, { product_id: 'ETH-USD', side: 'buy', price: '100.00', size: '0.1' });
    exchange.placeOrder(caller, { product_id: 'ETH-USD', side: 'buy', price: '100.00', size: '0.2' });
    const update = await feed.nextOfType('l2update');
    expect(update.changes).toEqual([['buy', '100.00', '0.30000000']]);
    await trader.delete('/orders?product_id=ETH-USD');
  });

  it('full: every order message with per-product sequences +1; user: only own orders with private fields', async () => {
    const watcher = await connect();
    watcher.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['full'],
      ...webSocketAuthFields(counterpartyKey),
    });
    await watcher.nextOfType('subscriptions');
    const mine = await connect();
    mine.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['user'], ...authed() });
    await mine.nextOfType('subscriptions');

    const clientOid = '5f0e4c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6';
    const placed = await trader.post('/orders', {
      product_id: 'BTC-USD',
      side: 'buy',
      price: '1000.00',
      size: '0.01',
      client_oid: clientOid,
    });
    const orderId = (placed.body as { id: string }).id;
    await counterparty.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '999.00', size: '0.01' });
    await trader.delete(`/orders/${orderId}`);

    const received = await watcher.nextOfType('received');
    const open = await watcher.nextOfType('open');
    expect(received).toMatchObject({ order_id: orderId, order_type: 'limit', side: 'buy', price: '1000.00' });
    // Another user's client_oid and ids are private.
    expect(received).not.toHaveProperty('client_oid');
    expect(received).not.toHaveProperty('profile_id');
    expect(open).toMatchObject({ order_id: orderId, remaining_size: '0.01000000' });
    expect(open.sequence).toBe((received.sequence as number) + 1);
    const othersReceived = await watcher.nextOfType('received');
    expect(othersReceived.profile_id).toBe(counterpartyKey.profileId);
    await watcher.nextOfType('open');
    const done = await watcher.nextOfType('done');
    expect(done).toMatchObject({ order_id: orderId, reason: 'canceled' });
    expect(done.sequence).toBe((othersReceived.sequence as number) + 2);

    const ownReceived = await mine.nextOfType('received');
    expect(ownReceived).toMatchObject({
      order_id: orderId,
      client_oid: clientOid,
      profile_id: simulator.profileId,
    });
    expect(ownReceived.sequence).toBe(received.sequence);
    expect(await mine.nextOfType('open')).toMatchObject({
      order_id: orderId,
      profile_id: simulator.profileId,
    });
    const ownDone = await mine.nextOfType('done');
    expect(ownDone).toMatchObject({ order_id: orderId, reason: 'canceled' });
    // Nothing of the counterparty's order reached the user channel.
    expect(
      mine.messages.some((message) => message.order_id !== undefined && message.order_id !== orderId),
    ).toBe(false);
  });

  it('user: the maker sees maker fields on a match', async () => {
    const makerFeed = await connect();
    makerFeed.send({
      type: 'subscribe',
      product_ids: ['ETH-USD'],
      channels: ['user'],
      ...webSocketAuthFields(counterpartyKey),
    });
    await makerFeed.nextOfType('subscriptions');
    await counterparty.post('/orders', {
      product_id: 'ETH-USD',
      side: 'sell',
      price: '3100.00',
      size: '0.1',
    });
    await trader.post('/orders', { product_id: 'ETH-USD', side: 'buy', type: 'market', size: '0.1' });
    const match = await makerFeed.nextOfType('match');
    expect(match).toMatchObject({
      maker_profile_id: counterpartyKey.profileId,
      profile_id: counterpartyKey.profileId,
    });
    expect(match.maker_fee_rate).toEqual(expect.any(String));
    expect(match).not.toHaveProperty('taker_fee_rate');
  });
});
