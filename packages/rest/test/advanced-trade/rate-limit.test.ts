import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/index.js';
import { advancedTradeClientFor } from '../support/advanced-trade.js';
import { RecordingTransport, startQuietSimulator } from '../support/simulator.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  // The simulator enforces Advanced Trade's limits: 30/s per key (private), 10/s per IP (public).
  simulator = await startQuietSimulator({ rateLimits: true });
});

afterAll(async () => {
  await simulator.stop();
});

describe("the Advanced Trade client's token buckets against the simulator's", () => {
  it('sends a burst of 120 private and public requests without a single 429', async () => {
    const transport = new RecordingTransport();
    const client = advancedTradeClientFor(simulator, { rateLimit: true, retry: false, transport });
    try {
      const calls: Array<Promise<unknown>> = [];
      for (let index = 0; index < 120; index += 1) {
        calls.push(index % 4 === 0 ? client.getServerTime() : client.listAccounts({ limit: 1 }));
      }
      const results = await Promise.allSettled(calls);
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(transport.exchanges.filter((exchange) => exchange.status === 429)).toHaveLength(0);
    } finally {
      client.close();
    }
  });

  it('without its buckets, the same burst meets 429s, typed as RateLimitedError', async () => {
    const client = advancedTradeClientFor(simulator, { rateLimit: false, retry: false });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, () => client.listAccounts({ limit: 1 })),
      );
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      for (const result of refused)
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitedError);
    } finally {
      client.close();
    }
  });
});
