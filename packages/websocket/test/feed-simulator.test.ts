import { createExchangeCredentials } from '@tradeloop/auth';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CoinbaseFeed,
  CredentialsRequiredError,
  ListenerError,
  type PrivateOrderMessage,
  ServerErrorMessageError,
  type WebSocketError,
} from '../src/index.js';
import { feedFor, until } from './support/simulator-feed.js';

// The feed's protocol behaviour against a quiet simulator (no background market), over real
// loopback WebSockets: subscriptions, authentication, private order events, server errors.

let simulator: RunningSimulator;
let feeds: CoinbaseFeed[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ seed: 2, rateLimits: false, market: { enabled: false } });
});

afterEach(async () => {
  await Promise.all(feeds.map((feed) => feed.close()));
  feeds = [];
});

afterAll(async () => {
  await simulator.stop();
});

function track(feed: CoinbaseFeed): CoinbaseFeed {
  feeds.push(feed);
  return feed;
}

function place(request: Record<string, unknown>) {
  const caller = simulator.exchange.caller(simulator.profileId);
  const result = simulator.exchange.placeOrder(caller, { product_id: 'BTC-USD', ...request });
  if (!result.ok) throw new Error(`order refused: ${result.error.message}`);
  return result.value;
}

describe('CoinbaseFeed on the simulator', () => {
  it('subscribes with a signed message and receives typed messages on their own events', async () => {
    const feed = track(feedFor(simulator));
    const heartbeats: string[] = [];
    feed.on('heartbeat', (message) => heartbeats.push(message.product_id));
    const connected: boolean[] = [];
    feed.on('connected', (event) => connected.push(event.reconnected));
    await feed.connect();
    await feed.subscribe(['level2'], ['BTC-USD', 'ETH-USD']);
    await until(() => heartbeats.includes('BTC-USD') && heartbeats.includes('ETH-USD'), 'heartbeats');
    expect(connected).toEqual([false]);
    // level2 was refused without a valid signature, so the snapshot proves authentication worked.
    await until(() => feed.level2Book('ETH-USD')?.trusted === true, 'the ETH-USD snapshot');
    expect(feed.level2Book('BTC-USD')?.trusted).toBe(true);
  });

  it('refuses an authenticated channel without credentials before sending anything', async () => {
    const feed = track(new CoinbaseFeed({ url: simulator.wsUrl }));
    await feed.connect();
    const sent: unknown[] = [];
    feed.on('subscriptions', (message) => sent.push(message));
    for (const channel of ['full', 'user', 'level2', 'balance', 'rfq_matches'] as const) {
      expect(() => feed.subscribe([channel], ['BTC-USD'])).toThrow(CredentialsRequiredError);
    }
    try {
      feed.subscribe(['ticker', 'level2'], ['BTC-USD']);
      expect.unreachable();
    } catch (error) {
      expect((error as CredentialsRequiredError).channels).toEqual(['level2']);
      expect((error as CredentialsRequiredError).code).toBe('credentials_required');
    }
    // Public channels work without credentials, level2_batch included.
    await feed.subscribe(['ticker', 'level2_batch'], ['BTC-USD']);
    await until(() => feed.level2Book('BTC-USD')?.trusted === true, 'the level2_batch snapshot');
    expect(sent).toHaveLength(1);
  });

  it('reports a server refusal as a rejected subscribe and an error event, and does not retry it', async () => {
    const feed = track(feedFor(simulator));
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    await feed.connect();
    const refused = feed.subscribe(['ticker'], ['NOPE-USD']);
    await expect(refused).rejects.toThrow(ServerErrorMessageError);
    await expect(refused).rejects.toMatchObject({
      serverMessage: 'Failed to subscribe',
      code: 'server_error',
    });
    expect(errors.map((error) => error.code)).toEqual(['server_error']);
    // The refused subscription is forgotten: the next subscribe does not carry it.
    await feed.subscribe(['ticker'], ['BTC-USD']);
    expect(errors).toHaveLength(1);
  });

  it('reports a bad signature as authentication_failed', async () => {
    const feed = track(
      new CoinbaseFeed({
        url: simulator.wsUrl,
        credentials: createExchangeCredentials({
          apiKey: simulator.credentials.apiKey,
          apiSecret: Buffer.alloc(64, 7).toString('base64'),
          passphrase: simulator.credentials.passphrase,
        }),
      }),
    );
    await feed.connect();
    await expect(feed.subscribe(['full'], ['BTC-USD'])).rejects.toMatchObject({
      code: 'authentication_failed',
    });
  });

  it('delivers your own orders from the user channel as typed order-updated events', async () => {
    const feed = track(feedFor(simulator));
    const updates: PrivateOrderMessage[] = [];
    feed.on('order-updated', (message) => updates.push(message));
    await feed.connect();
    await feed.subscribe(['user'], ['BTC-USD']);
    const order = place({
      side: 'buy',
      price: '1000.00',
      size: '0.01',
      client_oid: '0b7f7a7e-1d3c-4f62-9a7a-5d2c1e0f1a11',
    });
    simulator.exchange.cancelOrder(simulator.exchange.caller(simulator.profileId), order.id);
    await until(() => updates.some((message) => message.type === 'done'), 'the done message');
    const mine = updates.filter((message) => 'order_id' in message && message.order_id === order.id);
    expect(mine.map((message) => message.type)).toEqual(['received', 'open', 'done']);
    for (const message of mine) expect(message.profile_id).toBe(simulator.profileId);
    const received = mine[0];
    expect(received?.type === 'received' && received.client_oid).toBe('0b7f7a7e-1d3c-4f62-9a7a-5d2c1e0f1a11');
  });

  it('keeps level-3 and level-2 books of a quiet market exact, and tells when they are ready', async () => {
    const feed = track(feedFor(simulator));
    const synced: string[] = [];
    feed.on('book-synced', (event) => synced.push(event.book));
    await feed.connect();
    await feed.subscribe(['full', 'level2'], ['BTC-USD']);
    await until(() => synced.includes('level2') && synced.includes('level3'), 'both books');
    place({ side: 'buy', price: '60000.01', size: '0.5' });
    place({ side: 'buy', price: '60000.01', size: '0.25' });
    place({ side: 'sell', price: '70000.00', size: '1.5' });
    await until(
      () => feed.level3Book('BTC-USD')?.sequence === simulator.exchange.sequence('BTC-USD'),
      'the stream',
    );
    await new Promise((resolve) => feed.once('heartbeat', resolve));
    const level3 = feed.level3Book('BTC-USD');
    expect(level3?.bestBid()).toMatchObject({ price: '60000.01', orderCount: 2 });
    expect(level3?.bestBid()?.size).toBe('0.75');
    expect(feed.level2Book('BTC-USD')?.bestBid()).toEqual({ price: '60000.01', size: '0.75000000' });
    expect(feed.level2Book('BTC-USD')?.spread()?.toFixed()).toBe('9999.99');
    expect(level3?.mid()?.toFixed()).toBe('65000.005');
  });

  it('keeps running when a listener throws, and reports it', async () => {
    const feed = track(feedFor(simulator));
    const errors: WebSocketError[] = [];
    feed.on('error', (error) => errors.push(error));
    let heartbeats = 0;
    feed.on('heartbeat', () => {
      heartbeats += 1;
      throw new Error('a bug in the bot');
    });
    await feed.connect();
    await feed.subscribe(['ticker'], ['BTC-USD']);
    await until(() => heartbeats >= 2, 'two heartbeats', 4_000);
    expect(errors[0]).toBeInstanceOf(ListenerError);
    expect((errors[0] as ListenerError).event).toBe('heartbeat');
    expect(feed.state).toBe('open');
  });

  it('unsubscribes: books become stale (unsubscribed) and are dropped', async () => {
    const feed = track(feedFor(simulator));
    await feed.connect();
    await feed.subscribe(['level2'], ['BTC-USD']);
    await until(() => feed.level2Book('BTC-USD')?.trusted === true, 'the snapshot');
    const book = feed.level2Book('BTC-USD');
    await feed.unsubscribe(['level2']);
    expect(book?.staleReason).toBe('unsubscribed');
    expect(feed.level2Book('BTC-USD')).toBeUndefined();
  });

  it('keeps the level-2 book that level2_batch still feeds when a level2 subscribe is refused', async () => {
    const feed = track(feedFor(simulator));
    await feed.connect();
    await feed.subscribe(['level2_batch'], ['BTC-USD']);
    await until(() => feed.level2Book('BTC-USD')?.trusted === true, 'the level2_batch snapshot');
    const book = feed.level2Book('BTC-USD');
    // NOPE-USD makes the server refuse the whole level2 request; BTC-USD stays on level2_batch.
    await expect(feed.subscribe(['level2'], ['BTC-USD', 'NOPE-USD'])).rejects.toThrow(
      ServerErrorMessageError,
    );
    expect(feed.level2Book('BTC-USD')).toBe(book);
    expect(book?.trusted).toBe(true);
    expect(feed.level2Book('NOPE-USD')).toBeUndefined();
  });

  it('rejects with FeedClosedError after close, and subscribing after close throws', async () => {
    const feed = track(feedFor(simulator));
    await feed.connect();
    await feed.close();
    expect(feed.state).toBe('closed');
    await expect(feed.connect()).rejects.toMatchObject({ code: 'feed_closed' });
    expect(() => feed.subscribe(['ticker'], ['BTC-USD'])).toThrow(/closed/);
  });
});
