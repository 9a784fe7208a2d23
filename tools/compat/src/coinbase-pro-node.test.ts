import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import {
  CandleGranularity,
  CoinbasePro,
  OrderBookLevel,
  OrderSide,
  OrderType,
  WebSocketChannelName,
  WebSocketEvent,
  type WebSocketResponse,
} from 'coinbase-pro-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// bennycode's `coinbase-pro-node`, unmodified, configured only with the simulator's URLs and
// credentials. It signs every request (public ones too, with a float timestamp) and attaches auth
// fields to every WebSocket subscribe.
let simulator: RunningSimulator;
let client: CoinbasePro;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 12, balances: { USD: '100000', BTC: '10', ETH: '100' } });
  client = new CoinbasePro({
    apiKey: simulator.credentials.apiKey,
    apiSecret: simulator.credentials.apiSecret,
    passphrase: simulator.credentials.passphrase,
    httpUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
  });
});

afterAll(async () => {
  client?.ws.disconnect();
  await simulator?.stop();
});

describe('coinbase-pro-node REST', () => {
  it('loads products, time, balances, the book and candles', async () => {
    const products = await client.rest.product.getProducts();
    expect(products.map((product) => product.id)).toEqual(
      expect.arrayContaining(['BTC-USD', 'ETH-USD', 'ETH-BTC']),
    );
    const time = await client.rest.time.getTime();
    expect(typeof time.epoch).toBe('number');
    const accounts = await client.rest.account.listAccounts();
    expect(accounts.find((account) => account.currency === 'USD')?.balance).toBe('100000.0000000000000000');
    const book = await client.rest.product.getProductOrderBook('BTC-USD', {
      level: OrderBookLevel.TOP_50_BIDS_AND_ASKS,
    });
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks.length).toBeGreaterThan(0);
    let candles = await client.rest.product.getCandles('BTC-USD', {
      granularity: CandleGranularity.ONE_MINUTE,
    });
    for (let attempt = 0; attempt < 20 && candles.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      candles = await client.rest.product.getCandles('BTC-USD', {
        granularity: CandleGranularity.ONE_MINUTE,
      });
    }
    expect(candles.length).toBeGreaterThan(0);
    expect(candles[0]?.productId).toBe('BTC-USD');
    expect(candles[0]?.high).toBeGreaterThanOrEqual(candles[0]?.low ?? Number.POSITIVE_INFINITY);
  });

  it('places, gets, lists and cancels orders, and reads fills', async () => {
    const placed = await client.rest.order.placeOrder({
      type: OrderType.LIMIT,
      side: OrderSide.BUY,
      product_id: 'BTC-USD',
      price: '30000.00',
      size: '0.01',
    });
    expect(placed.id).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await client.rest.order.getOrder(placed.id);
    expect(fetched?.id).toBe(placed.id);
    const open = await client.rest.order.getOrders({ status: ['open', 'pending'] as never });
    expect(open.data.map((order) => order.id)).toContain(placed.id);
    const canceledId = await client.rest.order.cancelOrder(placed.id, 'BTC-USD');
    expect(canceledId).toBe(placed.id);

    const bought = await client.rest.order.placeOrder({
      type: OrderType.MARKET,
      side: OrderSide.BUY,
      product_id: 'BTC-USD',
      funds: '100.00',
    });
    const fills = await client.rest.fill.getFillsByOrderId(bought.id);
    expect(fills.data.length).toBeGreaterThan(0);
    expect(fills.data[0]).toMatchObject({ order_id: bought.id, liquidity: 'T', side: 'buy' });
    const byProduct = await client.rest.fill.getFillsByProductId('BTC-USD');
    expect(byProduct.data.map((fill) => fill.order_id)).toContain(bought.id);
    expect(await client.rest.order.cancelOpenOrders('BTC-USD')).toEqual([]);
  });
});

describe('coinbase-pro-node WebSocket', () => {
  it('streams level2, matches and own orders on the user channel', { timeout: 30_000 }, async () => {
    const seen = new Map<string, WebSocketResponse[]>();
    const record = (message: WebSocketResponse) => {
      const type = String(message.type);
      seen.set(type, [...(seen.get(type) ?? []), message]);
    };
    const waitFor = async (predicate: () => boolean) => {
      for (let attempt = 0; attempt < 100 && !predicate(); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(predicate()).toBe(true);
    };
    client.ws.on(WebSocketEvent.ON_MESSAGE, record);
    const errors: unknown[] = [];
    client.ws.on(WebSocketEvent.ON_MESSAGE_ERROR, (error) => errors.push(error));
    const opened = new Promise<void>((resolve) => client.ws.once(WebSocketEvent.ON_OPEN, () => resolve()));
    client.ws.connect();
    await opened;
    await client.ws.subscribe([
      { name: WebSocketChannelName.LEVEL2, product_ids: ['BTC-USD'] },
      { name: WebSocketChannelName.MATCHES, product_ids: ['ETH-USD'] },
      { name: WebSocketChannelName.USER, product_ids: ['BTC-USD'] },
    ]);
    await waitFor(() => (seen.get('snapshot')?.length ?? 0) > 0 && (seen.get('l2update')?.length ?? 0) > 0);
    await waitFor(() => (seen.get('match')?.length ?? 0) > 0);
    const placed = await client.rest.order.placeOrder({
      type: OrderType.LIMIT,
      side: OrderSide.BUY,
      product_id: 'BTC-USD',
      price: '30001.00',
      size: '0.01',
    });
    await waitFor(() =>
      (seen.get('received') ?? []).some(
        (message) => (message as Record<string, unknown>).order_id === placed.id,
      ),
    );
    const ownReceived = (seen.get('received') ?? []).find(
      (message) => (message as Record<string, unknown>).order_id === placed.id,
    ) as Record<string, unknown> | undefined;
    expect(ownReceived?.profile_id).toBe(simulator.profileId);
    // The user channel carries only this key's orders.
    expect(
      (seen.get('open') ?? []).every(
        (message) => (message as Record<string, unknown>).profile_id === simulator.profileId,
      ),
    ).toBe(true);
    await client.rest.order.cancelOrder(placed.id);
    expect(errors).toEqual([]);
  });
});
