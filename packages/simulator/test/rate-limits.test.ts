import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { TestRestClient } from './support/rest.js';

// Rate limits over real HTTP. The buckets refill with time, so the tests use buckets that refill
// far slower than any test runs (deterministic), plus one burst against Coinbase's defaults.
let simulator: RunningSimulator | undefined;
let clients: TestRestClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await simulator?.stop();
  simulator = undefined;
});

function clientFor(running: RunningSimulator, credentials?: RunningSimulator['credentials']) {
  const client = new TestRestClient(running.restUrl, credentials);
  clients.push(client);
  return client;
}

const slow = (burst: number) => ({ ratePerSecond: 0.001, burst });

describe('rate limits', () => {
  it('public: per IP, then 429 "Public rate limit exceeded"', async () => {
    simulator = await startSimulator({ market: { enabled: false }, rateLimits: { public: slow(3) } });
    const client = clientFor(simulator);
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await client.get('/products')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await client.get('/time');
    expect(refused.body).toEqual({ message: 'Public rate limit exceeded' });
  });

  it('private: per key, /fills has its own bucket', async () => {
    simulator = await startSimulator({
      market: { enabled: false },
      rateLimits: { private: slow(2), fills: slow(1) },
    });
    const first = clientFor(simulator, simulator.credentials);
    const second = clientFor(simulator, simulator.createApiKey());
    expect((await first.get('/accounts')).status).toBe(200);
    expect((await first.get('/orders')).status).toBe(200);
    const refused = await first.get('/accounts');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ message: 'Private rate limit exceeded' });
    expect((await second.get('/accounts')).status).toBe(200);
    expect((await first.get('/fills?product_id=BTC-USD')).status).toBe(200);
    expect((await first.get('/fills?product_id=BTC-USD')).body).toEqual({
      message: 'Private rate limit exceeded',
    });
    // Public routes are unaffected by private buckets.
    expect((await first.get('/products')).status).toBe(200);
  });

  it("applies Coinbase's buckets by default: a burst of 100 private requests is cut near 30", async () => {
    simulator = await startSimulator({ market: { enabled: false } });
    const client = clientFor(simulator, simulator.credentials);
    const responses = await Promise.all(Array.from({ length: 100 }, () => client.get('/accounts')));
    const ok = responses.filter((response) => response.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(30);
    expect(ok).toBeLessThan(100);
    expect(responses.find((response) => response.status === 429)?.body).toEqual({
      message: 'Private rate limit exceeded',
    });
  });

  it('can be switched off', async () => {
    simulator = await startSimulator({ market: { enabled: false }, rateLimits: false });
    const client = clientFor(simulator);
    const responses = await Promise.all(Array.from({ length: 60 }, () => client.get('/time')));
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });
});
