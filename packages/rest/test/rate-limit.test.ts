import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient } from '../src/index.js';
import { RecordingTransport, startQuietSimulator } from './support/simulator.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  // Coinbase's own limits on the exchange's side: public 10/s burst 15, private 15/s burst 30, fills 10/s burst 20.
  simulator = await startQuietSimulator({ rateLimits: true });
});

afterAll(async () => {
  await simulator.stop();
});

describe("the client's token buckets against the exchange's", () => {
  it('sends a burst of 200 requests across the three buckets without a single 429', async () => {
    const transport = new RecordingTransport();
    const client = new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      credentials: createExchangeCredentials(simulator.credentials),
      rateLimit: true,
      retry: false, // a 429 would surface as an error instead of being hidden by a retry
      transport,
    });
    try {
      const calls: Array<Promise<unknown>> = [];
      for (let index = 0; index < 200; index += 1) {
        const bucket = index % 3;
        calls.push(
          bucket === 0
            ? client.getTime()
            : bucket === 1
              ? client.getAccounts()
              : client.getFills({ productId: 'BTC-USD' }),
        );
      }
      const results = await Promise.allSettled(calls);
      const failures = results.filter((result) => result.status === 'rejected');
      expect(failures).toEqual([]);
      expect(transport.exchanges).toHaveLength(200);
      expect(transport.exchanges.filter((exchange) => exchange.status !== 200)).toEqual([]);
    } finally {
      client.close();
    }
  }, 20_000);
});
