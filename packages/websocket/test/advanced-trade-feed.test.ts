import { randomUUID } from 'node:crypto';
import { CdpJwtSigner, createCdpCredentials } from '@tradeloop/auth';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { Decimal } from 'decimal.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvancedTradeFeed,
  type AdvancedTradeFeedOptions,
  type DerivedFill,
  FeedEnvironmentRequiredError,
  ServerErrorMessageError,
} from '../src/index.js';
import { until } from './support/simulator-feed.js';

// The Advanced Trade feed against the simulator over real loopback WebSockets and HTTP: JWT
// subscribes (and their refusal), l2_data into the level-2 book, a sequence_num gap made by the
// simulator's dropped-l2-update fault and resynced, and user fills derived once across a reconnect.
let simulator: RunningSimulator;
const feeds: AdvancedTradeFeed[] = [];
const B = '/api/v3/brokerage';

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    balances: { USD: '10000000', BTC: '100', ETH: '1000' },
  });
});

afterEach(async () => {
  simulator.setFaults({});
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
});

afterAll(() => simulator.stop());

function feedFor(url: string, options: AdvancedTradeFeedOptions = {}): AdvancedTradeFeed {
  const feed = new AdvancedTradeFeed({
    url,
    credentials: createCdpCredentials(simulator.advancedTrade),
    reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0.5 },
    ...options,
  });
  feed.on('error', () => undefined); // refusals are asserted through the promises
  feeds.push(feed);
  return feed;
}

/** Advanced Trade REST over loopback with a fresh JWT per request. */
async function advancedTrade(
  key: { keyName: string; privateKey: string },
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON
): Promise<any> {
  const url = new URL(path, simulator.restUrl);
  const token = new CdpJwtSigner(createCdpCredentials(key)).signRest({
    method,
    path: url.pathname,
    host: url.host,
  });
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

function limitOrder(side: 'BUY' | 'SELL', size: string, price: string, productId = 'BTC-USD') {
  return {
    client_order_id: randomUUID(),
    product_id: productId,
    side,
    order_configuration: { limit_limit_gtc: { base_size: size, limit_price: price } },
  };
}

function sameBook(feed: AdvancedTradeFeed, productId: string): boolean {
  const book = feed.level2Book(productId);
  const exchangeBook = simulator.exchange.book(productId, 2);
  if (!book?.trusted || !exchangeBook.ok) return false;
  const depth = book.depth(1000);
  const normalise = (levels: ReadonlyArray<readonly [string, string, ...unknown[]]>) =>
    levels.map(([price, size]) => `${new Decimal(price).toFixed()}:${new Decimal(size).toFixed()}`);
  return (
    JSON.stringify(
      depth.bids.map((level) => `${new Decimal(level.price).toFixed()}:${new Decimal(level.size).toFixed()}`),
    ) === JSON.stringify(normalise(exchangeBook.value.bids)) &&
    JSON.stringify(
      depth.asks.map((level) => `${new Decimal(level.price).toFixed()}:${new Decimal(level.size).toFixed()}`),
    ) === JSON.stringify(normalise(exchangeBook.value.asks))
  );
}

describe('AdvancedTradeFeed against the simulator', () => {
  it('needs an explicit URL with credentials', () => {
    expect(
      () => new AdvancedTradeFeed({ credentials: createCdpCredentials(simulator.advancedTrade) }),
    ).toThrow(FeedEnvironmentRequiredError);
  });

  it('rejects a subscribe signed by an unknown key with the server\'s "authentication failure"', async () => {
    const stranger = simulator.createCdpKey();
    const other = startSimulator({ rateLimits: false, market: { enabled: false } });
    const foreignKey = (await other).advancedTrade; // a valid key of another simulator: unknown here
    await (await other).stop();
    expect(stranger.keyName).not.toBe(foreignKey.keyName);
    const feed = new AdvancedTradeFeed({
      url: simulator.advancedTrade.userWsUrl,
      credentials: createCdpCredentials(foreignKey),
      reconnect: false,
      heartbeats: false,
    });
    feed.on('error', () => undefined);
    feeds.push(feed);
    await feed.connect();
    const refused = await feed.subscribe('user').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ServerErrorMessageError);
    expect((refused as ServerErrorMessageError).serverMessage).toBe('authentication failure');
  });

  it("keeps the level-2 book equal to the simulator's through updates", async () => {
    const counterparty = simulator.createCdpKey({ balances: { USD: '1000000', BTC: '100' } });
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '1', '50000.00'));
    const feed = feedFor(simulator.advancedTrade.wsUrl);
    await feed.connect();
    await feed.subscribe('level2', ['BTC-USD']);
    await until(() => sameBook(feed, 'BTC-USD'), 'the snapshot');
    for (const [side, size, price] of [
      ['BUY', '0.5', '49000.00'],
      ['SELL', '0.7', '51000.00'],
      ['SELL', '0.2', '50000.00'],
    ] as const)
      await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder(side, size, price));
    await until(
      () => sameBook(feed, 'BTC-USD') && (feed.level2Book('BTC-USD')?.updatesApplied ?? 0) >= 3,
      'updates',
    );
    expect(feed.level2Book('BTC-USD')?.sizeAt('buy', '50000')).toBe('0.8');
  });

  it('detects a sequence_num gap from a dropped l2_data update, marks the book stale and resyncs it', async () => {
    const counterparty = simulator.createCdpKey({ balances: { USD: '1000000', BTC: '100' } });
    const feed = feedFor(simulator.advancedTrade.wsUrl);
    const gaps: unknown[] = [];
    const stale: unknown[] = [];
    let synced = 0;
    feed.on('gap-detected', (gap) => gaps.push(gap));
    feed.on('stale', (event) => stale.push(event));
    feed.on('book-synced', () => {
      synced += 1;
    });
    await feed.connect();
    await feed.subscribe('level2', ['BTC-USD']);
    await until(() => synced === 1, 'the first snapshot');
    simulator.setFaults({ dropL2UpdateProbability: 1 });
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.3', '48000.00'));
    simulator.setFaults({});
    // The next message (an update or a heartbeat) shows the jump.
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.4', '47000.00'));
    await until(() => gaps.length > 0 && synced >= 2, 'the gap and the resync');
    expect(stale).toContainEqual({ kind: 'book', book: 'level2', productId: 'BTC-USD', reason: 'gap' });
    await until(() => sameBook(feed, 'BTC-USD'), 'the resynced book');
    expect(feed.level2Book('BTC-USD')?.sizeAt('buy', '48000')).toBe('0.3');
  });

  it("derives each user fill exactly once across a reconnect: their sum equals the simulator's fills", async () => {
    const counterparty = simulator.createCdpKey({ balances: { USD: '1000000', ETH: '100' } });
    const placed = await advancedTrade(
      simulator.advancedTrade,
      'POST',
      `${B}/orders`,
      limitOrder('SELL', '1', '3000.00', 'ETH-USD'),
    );
    const orderId = placed.success_response.order_id as string;
    // ETH-USD: a book no other test touches, so the counterparty's buys meet this order.
    // Fill a little before the feed exists: history the first snapshot must not turn into a fill.
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.05', '3000.00', 'ETH-USD'));
    const feed = feedFor(simulator.advancedTrade.userWsUrl, {
      reconnect: { initialDelayMs: 300, maxDelayMs: 400 },
    });
    const fills: DerivedFill[] = [];
    feed.on('fill-derived', (fill) => fills.push(fill));
    let disconnected = 0;
    let resubscribed = 0;
    feed.on('disconnected', () => {
      disconnected += 1;
    });
    feed.on('resubscribed', () => {
      resubscribed += 1;
    });
    await feed.connect();
    await feed.subscribe('user');
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.2', '3000.00', 'ETH-USD'));
    await until(() => fills.length === 1, 'the first fill');
    simulator.setFaults({ dropConnectionsEverySeconds: 0.2 });
    await until(() => disconnected === 1, 'the dropped connection');
    simulator.setFaults({});
    // Filled while the feed is down: derived once, from the next snapshot's higher totals.
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.3', '3000.00', 'ETH-USD'));
    await until(() => resubscribed === 1, 'the resubscribe');
    await advancedTrade(counterparty, 'POST', `${B}/orders`, limitOrder('BUY', '0.15', '3000.00', 'ETH-USD'));
    await until(
      () => fills.reduce((sum, fill) => sum.plus(fill.size), new Decimal(0)).gte('0.65'),
      'all fills',
    );
    const history = await advancedTrade(simulator.advancedTrade, 'GET', `${B}/orders/historical/${orderId}`);
    const derivedSize = fills.reduce((sum, fill) => sum.plus(fill.size), new Decimal(0));
    const derivedValue = fills.reduce((sum, fill) => sum.plus(fill.value), new Decimal(0));
    const derivedFees = fills.reduce((sum, fill) => sum.plus(fill.fee), new Decimal(0));
    // Everything after the feed started watching: the order's totals minus the 0.05 filled before.
    expect(derivedSize.plus('0.05').toFixed()).toBe(new Decimal(history.order.filled_size).toFixed());
    expect(derivedSize.toFixed()).toBe('0.65');
    expect(derivedValue.toFixed()).toBe('1950');
    expect(fills.every((fill) => fill.price === '3000' && fill.orderId === orderId)).toBe(true);
    const fillsBefore = new Decimal(history.order.total_fees).minus(derivedFees);
    expect(fillsBefore.gte(0)).toBe(true);
  });

  it('emits ticker, market_trades, candles and status events for trades made through REST', async () => {
    const maker = simulator.createCdpKey({ balances: { ETH: '100', BTC: '100' } });
    const taker = simulator.createCdpKey({ balances: { ETH: '100', BTC: '100' } });
    // ETH-BTC: a book no other test touches.
    const feed = feedFor(simulator.advancedTrade.wsUrl);
    const seen = {
      ticker: [] as unknown[],
      trades: [] as unknown[],
      candles: [] as unknown[],
      status: [] as unknown[],
    };
    feed.on('ticker', (event) => {
      if (event.type === 'update') seen.ticker.push(...event.tickers);
    });
    feed.on('market_trades', (event) => {
      if (event.type === 'update') seen.trades.push(...event.trades);
    });
    feed.on('candles', (event) => seen.candles.push(...event.candles));
    feed.on('status', (event) => seen.status.push(...event.products));
    await feed.connect();
    await feed.subscribe('ticker', ['ETH-BTC']);
    await feed.subscribe('market_trades', ['ETH-BTC']);
    await feed.subscribe('candles', ['ETH-BTC']);
    await feed.subscribe('status', ['ETH-BTC']);
    await advancedTrade(maker, 'POST', `${B}/orders`, limitOrder('SELL', '0.1', '0.05', 'ETH-BTC'));
    await advancedTrade(taker, 'POST', `${B}/orders`, limitOrder('BUY', '0.1', '0.05', 'ETH-BTC'));
    await until(
      () => seen.ticker.length > 0 && seen.trades.length > 0 && seen.candles.length > 0,
      'the trade on every channel',
    );
    expect(seen.trades[0]).toMatchObject({ product_id: 'ETH-BTC', size: '0.1', side: 'BUY' });
    expect(new Decimal((seen.trades[0] as { price: string }).price).eq('0.05')).toBe(true);
    expect(new Decimal((seen.ticker[0] as { price: string }).price).eq('0.05')).toBe(true);
    expect(seen.candles[0]).toMatchObject({ product_id: 'ETH-BTC' });
    expect(seen.status).toContainEqual(expect.objectContaining({ id: 'ETH-BTC', status: 'online' }));
  });

  it('keeps a quiet socket alive with heartbeats (the watchdog never fires)', async () => {
    const feed = feedFor(simulator.advancedTrade.wsUrl, { watchdogTimeoutMs: 1_500, pingIntervalMs: 60_000 });
    let heartbeats = 0;
    const reasons: string[] = [];
    feed.on('heartbeats', () => {
      heartbeats += 1;
    });
    feed.on('disconnected', (event) => reasons.push(event.reason));
    await feed.connect();
    await feed.subscribe('status');
    // The control: the same quiet subscription without heartbeats is dropped by the watchdog.
    const control = feedFor(simulator.advancedTrade.wsUrl, {
      watchdogTimeoutMs: 1_500,
      pingIntervalMs: 60_000,
      heartbeats: false,
    });
    const controlReasons: string[] = [];
    control.on('disconnected', (event) => controlReasons.push(event.reason));
    await control.connect();
    await control.subscribe('status');
    await until(() => heartbeats >= 4, 'four heartbeats', 8_000);
    expect(reasons).toEqual([]);
    expect(controlReasons).toContain('watchdog-timeout');
  });
});
