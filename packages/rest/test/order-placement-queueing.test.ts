import { randomBytes, randomUUID } from 'node:crypto';
import { createExchangeCredentials } from '@tradeloop/auth';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CoinbaseExchangeClient,
  type CoinbaseExchangeClientOptions,
  OrderStatusUnknownError,
} from '../src/index.js';
import { type QueueingExchange, startQueueingExchange } from './support/queueing-exchange.js';
import { rejectionOf } from './support/simulator.js';

// A fake exchange on loopback, because the simulator places orders the instant it reads them and
// cannot hold one in a queue past the client's timeout, nor answer a placement with a gateway's
// HTML. Everything else is real: HTTP over loopback, the client's timers, its lookups.

let exchanges: QueueingExchange[] = [];
let clients: CoinbaseExchangeClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  await Promise.all(exchanges.map((exchange) => exchange.stop()));
  exchanges = [];
  clients = [];
});

const credentials = createExchangeCredentials({
  apiKey: randomBytes(16).toString('hex'),
  apiSecret: randomBytes(64).toString('base64'),
  passphrase: 'fake-exchange',
});

async function exchange(options: Parameters<typeof startQueueingExchange>[0]): Promise<QueueingExchange> {
  const started = await startQueueingExchange(options);
  exchanges.push(started);
  return started;
}

function clientOf(
  fake: QueueingExchange,
  options: CoinbaseExchangeClientOptions = {},
): CoinbaseExchangeClient {
  const client = new CoinbaseExchangeClient({
    baseUrl: fake.url,
    credentials,
    rateLimit: false,
    ...options,
  });
  clients.push(client);
  return client;
}

const order = (clientOid: string) => ({
  client_oid: clientOid,
  product_id: 'BTC-USD',
  side: 'buy' as const,
  price: '100.00',
  size: '0.01',
});

const posts = (fake: QueueingExchange) => fake.requests.filter((line) => line.startsWith('POST'));

describe('placeOrder when the exchange is slow (queued placements)', () => {
  it('with default settings, a placement queued 2.5 s behind a 1 s timeout lands once', async () => {
    const fake = await exchange({ placementDelayMs: 2_500, duplicates: 'accept' });
    const client = clientOf(fake, { timeoutMs: 1_000 });
    const clientOid = randomUUID();
    const placed = await client.placeOrder(order(clientOid));
    // Let any second POST still queued land before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_700));
    expect(fake.orders.map((landed) => landed.client_oid)).toEqual([clientOid]);
    expect(placed.id).toBe(fake.orders[0]?.id);
    expect(posts(fake)).toHaveLength(1);
  }, 20_000);

  it('a duplicate-client_oid refusal means the order exists: it is looked up, never reported as refused', async () => {
    // The queue outlasts a deliberately short absence window, so the client does send again, and
    // the exchange refuses the second copy as a duplicate.
    const fake = await exchange({ placementDelayMs: 1_200, duplicates: 'refuse' });
    const client = clientOf(fake, {
      timeoutMs: 300,
      orderPlacement: { lookupDelayMs: 100, absenceWindowMs: 400, absenceLookups: 2 },
      retry: { baseDelayMs: 700, maxDelayMs: 700 },
    });
    const clientOid = randomUUID();
    const placed = await client.placeOrder(order(clientOid));
    expect(posts(fake)).toHaveLength(2);
    expect(fake.orders).toHaveLength(1);
    expect(placed.id).toBe(fake.orders[0]?.id);
  }, 20_000);
});

describe('placeOrder when a 2xx answer cannot be read', () => {
  it('200 <html>OK</html> to POST /orders: the order is looked up by client_oid and returned', async () => {
    const fake = await exchange({
      placementDelayMs: 0,
      duplicates: 'accept',
      answer: () => ({ status: 200, body: '<html>OK</html>', contentType: 'text/html' }),
    });
    const client = clientOf(fake, { orderPlacement: { lookupDelayMs: 20 } });
    const clientOid = randomUUID();
    const placed = await client.placeOrder(order(clientOid));
    expect(placed.client_oid).toBe(clientOid);
    expect(placed.id).toBe(fake.orders[0]?.id);
    expect(posts(fake)).toHaveLength(1);
  });

  it('200 with JSON that is not an order (null): never "rejected", never resent', async () => {
    const fake = await exchange({
      placementDelayMs: 0,
      duplicates: 'accept',
      answer: () => ({ status: 200, body: 'null' }),
    });
    const client = clientOf(fake, { orderPlacement: { lookupDelayMs: 20 } });
    const clientOid = randomUUID();
    const placed = await client.placeOrder(order(clientOid));
    expect(placed.id).toBe(fake.orders[0]?.id);
    expect(posts(fake)).toHaveLength(1);
  });

  it('a 2xx garbage answer whose order never shows up is "unknown", not resent', async () => {
    // The order is answered with HTML and never becomes visible (a gateway answering on its own).
    const fake = await exchange({
      placementDelayMs: 0,
      duplicates: 'accept',
      answer: (landed) => {
        fake.orders.splice(fake.orders.indexOf(landed), 1);
        return { status: 200, body: '<html>OK</html>', contentType: 'text/html' };
      },
    });
    const client = clientOf(fake, {
      orderPlacement: { lookupDelayMs: 10, absenceWindowMs: 60, absenceLookups: 3 },
    });
    const clientOid = randomUUID();
    const error = await rejectionOf(client.placeOrder(order(clientOid)));
    expect(OrderStatusUnknownError.isInstance(error)).toBe(true);
    expect((error as OrderStatusUnknownError).clientOid).toBe(clientOid);
    expect(posts(fake)).toHaveLength(1);
  });
});
