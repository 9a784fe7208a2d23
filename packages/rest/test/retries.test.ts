import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CoinbaseExchangeClient,
  NotFoundError,
  OrderStatusUnknownError,
  RateLimitedError,
} from '../src/index.js';
import { clientFor, RecordingTransport, rejectionOf, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startQuietSimulator();
});

afterEach(() => {
  simulator.setFaults('none');
});

afterAll(async () => {
  await simulator.stop();
});

describe('resending idempotent requests', () => {
  it("gets every GET through the simulator's 5xx and 429 faults", async () => {
    simulator.setFaults({ serverErrorRate: 0.2, rateLimitErrorRate: 0.1, seed: 7 });
    const before = simulator.faultStats();
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      transport,
      retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 20 },
    });
    try {
      for (let index = 0; index < 60; index += 1) {
        await (index % 2 === 0
          ? client.getAccounts()
          : client.getProductTicker('BTC-USD').catch(ignoreNotFound));
      }
      const after = simulator.faultStats();
      expect(after.serverErrors).toBeGreaterThan(before.serverErrors);
      expect(after.rateLimitErrors).toBeGreaterThan(before.rateLimitErrors);
      const statuses = transport.exchanges.map((exchange) => exchange.status);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((status) => typeof status === 'number' && status >= 500).length).toBeGreaterThan(
        0,
      );
      expect(transport.exchanges.length).toBe(
        60 + statuses.filter((status) => status !== 200 && status !== 404).length,
      );
    } finally {
      client.close();
    }
  });

  it('retries DELETE of one order, never cancel-all after a 5xx', async () => {
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      transport,
      retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 10 },
    });
    try {
      const order = await client.placeOrder({
        product_id: 'BTC-USD',
        side: 'buy',
        price: '100.00',
        size: '0.01',
      });
      simulator.setFaults({ serverErrorRate: 0.5, seed: 5 });
      expect(await client.cancelOrder(order.id)).toBe(order.id);
      const deletes = transport.exchanges.filter((exchange) => exchange.request.method === 'DELETE');
      expect(deletes.length).toBeGreaterThan(1);

      simulator.setFaults({ serverErrorRate: 1 });
      transport.exchanges.length = 0;
      await rejectionOf(client.cancelAllOrders());
      expect(transport.lines()).toEqual(['DELETE /orders']);
    } finally {
      client.close();
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    simulator.setFaults({ rateLimitErrorRate: 1 });
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      transport,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    try {
      const error = await rejectionOf(client.getAccounts());
      expect(RateLimitedError.isInstance(error)).toBe(true);
      expect(transport.exchanges).toHaveLength(3);
    } finally {
      client.close();
    }
  });

  it('honours Retry-After as the least wait', async () => {
    // The simulator sends no Retry-After header; a stand-in transport adds one to its first answer.
    const attemptsAt: number[] = [];
    const client = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 1_000 },
      transport: {
        send: async () => {
          attemptsAt.push(performance.now());
          return attemptsAt.length === 1
            ? {
                status: 429,
                body: '{"message":"Public rate limit exceeded"}',
                header: (name) => (name === 'retry-after' ? '0.2' : undefined),
              }
            : {
                status: 200,
                body: '{"iso":"2024-01-01T00:00:00Z","epoch":1704067200}',
                header: () => undefined,
              };
        },
      },
    });
    expect((await client.getTime()).epoch).toBe(1704067200);
    expect(attemptsAt).toHaveLength(2);
    // A lower bound only: the wait cannot be shorter than what the exchange asked for.
    expect((attemptsAt[1] as number) - (attemptsAt[0] as number)).toBeGreaterThanOrEqual(195);
  });
});

describe('order placement under 5xx', () => {
  it('looks the order up after a 5xx and places it again only when it is absent', async () => {
    simulator.setFaults({ serverErrorRate: 0.4, seed: 11 });
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      transport,
      retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
      orderPlacement: { lookupDelayMs: 1, absenceWindowMs: 10, absenceLookups: 2, maxAttempts: 20 },
    });
    try {
      const placed = [];
      for (let index = 0; index < 15; index += 1) {
        placed.push(
          await client.placeOrder({
            product_id: 'ETH-USD',
            side: 'buy',
            price: `${100 + index}.00`,
            size: '0.1',
          }),
        );
      }
      simulator.setFaults('none');
      const lookups = transport.exchanges.filter((exchange) =>
        exchange.request.path.startsWith('/orders/client:'),
      );
      expect(lookups.length).toBeGreaterThan(0);
      const onExchange = (await client.listOrders({ productId: 'ETH-USD', status: 'all' }, { limit: 1000 }))
        .items;
      expect(onExchange).toHaveLength(15);
      expect(new Set(onExchange.map((order) => order.client_oid))).toEqual(
        new Set(placed.map((order) => order.client_oid)),
      );
      await client.cancelAllOrders('ETH-USD');
    } finally {
      client.close();
    }
  });

  it('reports OrderStatusUnknownError with the client_oid when even the lookup cannot be answered', async () => {
    simulator.setFaults({ serverErrorRate: 1 });
    const client = clientFor(simulator, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const error = await rejectionOf(
        client.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '100.00', size: '0.01' }),
      );
      expect(OrderStatusUnknownError.isInstance(error)).toBe(true);
      const unknown = error as OrderStatusUnknownError;
      expect(unknown.clientOid).toMatch(/^[0-9a-f-]{36}$/);
      expect(unknown.message).toContain(unknown.clientOid);
      simulator.setFaults('none');
      // The simulator answers 5xx without executing, so the order indeed does not exist.
      expect(NotFoundError.isInstance(await rejectionOf(client.getOrderByClientOid(unknown.clientOid)))).toBe(
        true,
      );
    } finally {
      client.close();
    }
  });
});

function ignoreNotFound(error: unknown): void {
  if (!NotFoundError.isInstance(error)) throw error;
}
