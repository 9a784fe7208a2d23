import { randomUUID } from 'node:crypto';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { Coinbase } from 'coinbase-advanced-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The unmodified `coinbase-advanced-node` package (2.1.0, the latest) against the simulator's
// Advanced Trade REST. It signs only with legacy (pre-CDP) HMAC keys — it never sends a JWT — so
// it runs with a legacy key from `createLegacyAdvancedTradeKey`, verified by the simulator's own
// HMAC check. Its orders trade with an Exchange-protocol counterparty on the same engine.
let simulator: RunningSimulator;
let client: Coinbase;

beforeAll(async () => {
  simulator = await startSimulator({
    seed: 14,
    market: { enabled: false },
    balances: { USD: '100000', BTC: '10', ETH: '100' },
  });
  const key = simulator.createLegacyAdvancedTradeKey({ profileId: simulator.profileId });
  client = new Coinbase({
    apiKey: key.apiKey,
    apiSecret: key.apiSecret,
    advTradeHttpUrl: `${simulator.advancedTrade.restUrl}/api/v3`,
    siwcHttpUrl: `${simulator.advancedTrade.restUrl}/v2`,
    wsUrl: simulator.advancedTrade.wsUrl,
  });
});

afterAll(async () => {
  await simulator?.stop();
});

describe('coinbase-advanced-node (Advanced Trade REST, legacy HMAC key)', () => {
  it('lists accounts, products and the book', async () => {
    const accounts = await client.rest.account.listAccounts();
    const usd = accounts.data.find((account) => account.currency === 'USD');
    expect(usd?.available_balance.value).toBe('100000');
    const products = await client.rest.product.getProducts();
    expect(products.map((product) => product.product_id)).toEqual(
      expect.arrayContaining(['BTC-USD', 'ETH-USD']),
    );
    const product = await client.rest.product.getProduct('BTC-USD');
    expect(product?.quote_increment).toBe('0.01');
  });

  it('places, reads, lists and cancels orders, and reads fills', async () => {
    const placed = await client.rest.order.placeOrder({
      client_order_id: randomUUID(),
      product_id: 'BTC-USD',
      side: 'BUY' as never,
      order_configuration: {
        limit_limit_gtc: { base_size: '0.01', limit_price: '30000.00', post_only: false },
      },
    });
    expect(placed.success).toBe(true);
    const orderId = placed.success_response?.order_id as string;
    const order = await client.rest.order.getOrder(orderId);
    expect(order?.status).toBe('OPEN');
    const open = await client.rest.order.getOrders({
      order_status: ['OPEN'] as never,
      product_id: 'BTC-USD',
    });
    expect(open.data.map((entry) => entry.order_id)).toContain(orderId);
    const canceled = await client.rest.order.cancelOrder(orderId);
    expect(canceled?.success).toBe(true);
    expect((await client.rest.order.getOrder(orderId))?.status).toBe('CANCELLED');
    expect(await client.rest.order.getOrder(randomUUID())).toBeNull();

    const counterparty = simulator.createApiKey({ balances: { ETH: '10' } });
    const maker = await fetchSigned(counterparty, 'POST', '/orders', {
      product_id: 'ETH-USD',
      side: 'sell',
      price: '3000.00',
      size: '0.5',
    });
    expect(maker.status).toBe(200);
    const taken = await client.rest.order.placeOrder({
      client_order_id: randomUUID(),
      product_id: 'ETH-USD',
      side: 'BUY' as never,
      order_configuration: { market_market_ioc: { base_size: '0.5' } } as never,
    });
    const fills = await client.rest.fill.getFillsByOrderId(taken.success_response?.order_id as string);
    expect(fills.data).toHaveLength(1);
    expect(fills.data[0]).toMatchObject({ price: '3000', size: '0.5' });
  });
});

/** A minimal Exchange-protocol request for the counterparty (HMAC with the base64 secret). */
async function fetchSigned(
  credentials: { apiKey: string; apiSecret: string; passphrase: string },
  method: string,
  path: string,
  body: unknown,
): Promise<Response> {
  const { createHmac } = await import('node:crypto');
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', Buffer.from(credentials.apiSecret, 'base64'))
    .update(timestamp + method + path + text)
    .digest('base64');
  return fetch(`${simulator.restUrl}${path}`, {
    method,
    body: text,
    headers: {
      'Content-Type': 'application/json',
      'CB-ACCESS-KEY': credentials.apiKey,
      'CB-ACCESS-SIGN': signature,
      'CB-ACCESS-TIMESTAMP': timestamp,
      'CB-ACCESS-PASSPHRASE': credentials.passphrase,
    },
  });
}
