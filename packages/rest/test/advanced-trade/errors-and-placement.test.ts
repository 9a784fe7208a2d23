import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createCdpCredentials } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import { systemClock } from '@tradeloop/clock';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  CoinbaseAdvancedTradeClient,
  NotFoundError,
  OrderStatusUnknownError,
  PermissionError,
  ServerError,
} from '../../src/index.js';
import { advancedTradeClientFor } from '../support/advanced-trade.js';
import { startQuietSimulator } from '../support/simulator.js';

// Error mapping, JWT refusals and at-most-once placement under the simulator's real faults
// (lost responses: the order is placed but its answer never arrives; server errors before the
// route runs: nothing is placed).
let simulator: RunningSimulator;
let client: CoinbaseAdvancedTradeClient;

beforeAll(async () => {
  simulator = await startQuietSimulator({ balances: { USD: '1000000', BTC: '100' } });
  client = advancedTradeClientFor(simulator);
});

afterEach(() => simulator.setFaults('none'));

afterAll(async () => {
  client.close();
  await simulator.stop();
});

const limitBuy = (price: string) => ({
  product_id: 'BTC-USD',
  side: 'BUY' as const,
  order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: price } },
});

async function ordersNamed(clientOrderId: string) {
  const named = [];
  for await (const order of client.iterateOrders({ productIds: ['BTC-USD'] })) {
    if (order.client_order_id === clientOrderId) named.push(order);
  }
  return named;
}

describe('Advanced Trade errors', () => {
  it('maps 404, 400 and 403 to the shared typed errors', async () => {
    await expect(client.getOrder(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    const badCandles = client.getCandles('BTC-USD', { start: 2, end: 1, granularity: 'ONE_MINUTE' });
    await expect(badCandles).rejects.toBeInstanceOf(BadRequestError);
    await expect(badCandles).rejects.toThrow(/INVALID_ARGUMENT/);
    const viewer = advancedTradeClientFor(simulator, {}, simulator.createCdpKey({ permissions: ['view'] }));
    try {
      await expect(viewer.createOrder(limitBuy('10000.00'))).rejects.toBeInstanceOf(PermissionError);
      expect((await viewer.getKeyPermissions()).can_trade).toBe(false);
    } finally {
      viewer.close();
    }
  });

  it('turns a refused JWT (expired, or an unknown key) into AuthenticationError saying what to check', async () => {
    const lateClock: Clock = { now: () => systemClock.now() - 10 * 60_000, setTimer: systemClock.setTimer };
    const late = advancedTradeClientFor(simulator, { clock: lateClock });
    const privateKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'sec1',
      format: 'pem',
    }) as string;
    const stranger = advancedTradeClientFor(
      simulator,
      {},
      {
        keyName: `organizations/${randomUUID()}/apiKeys/${randomUUID()}`,
        privateKey,
      },
    );
    try {
      for (const refused of [late.listAccounts(), stranger.listAccounts()]) {
        await expect(refused).rejects.toBeInstanceOf(AuthenticationError);
        await expect(refused).rejects.toMatchObject({
          status: 401,
          reason: 'unauthorized',
          isRetryable: false,
        });
        await expect(refused).rejects.toThrow(/not an Exchange key/);
      }
      // Public market data needs no key at all.
      expect((await late.listProducts({ public: true })).length).toBe(3);
    } finally {
      late.close();
      stranger.close();
    }
  });

  it('refuses credentials without an explicit base URL: a key alone never reaches real money', () => {
    expect(
      () => new CoinbaseAdvancedTradeClient({ credentials: createCdpCredentials(simulator.advancedTrade) }),
    ).toThrow(/expected an explicit baseUrl when credentials are given/);
  });

  it('asks for credentials before sending a private request without them', async () => {
    const anonymous = new CoinbaseAdvancedTradeClient({
      baseUrl: simulator.advancedTrade.restUrl,
      rateLimit: false,
    });
    try {
      await expect(anonymous.listAccounts()).rejects.toMatchObject({ reason: 'missing_credentials' });
      expect(Number((await anonymous.getServerTime()).epochMillis)).toBeGreaterThan(0);
    } finally {
      anonymous.close();
    }
  });
});

describe('Advanced Trade at-most-once placement', () => {
  it('finds the order by client_order_id when the response is lost, and never sends it twice', async () => {
    simulator.setFaults({ loseOrderResponseRate: 1 });
    const clientOrderId = randomUUID();
    const placed = await client.createOrder({ ...limitBuy('20000.00'), client_order_id: clientOrderId });
    simulator.setFaults('none');
    expect(placed.client_order_id).toBe(clientOrderId);
    expect(simulator.faultStats().lostOrderResponses).toBeGreaterThan(0);
    const named = await ordersNamed(clientOrderId);
    expect(named).toHaveLength(1);
    expect(named[0]?.order_id).toBe(placed.order_id);
  });

  it('sends again only after the lookups agree the order does not exist (5xx before it was placed)', async () => {
    // Every request fails with a 5xx for a moment: the first send places nothing.
    simulator.setFaults({ serverErrorRate: 1 });
    const clientOrderId = randomUUID();
    const pending = client.createOrder({ ...limitBuy('20001.00'), client_order_id: clientOrderId });
    setTimeout(() => simulator.setFaults('none'), 60);
    const placed = await pending;
    expect(await ordersNamed(clientOrderId)).toHaveLength(1);
    expect((await client.getOrder(placed.order_id)).status).toBe('OPEN');
  });

  it('gives up with OrderStatusUnknownError when the order cannot be looked up', async () => {
    simulator.setFaults({ serverErrorRate: 1 });
    const clientOrderId = randomUUID();
    const attempt = client.createOrder({ ...limitBuy('20002.00'), client_order_id: clientOrderId });
    await expect(attempt).rejects.toBeInstanceOf(OrderStatusUnknownError);
    await expect(attempt).rejects.toMatchObject({ clientOid: clientOrderId });
    simulator.setFaults('none');
    expect(await client.findOrderByClientOrderId('BTC-USD', clientOrderId)).toBeUndefined();
  });

  it('retries reads through 5xx, and without retries the 5xx surfaces', async () => {
    const patient = advancedTradeClientFor(simulator, {
      retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 5 },
    });
    simulator.setFaults({ serverErrorRate: 0.5 });
    try {
      for (let index = 0; index < 10; index += 1)
        expect((await patient.listAccounts()).items.length).toBeGreaterThan(0);
      expect(simulator.faultStats().serverErrors).toBeGreaterThan(0);
    } finally {
      simulator.setFaults('none');
      patient.close();
    }
    const noRetry = advancedTradeClientFor(simulator, { retry: false });
    try {
      simulator.setFaults({ serverErrorRate: 1 });
      await expect(noRetry.listAccounts()).rejects.toBeInstanceOf(ServerError);
    } finally {
      noRetry.close();
    }
  });
});
