import net from 'node:net';
import { createCdpCredentials } from '@tradeloop/auth';
import { sleep, systemClock } from '@tradeloop/clock';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import {
  type ClientOrderId,
  clientOrderId,
  ExactDecimal,
  type Fill,
  type OrderReport,
  type OrderRequest,
  productId,
  type VenueEvent,
  VenueRejectedError,
} from '@tradeloop/strategy-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdvancedTradeEnvironmentRequiredError, InvalidFillCursorError } from '../errors.js';
import { type AdvancedTradeVenue, createAdvancedTradeVenue } from './advanced-trade-venue.js';

let sim: RunningSimulator;
let venue: AdvancedTradeVenue;
const events: VenueEvent[] = [];
const btcUsd = productId('BTC-USD');
let sequence = 0;
function nextClientOrderId() {
  sequence += 1;
  return clientOrderId(`00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`);
}

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 5,
    rateLimits: false,
    market: { enabled: true, speed: 5 },
    balances: { USD: '100000', BTC: '10' },
  });
  venue = createAdvancedTradeVenue({
    credentials: createCdpCredentials(sim.advancedTrade),
    ...sim.advancedTrade,
    rest: { rateLimit: false },
  });
  await venue.subscribe({ productIds: [btcUsd], ticker: true, trades: true, book: true }, (event) =>
    events.push(event),
  );
});

afterAll(async () => {
  await venue?.close();
  await sim?.stop();
});

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(systemClock, 20);
  }
}

/** A post-only buy far below the market: it rests. */
const restingBuy = (id: ClientOrderId): OrderRequest => ({
  clientOrderId: id,
  productId: btcUsd,
  side: 'buy',
  type: 'limit',
  size: new ExactDecimal('0.01'),
  price: new ExactDecimal('1000'),
  postOnly: true,
});

const fillsOf = (orderId: string) =>
  events.flatMap((event) => (event.type === 'fill' && event.fill.orderId === orderId ? [event.fill] : []));
const reportsOf = (orderId: string) =>
  events.flatMap((event) =>
    event.type === 'order-report' && event.report.orderId === orderId ? [event.report] : [],
  );

describe('AdvancedTradeVenue against the simulator (Advanced Trade protocol over loopback)', () => {
  it('reads product rules from Advanced Trade products (increments, minimum notional)', async () => {
    const rules = await venue.products();
    const btc = rules.find((rule) => rule.id === btcUsd);
    const product = await venue.client.getProduct('BTC-USD');
    expect(btc).toBeDefined();
    expect(btc?.baseIncrement.toFixed()).toBe(new ExactDecimal(product.base_increment).toFixed());
    expect(btc?.quoteIncrement.toFixed()).toBe(new ExactDecimal(product.price_increment).toFixed());
    expect(btc?.minMarketFunds.toFixed()).toBe(new ExactDecimal(product.quote_min_size).toFixed());
    expect(btc).toMatchObject({ baseCurrency: 'BTC', quoteCurrency: 'USD', status: 'online' });
  });

  it('reads balances and fee rates', async () => {
    const balances = await venue.balances();
    const usd = balances.find((balance) => balance.currency === 'USD');
    expect(usd?.total.toFixed()).toBe(usd?.available.plus(usd.hold).toFixed());
    expect(usd?.total.gt(0)).toBe(true);
    const fees = await venue.feeRates();
    expect(fees.taker.gte(fees.maker)).toBe(true);
  });

  it('streams market data from the market endpoint: ticker, public trades, a trusted book', async () => {
    await until(() => events.find((event) => event.type === 'book'), 'a book');
    await until(() => events.find((event) => event.type === 'ticker'), 'a ticker');
    await until(() => events.find((event) => event.type === 'trade'), 'a public trade', 10_000);
    const tradeIds = events.flatMap((event) => (event.type === 'trade' ? [event.trade.tradeId] : []));
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    const book = events.findLast((event) => event.type === 'book');
    if (book?.type !== 'book') throw new Error('no book');
    const bid = book.book.bestBid();
    const ask = book.book.bestAsk();
    expect(bid !== undefined && ask !== undefined && bid.price.lt(ask.price)).toBe(true);
  });

  it('places a resting limit order, finds it open and by client order id, cancels it', async () => {
    const id = nextClientOrderId();
    const placed = await venue.placeOrder(restingBuy(id));
    expect(placed).toMatchObject({ clientOrderId: id, status: 'pending', source: 'rest' });
    const open = await venue.openOrders(btcUsd);
    expect(open.find((report) => report.clientOrderId === id)).toMatchObject({
      orderId: placed.orderId,
      status: 'open',
      type: 'limit',
    });
    expect(await venue.orderByClientId(id, btcUsd)).toMatchObject({
      orderId: placed.orderId,
      status: 'open',
    });
    await until(
      () => reportsOf(placed.orderId).find((report) => report.status === 'open'),
      'the user channel reporting it open',
    );
    await venue.cancelOrder({ clientOrderId: id, orderId: undefined, productId: btcUsd });
    expect(await venue.orderByClientId(id, btcUsd)).toMatchObject({ status: 'canceled' });
    await until(
      () => reportsOf(placed.orderId).find((report) => report.status === 'canceled'),
      'the user channel reporting it canceled',
    );
    const again = await venue
      .cancelOrder({ clientOrderId: id, orderId: placed.orderId, productId: btcUsd })
      .catch((error: unknown) => error);
    expect(VenueRejectedError.isInstance(again)).toBe(true);
    expect(await venue.orderByClientId(nextClientOrderId(), btcUsd)).toBeUndefined();
  });

  it('writes an order to its socket within placeOrder (a standby POST waits after any answer)', async () => {
    await venue.openOrders(btcUsd);
    // The standby takes its kept-alive connection in a task after the answer.
    await sleep(systemClock, 100);
    const id = nextClientOrderId();
    // Instrumentation only: sees the socket writes, calling the real one.
    const write = vi.spyOn(net.Socket.prototype, 'write');
    try {
      const placing = venue.placeOrder(restingBuy(id));
      const orderWrites = write.mock.calls.filter(([chunk]) =>
        String(chunk).startsWith('POST /api/v3/brokerage/orders'),
      );
      expect(orderWrites).toHaveLength(1);
      await placing;
    } finally {
      write.mockRestore();
    }
    await venue.cancelOrder({ clientOrderId: id, orderId: undefined, productId: btcUsd });
  });

  it('refuses what Advanced Trade refuses, and what it cannot express, as VenueRejectedError', async () => {
    const tooBig = await venue
      .placeOrder({
        clientOrderId: nextClientOrderId(),
        productId: btcUsd,
        side: 'buy',
        type: 'limit',
        size: new ExactDecimal('1000000'),
        price: new ExactDecimal('1000'),
      })
      .catch((error: unknown) => error);
    expect(VenueRejectedError.isInstance(tooBig)).toBe(true);
    const stopMarket = await venue
      .placeOrder({
        clientOrderId: nextClientOrderId(),
        productId: btcUsd,
        side: 'sell',
        type: 'stop',
        size: new ExactDecimal('0.01'),
        stopPrice: new ExactDecimal('1000'),
      })
      .catch((error: unknown) => error);
    expect(VenueRejectedError.isInstance(stopMarket)).toBe(true);
    expect((stopMarket as Error).message).toMatch(/stop-limit orders only/);
  });

  it('reports each fill of a market order once, with the trade ids reconciliation finds for it', async () => {
    const id = nextClientOrderId();
    const placed = await venue.placeOrder({
      clientOrderId: id,
      productId: btcUsd,
      side: 'buy',
      type: 'market',
      size: new ExactDecimal('0.5'), // large enough to take several levels: one user update, several trades
    });
    const filled = await until(
      () => reportsOf(placed.orderId).find((report) => report.status === 'filled'),
      'the user channel reporting it filled',
    );
    const fromFeed = fillsOf(placed.orderId);
    const total = fromFeed.reduce((sum, fill) => sum.plus(fill.size), new ExactDecimal(0));
    expect(total.toFixed()).toBe('0.5');
    expect(fromFeed.length).toBeGreaterThan(1); // several trades folded into one update, each reported
    expect(filled.filledSize?.toFixed()).toBe('0.5');
    // Every fill precedes the report that says "filled".
    const reportIndex = events.findIndex(
      (event) => event.type === 'order-report' && event.report === (filled as OrderReport),
    );
    for (const fill of fromFeed)
      expect(events.findIndex((event) => event.type === 'fill' && event.fill === fill)).toBeLessThan(
        reportIndex,
      );
    const page = await venue.fillsSince({ productId: btcUsd, orderId: placed.orderId });
    const key = (fill: Fill) =>
      `${fill.tradeId} ${fill.size.toFixed()} ${fill.price.toFixed()} ${fill.fee.toFixed()}`;
    expect(page.fills.map(key).sort()).toEqual(fromFeed.map(key).sort());
    expect(new Set(fromFeed.map((fill) => fill.tradeId)).size).toBe(fromFeed.length);
    expect(fromFeed.every((fill) => fill.liquidity === 'taker' && fill.side === 'buy')).toBe(true);
  });

  it('resumes from its own cursor: nothing twice, nothing newer missed, foreign cursors refused', async () => {
    const first = await venue.fillsSince({ productId: btcUsd, since: 0 });
    expect(first.fills.length).toBeGreaterThan(0);
    expect(first.cursor).toMatch(/^at1\./);
    const times = first.fills.map((fill) => fill.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(await venue.fillsSince({ productId: btcUsd, after: first.cursor as string })).toEqual({
      fills: [],
      cursor: first.cursor,
    });
    const placed = await venue.placeOrder({
      clientOrderId: nextClientOrderId(),
      productId: btcUsd,
      side: 'sell',
      type: 'market',
      size: new ExactDecimal('0.01'),
    });
    let page = await venue.fillsSince({ productId: btcUsd, after: first.cursor as string });
    for (let attempt = 0; page.fills.length === 0 && attempt < 50; attempt += 1) {
      await sleep(systemClock, 20);
      page = await venue.fillsSince({ productId: btcUsd, after: first.cursor as string });
    }
    expect(page.fills.map((fill) => fill.orderId)).toEqual(page.fills.map(() => placed.orderId));
    expect(page.fills.reduce((sum, fill) => sum.plus(fill.size), new ExactDecimal(0)).toFixed()).toBe('0.01');
    expect(page.cursor).not.toBe(first.cursor);

    for (const foreign of ['12345', 'at1.not-json', 'page-2']) {
      const refused = await venue.fillsSince({ productId: btcUsd, after: foreign }).catch((error) => error);
      expect(InvalidFillCursorError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ code: 'invalid_fill_cursor', cursor: foreign });
    }
  });

  it('cancels every open order of a product', async () => {
    for (const price of ['1000', '1001'])
      await venue.placeOrder({
        clientOrderId: nextClientOrderId(),
        productId: btcUsd,
        side: 'buy',
        type: 'limit',
        size: new ExactDecimal('0.01'),
        price: new ExactDecimal(price),
      });
    const canceled = await venue.cancelAllOrders(btcUsd);
    expect(canceled.length).toBe(2);
    expect(await venue.openOrders(btcUsd)).toEqual([]);
  });
});

describe('createAdvancedTradeVenue chooses no host by itself', () => {
  it.each([
    [{}, /received no restUrl and no wsUrl and no userWsUrl/],
    [{ restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1' }, /received no userWsUrl/],
  ])('refuses a key with %j, saying that Advanced Trade has no sandbox', (where, received) => {
    let caught: unknown;
    try {
      createAdvancedTradeVenue({
        credentials: createCdpCredentials(sim.advancedTrade),
        ...(where as { restUrl: string; wsUrl: string; userWsUrl: string }),
      });
    } catch (error) {
      caught = error;
    }
    expect(AdvancedTradeEnvironmentRequiredError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(received);
    expect((caught as Error).message).toMatch(/no trading sandbox/);
  });
});
