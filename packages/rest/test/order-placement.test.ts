import { randomUUID } from 'node:crypto';
import type { OrderWire, RunningSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Order, OrderStatusUnknownError, RestError } from '../src/index.js';
import { clientFor, RecordingTransport, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startQuietSimulator({ balances: { USD: '10000000', BTC: '10' } });
});

afterEach(async () => {
  simulator.setFaults('none');
  const cleaner = clientFor(simulator);
  await cleaner.cancelAllOrders();
  cleaner.close();
});

afterAll(async () => {
  await simulator.stop();
});

/** Every order the simulator holds for the default profile, straight from its own records. */
function ordersOnExchange(): OrderWire[] {
  const caller = simulator.exchange.caller(simulator.profileId);
  const orders: OrderWire[] = [];
  let after: string | undefined;
  for (;;) {
    const page = simulator.exchange.listOrders(
      caller,
      { statuses: ['all'] },
      { limit: 1000, ...(after ? { after } : {}) },
    );
    if (!page.ok) throw new Error(page.error.message);
    orders.push(...page.value.items);
    if (page.value.items.length === 0 || page.value.after === undefined || page.value.after === after)
      return orders;
    after = page.value.after;
  }
}

function countByClientOid(orders: OrderWire[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const order of orders)
    counts.set(order.client_oid ?? '', (counts.get(order.client_oid ?? '') ?? 0) + 1);
  return counts;
}

/** Places `count` distinct resting buy orders, each with its own client_oid; returns every outcome. */
async function placeMany(
  client: ReturnType<typeof clientFor>,
  count: number,
  concurrently: boolean,
): Promise<Array<{ clientOid: string; outcome: PromiseSettledResult<Order> }>> {
  const attempts = Array.from({ length: count }, (_, index) => {
    const clientOid = randomUUID();
    return {
      clientOid,
      run: () =>
        client.placeOrder({
          client_oid: clientOid,
          product_id: 'BTC-USD',
          side: 'buy',
          price: `${1000 + index}.00`,
          size: '0.01',
        }),
    };
  });
  const outcomes: Array<{ clientOid: string; outcome: PromiseSettledResult<Order> }> = [];
  if (concurrently) {
    const settled = await Promise.allSettled(attempts.map((attempt) => attempt.run()));
    settled.forEach((outcome, index) => {
      outcomes.push({ clientOid: attempts[index]?.clientOid as string, outcome });
    });
  } else {
    for (const attempt of attempts) {
      const [outcome] = await Promise.allSettled([attempt.run()]);
      outcomes.push({ clientOid: attempt.clientOid, outcome: outcome as PromiseSettledResult<Order> });
    }
  }
  return outcomes;
}

describe('placeOrder never places an order twice', () => {
  it("under the simulator's lost-responses fault: every order placed exactly once", async () => {
    const before = ordersOnExchange().length;
    const lostBefore = simulator.faultStats().lostOrderResponses;
    simulator.setFaults('lost-responses');
    simulator.setFaults({ loseOrderResponseRate: 0.5, seed: 21 });
    const transport = new RecordingTransport();
    const client = clientFor(simulator, { transport });
    try {
      const outcomes = await placeMany(client, 40, false);
      expect(outcomes.filter((entry) => entry.outcome.status === 'rejected')).toEqual([]);
      expect(simulator.faultStats().lostOrderResponses - lostBefore).toBeGreaterThan(5);
      // Both ways of losing a response happened: a reset connection and a 504.
      expect(transport.exchanges.some((exchange) => exchange.status === 'failed')).toBe(true);
      expect(transport.exchanges.some((exchange) => exchange.status === 504)).toBe(true);

      const onExchange = ordersOnExchange();
      expect(onExchange.length - before).toBe(40);
      const counts = countByClientOid(onExchange);
      for (const { clientOid, outcome } of outcomes) {
        expect(counts.get(clientOid)).toBe(1);
        const order = (outcome as PromiseFulfilledResult<Order>).value;
        expect(order.client_oid).toBe(clientOid);
        expect(onExchange.find((record) => record.client_oid === clientOid)?.id).toBe(order.id);
      }
      // A lost response was followed by a lookup, never by a blind resend.
      const posts = transport.exchanges.filter((exchange) => exchange.request.method === 'POST');
      expect(posts).toHaveLength(40);
    } finally {
      client.close();
    }
  });

  it('with placements in flight concurrently', async () => {
    const before = ordersOnExchange().length;
    simulator.setFaults({ loseOrderResponseRate: 0.4, seed: 4 });
    const client = clientFor(simulator);
    try {
      const outcomes = await placeMany(client, 25, true);
      expect(outcomes.every((entry) => entry.outcome.status === 'fulfilled')).toBe(true);
      const onExchange = ordersOnExchange();
      expect(onExchange.length - before).toBe(25);
      const counts = countByClientOid(onExchange);
      expect(outcomes.every((entry) => counts.get(entry.clientOid) === 1)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('under lost responses, 5xx, 429 and timeouts at once: at most once, and exactly once unless told otherwise', async () => {
    const before = ordersOnExchange().length;
    simulator.setFaults({
      loseOrderResponseRate: 0.3,
      serverErrorRate: 0.15,
      rateLimitErrorRate: 0.1,
      responseDelayMs: 240,
      seed: 99,
    });
    const client = clientFor(simulator, {
      timeoutMs: 200, // responses take 120–240 ms: some attempts time out after the order was placed
      retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 20 },
      orderPlacement: { lookupDelayMs: 1, absenceWindowMs: 20, absenceLookups: 2, maxAttempts: 5 },
    });
    try {
      const outcomes = await placeMany(client, 30, true);
      simulator.setFaults('none');
      const counts = countByClientOid(ordersOnExchange());
      let placed = 0;
      for (const { clientOid, outcome } of outcomes) {
        const copies = counts.get(clientOid) ?? 0;
        expect(copies).toBeLessThanOrEqual(1);
        placed += copies;
        if (outcome.status === 'fulfilled') {
          expect(copies).toBe(1);
        } else if (OrderStatusUnknownError.isInstance(outcome.reason)) {
          expect(outcome.reason.clientOid).toBe(clientOid);
        } else {
          // Any other error means the order does not exist.
          expect(RestError.isInstance(outcome.reason)).toBe(true);
          expect(copies).toBe(0);
        }
      }
      expect(ordersOnExchange().length - before).toBe(placed);
      // Not vacuous: orders did get through the faults (how many depends on the machine's load).
      expect(outcomes.filter((entry) => entry.outcome.status === 'fulfilled').length).toBeGreaterThanOrEqual(
        5,
      );
    } finally {
      client.close();
    }
  }, 20_000);
});
