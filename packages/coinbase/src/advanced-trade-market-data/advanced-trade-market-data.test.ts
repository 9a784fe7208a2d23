import { randomUUID } from 'node:crypto';
import { createCdpCredentials } from '@tradeloop/auth';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import type { BookView } from '@tradeloop/strategy-kit';
import { ServerErrorMessageError } from '@tradeloop/websocket';
import { Decimal } from 'decimal.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublicMarketEvent } from '../exchange/coinbase-market-data.js';
import { type AdvancedTradeMarketData, createAdvancedTradeMarketData } from './advanced-trade-market-data.js';

// Advanced Trade market data against the simulator's Advanced Trade feed and REST over loopback,
// with no key: a running market (trades and books arrive), then a quiet one driven order by order
// (the book matches the exchange's, a dropped l2_data update is a gap that resyncs the book, a
// dropped connection reconnects without repeating a trade).

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const levels = (entries: ReadonlyArray<{ price: Decimal; size: Decimal }>) =>
  entries.map((level) => `${level.price.toFixed()}:${level.size.toFixed()}`);

function sameBook(simulator: RunningSimulator, book: BookView | undefined, productId: string): boolean {
  const exchangeBook = simulator.exchange.book(productId, 2);
  if (book === undefined || !exchangeBook.ok) return false;
  const wire = (entries: ReadonlyArray<readonly [string, string, ...unknown[]]>) =>
    entries.map(([price, size]) => `${new Decimal(price).toFixed()}:${new Decimal(size).toFixed()}`);
  return (
    JSON.stringify(levels(book.bids(1000))) === JSON.stringify(wire(exchangeBook.value.bids)) &&
    JSON.stringify(levels(book.asks(1000))) === JSON.stringify(wire(exchangeBook.value.asks))
  );
}

describe('AdvancedTradeMarketData on a running market (no key)', () => {
  let simulator: RunningSimulator;
  let market: AdvancedTradeMarketData;

  beforeAll(async () => {
    simulator = await startSimulator({
      port: 0,
      seed: 5,
      rateLimits: false,
      market: { enabled: true, speed: 10 },
    });
    market = createAdvancedTradeMarketData({
      restUrl: simulator.advancedTrade.restUrl,
      feedUrl: simulator.advancedTrade.wsUrl,
    });
  });

  afterAll(async () => {
    await market?.close();
    await simulator?.stop();
  });

  it('lists the products with the rules the exchange trades by', async () => {
    const products = await market.products();
    const btc = products.find((product) => product.id === 'BTC-USD');
    const exchangeProduct = simulator.exchange.product('BTC-USD')!;
    expect(btc).toMatchObject({
      base_currency: exchangeProduct.base_currency,
      quote_currency: exchangeProduct.quote_currency,
      quote_increment: exchangeProduct.quote_increment,
      base_increment: exchangeProduct.base_increment,
      min_market_funds: exchangeProduct.min_market_funds,
      status: 'online',
    });
  });

  it('streams each printed trade once, oldest first, and trusted books', async () => {
    const events: PublicMarketEvent[] = [];
    await market.subscribe(['BTC-USD'], (event) => events.push(event));
    await until(
      () =>
        events.filter((event) => event.type === 'trade').length >= 3 &&
        events.some((event) => event.type === 'book'),
      'trades and a book',
    );
    const trades = events.flatMap((event) => (event.type === 'trade' ? [event.trade] : []));
    const ids = trades.map((trade) => Number(trade.tradeId));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    // Each is a trade the exchange printed, with the taker's side (the exchange records the maker's).
    const printed = simulator.exchange.trades('BTC-USD', { limit: 1000 });
    if (!printed.ok) throw new Error('no trades');
    for (const trade of trades) {
      const record = printed.value.items.find((item) => String(item.trade_id) === trade.tradeId);
      expect(record, `trade ${trade.tradeId}`).toBeDefined();
      expect(trade.price.eq(record!.price)).toBe(true);
      expect(trade.size.eq(record!.size)).toBe(true);
      expect(trade.takerSide).toBe(record!.side === 'buy' ? 'sell' : 'buy');
    }
    const book = events.flatMap((event) => (event.type === 'book' ? [event.book] : [])).at(-1)!;
    expect(book.productId).toBe('BTC-USD');
    expect(book.bestBid()!.price.lessThan(book.bestAsk()!.price)).toBe(true);
    expect(events.filter((event) => event.type === 'venue-error')).toEqual([]);
  });
});

describe('AdvancedTradeMarketData on a quiet market, order by order (no key)', () => {
  let simulator: RunningSimulator;
  const markets: AdvancedTradeMarketData[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({
      port: 0,
      rateLimits: false,
      market: { enabled: false },
      balances: { USD: '10000000', BTC: '100', ETH: '1000' },
    });
  });

  afterEach(async () => {
    simulator.setFaults({});
    await Promise.all(markets.splice(0).map((market) => market.close()));
  });

  afterAll(() => simulator?.stop());

  function open(events: PublicMarketEvent[], productIds = ['BTC-USD']): Promise<void> {
    const market = createAdvancedTradeMarketData({
      restUrl: simulator.advancedTrade.restUrl,
      feedUrl: simulator.advancedTrade.wsUrl,
      feed: { reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0.5 } },
    });
    markets.push(market);
    return market.subscribe(productIds, (event) => events.push(event));
  }

  function limit(
    side: 'buy' | 'sell',
    size: string,
    price: string,
    productId = 'BTC-USD',
    profileId = simulator.profileId,
  ) {
    const placed = simulator.exchange.placeOrder(simulator.exchange.caller(profileId), {
      type: 'limit',
      side,
      product_id: productId,
      price,
      size,
      client_oid: randomUUID(),
    });
    if (!placed.ok) throw new Error(`order refused: ${JSON.stringify(placed)}`);
  }

  const lastBook = (events: PublicMarketEvent[]) =>
    events.flatMap((event) => (event.type === 'book' ? [event.book] : [])).at(-1);

  it("keeps the book equal to the exchange's and resyncs it after a dropped l2_data update (a gap)", async () => {
    const events: PublicMarketEvent[] = [];
    await open(events);
    limit('buy', '0.5', '49000.00');
    limit('sell', '0.7', '51000.00');
    await until(() => sameBook(simulator, lastBook(events), 'BTC-USD'), 'the book');

    simulator.setFaults({ dropL2UpdateProbability: 1 });
    limit('buy', '0.3', '48000.00');
    simulator.setFaults({});
    limit('buy', '0.4', '47000.00');
    await until(() => events.some((event) => event.type === 'gap-detected'), 'the gap');
    expect(events.find((event) => event.type === 'gap-detected')).toMatchObject({
      productId: 'BTC-USD',
      channel: 'sequence_num (connection)',
    });
    // The resubscribe brings a snapshot: the level the dropped update carried is there.
    await until(
      () =>
        lastBook(events)
          ?.bids(10)
          .some((level) => level.price.eq('48000')) === true,
      'the resynced book',
    );
    await until(() => sameBook(simulator, lastBook(events), 'BTC-USD'), 'the book after the gap');
    expect(events.filter((event) => event.type === 'venue-error')).toEqual([]);
  });

  it('reconnects after a dropped connection and passes each trade on once', async () => {
    const seller = simulator.createApiKey({ balances: { ETH: '100' } }).profileId;
    const events: PublicMarketEvent[] = [];
    await open(events, ['ETH-USD']);
    limit('sell', '1', '3000.00', 'ETH-USD', seller);
    limit('buy', '0.2', '3000.00', 'ETH-USD');
    const trades = () => events.flatMap((event) => (event.type === 'trade' ? [event.trade] : []));
    await until(() => trades().length === 1, 'the first trade');

    simulator.setFaults({ dropConnectionsEverySeconds: 0.2 });
    await until(() => events.some((event) => event.type === 'disconnected'), 'the dropped connection');
    simulator.setFaults({});
    await until(() => events.some((event) => event.type === 'reconnected'), 'the reconnect');
    // The resubscribe's market_trades snapshot holds the first trade again: not passed on twice.
    limit('buy', '0.3', '3000.00', 'ETH-USD');
    await until(() => trades().length >= 2, 'the trade after the reconnect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(trades().map((trade) => [trade.size.toFixed(), trade.price.toFixed(), trade.takerSide])).toEqual([
      ['0.2', '3000', 'buy'],
      ['0.3', '3000', 'buy'],
    ]);
    await until(() => sameBook(simulator, lastBook(events), 'ETH-USD'), 'the book after the reconnect');
  });

  it('with a key signs its subscribes (a foreign key is refused) and still streams the same data', async () => {
    const other = await startSimulator({ port: 0, rateLimits: false, market: { enabled: false } });
    const foreignKey = other.advancedTrade;
    await other.stop();
    const refused = createAdvancedTradeMarketData({
      restUrl: simulator.advancedTrade.restUrl,
      feedUrl: simulator.advancedTrade.wsUrl,
      credentials: createCdpCredentials(foreignKey),
      feed: { reconnect: false },
    });
    markets.push(refused);
    await expect(refused.subscribe(['BTC-USD'], () => undefined)).rejects.toBeInstanceOf(
      ServerErrorMessageError,
    );

    const events: PublicMarketEvent[] = [];
    const market = createAdvancedTradeMarketData({
      restUrl: simulator.advancedTrade.restUrl,
      feedUrl: simulator.advancedTrade.wsUrl,
      credentials: createCdpCredentials(simulator.advancedTrade),
    });
    markets.push(market);
    await market.subscribe(['BTC-USD'], (event) => events.push(event));
    limit('sell', '0.25', '52000.00');
    await until(() => sameBook(simulator, lastBook(events), 'BTC-USD'), 'the book');
    // The product list is public: the REST client, never given the key, reads it.
    expect((await market.products()).some((product) => product.id === 'BTC-USD')).toBe(true);
  });
});
