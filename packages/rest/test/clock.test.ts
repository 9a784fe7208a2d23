import { ManualClock } from '@tradeloop/clock';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoinbaseExchangeClient } from '../src/index.js';
import { clientFor, RecordingTransport, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;
const clients: CoinbaseExchangeClient[] = [];

beforeAll(async () => {
  simulator = await startQuietSimulator();
});

afterEach(() => {
  simulator.setFaults('none');
});

afterAll(async () => {
  for (const client of clients) client.close();
  await simulator.stop();
});

/** Lets real I/O (loopback HTTP) happen for `ms` of wall time, while the manual clock stands still. */
function realPause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('the condition never came true');
    await realPause(5);
  }
}

describe("the client's clock", () => {
  it('runs the rate limiter on the injected clock: a request waits for a token until the clock moves', async () => {
    const clock = new ManualClock(Date.now());
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      clock,
      transport,
      rateLimit: { public: { ratePerSecond: 0.001, burst: 1 }, headroom: 0 }, // one token per 1 000 s
    });
    clients.push(client);
    expect(client.clock.source).toBe(clock);

    await client.getTime();
    const second = client.getTime();
    await realPause(50);
    expect(transport.exchanges).toHaveLength(1);
    clock.advanceBy(500_000);
    await realPause(20);
    expect(transport.exchanges).toHaveLength(1);
    // Past the 1 000 s refill (plus the limiter's float margin); on wall time this would time out.
    clock.advanceBy(600_000);
    await second;
    expect(transport.exchanges).toHaveLength(2);
  });

  it('waits out retry back-off on the injected clock, not on wall time', async () => {
    const clock = new ManualClock(Date.now());
    const transport = new RecordingTransport();
    const client = clientFor(simulator, {
      clock,
      transport,
      retry: { maxAttempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    clients.push(client);
    simulator.setFaults({ serverErrorRate: 1, seed: 3 });

    const time = client.getTime();
    await until(() => transport.exchanges.length === 1);
    expect(transport.exchanges[0]?.status).toBeGreaterThanOrEqual(500);
    simulator.setFaults('none');
    // A 30–60 s back-off: on wall time this test would time out; on the manual clock it is instant.
    await realPause(50);
    expect(transport.exchanges).toHaveLength(1);
    clock.advanceBy(60_000);
    await expect(time).resolves.toMatchObject({ epoch: expect.any(Number) });
    expect(transport.exchanges.map((exchange) => exchange.status)).toEqual([
      transport.exchanges[0]?.status,
      200,
    ]);
  });
});
