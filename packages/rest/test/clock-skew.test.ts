import { ExchangeClock } from '@tradeloop/auth';
import { systemClock } from '@tradeloop/clock';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, type CoinbaseExchangeClient } from '../src/index.js';
import { clientFor, RecordingTransport, rejectionOf, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;
const clients: CoinbaseExchangeClient[] = [];

/** A machine clock that is `skewMs` off (negative: behind). */
function skewedClock(skewMs: number): ExchangeClock {
  return new ExchangeClock({ source: { now: () => Date.now() + skewMs, setTimer: systemClock.setTimer } });
}

/** A clock whose time cannot be corrected: it ignores the offset a sync sets. */
class StuckClock extends ExchangeClock {
  override now(): number {
    return this.localNow();
  }
}

function skewedClient(clock: ExchangeClock, options: Parameters<typeof clientFor>[1] = {}) {
  const transport = new RecordingTransport();
  const client = clientFor(simulator, { clock, transport, ...options });
  clients.push(client);
  return { client, transport };
}

beforeAll(async () => {
  simulator = await startQuietSimulator();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await simulator.stop();
});

describe('clock skew', () => {
  it('resyncs once on "request timestamp expired" and retries, with a clock 60 s behind', async () => {
    const clock = skewedClock(-60_000);
    const { client, transport } = skewedClient(clock);
    const accounts = await client.getAccounts();
    expect(accounts.length).toBeGreaterThan(0);
    expect(transport.exchanges.map((exchange) => `${exchange.request.path} ${exchange.status}`)).toEqual([
      '/accounts 401',
      '/time 200',
      '/accounts 200',
    ]);
    expect(clock.offsetMs).toBeGreaterThan(59_000);
    expect(clock.offsetMs).toBeLessThan(61_000);
    // The offset sticks: no more rejections.
    await client.getFees();
    expect(transport.exchanges).toHaveLength(4);
  });

  it('places an order once through a resync, with a clock 45 s ahead', async () => {
    const { client, transport } = skewedClient(skewedClock(45_000));
    const order = await client.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '10.00', size: '1' });
    expect(transport.lines()).toEqual(['POST /orders', 'GET /time', 'POST /orders']);
    expect(transport.exchanges.map((exchange) => exchange.status)).toEqual([401, 200, 200]);
    // The same bytes went out both times.
    expect(transport.exchanges[2]?.request.body).toBe(transport.exchanges[0]?.request.body);
    const sameClientOid = (await client.listOrders({ status: 'all' }, { limit: 1000 })).items.filter(
      (each) => each.client_oid === order.client_oid,
    );
    expect(sameClientOid).toHaveLength(1);
    await client.cancelOrder(order.id);
  });

  it('syncs before the first private request with syncClockOnStart, so nothing is refused', async () => {
    const { client, transport } = skewedClient(skewedClock(-60_000), { syncClockOnStart: true });
    await client.getAccounts();
    await client.getFees();
    expect(transport.lines()).toEqual(['GET /time', 'GET /accounts', 'GET /fees']);
  });

  it('syncClock() returns the measured offset', async () => {
    const { client } = skewedClient(skewedClock(-60_000));
    const offset = await client.syncClock();
    expect(offset).toBeGreaterThan(59_000);
    expect(offset).toBeLessThan(61_000);
  });

  it('without auto sync, the error tells how far off the clock is', async () => {
    const { client, transport } = skewedClient(skewedClock(-60_000), { autoSyncClock: false });
    const error = await rejectionOf(client.getAccounts());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const expired = error as AuthenticationError;
    expect(expired).toMatchObject({
      reason: 'timestamp_expired',
      status: 401,
      exchangeMessage: 'request timestamp expired',
    });
    expect(expired.message).toMatch(/the signed timestamp was (59|60|61)\.\d s behind the exchange's clock/);
    expect(expired.message).toMatch(/enable clock sync/);
    expect(Math.abs((expired.clockSkewMs as number) + 60_000)).toBeLessThan(2_000);
    expect(transport.exchanges).toHaveLength(1);
  });

  it('when the clock cannot be corrected, the error says it was resynced and still refused, and by how much', async () => {
    const stuck = new StuckClock({ source: { now: () => Date.now() - 60_000 } });
    const { client, transport } = skewedClient(stuck);
    const error = await rejectionOf(client.getAccounts());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const expired = error as AuthenticationError;
    expect(expired.reason).toBe('timestamp_expired');
    expect(expired.message).toMatch(/the signed timestamp was (59|60|61)\.\d s behind the exchange's clock/);
    expect(expired.message).toMatch(/resynced with GET \/time .* and the request retried once/);
    // One resync and one retry, no more.
    expect(transport.lines()).toEqual(['GET /accounts', 'GET /time', 'GET /accounts']);
  });
});
