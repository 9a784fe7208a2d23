import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExchangeCredentials } from '@tradeloop/auth';
import { ManualClock } from '@tradeloop/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient, RateLimitedError } from '../src/index.js';
import { rejectionOf } from './support/simulator.js';

// The simulator sends no Retry-After header, so a bare loopback server answers here; the client's
// timers run on a ManualClock, moved by the test, while its requests travel over real HTTP.

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let server: Server | undefined;
let client: CoinbaseExchangeClient | undefined;

afterEach(async () => {
  client?.close();
  client = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const credentials = createExchangeCredentials({
  apiKey: '0123456789abcdef0123456789abcdef',
  apiSecret: Buffer.alloc(64, 3).toString('base64'),
  passphrase: 'retry-after',
});

/** A server answering `answer(method, path)`; returns its URL and the `METHOD path` of each arrival. */
async function serve(
  answer: (method: string, path: string) => Answer,
): Promise<{ url: string; arrivals: string[] }> {
  const arrivals: string[] = [];
  const listening = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const method = request.method ?? '';
      const path = request.url ?? '';
      arrivals.push(`${method} ${path}`);
      const { status, body, headers } = answer(method, path);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    });
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, arrivals };
}

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves the clock in steps, letting the client's promise continuations and sockets run between. */
async function advance(clock: ManualClock, ms: number, stepMs = 250): Promise<void> {
  for (let moved = 0; moved < ms; moved += stepMs) {
    clock.advanceBy(Math.min(stepMs, ms - moved));
    await realPause(2);
  }
}

describe('Retry-After', () => {
  it('after a 429 with Retry-After, nothing leaves on that bucket until it has passed', async () => {
    const { url, arrivals } = await serve((_method, path) =>
      path === '/accounts'
        ? { status: 429, body: { message: 'Private rate limit exceeded' }, headers: { 'retry-after': '2' } }
        : { status: 200, body: { maker_fee_rate: '0.004', taker_fee_rate: '0.006', usd_volume: '0' } },
    );
    const clock = new ManualClock(Date.now());
    client = new CoinbaseExchangeClient({ baseUrl: url, credentials, clock, retry: false });
    expect(RateLimitedError.isInstance(await rejectionOf(client.getAccounts()))).toBe(true);

    const fees = client.getFees();
    await advance(clock, 1_900);
    await realPause(50);
    expect(arrivals.filter((line) => line === 'GET /fees')).toEqual([]);
    await advance(clock, 100, 50);
    await fees;
    expect(arrivals).toEqual(['GET /accounts', 'GET /fees']);
  });

  it('a huge Retry-After on a placement does not hold its lookup for an hour', async () => {
    const clientOid = randomUUID();
    const order = { id: randomUUID(), client_oid: clientOid, status: 'pending', product_id: 'BTC-USD' };
    const { url, arrivals } = await serve((method) =>
      method === 'POST'
        ? {
            status: 429,
            body: { message: 'Private rate limit exceeded' },
            headers: { 'retry-after': '3600' },
          }
        : { status: 200, body: order },
    );
    const clock = new ManualClock(Date.now());
    client = new CoinbaseExchangeClient({ baseUrl: url, credentials, clock });
    const placed = client.placeOrder({
      client_oid: clientOid,
      product_id: 'BTC-USD',
      side: 'buy',
      price: '100.00',
      size: '0.01',
    });
    for (let waited = 0; arrivals.length < 1 && waited < 2_000; waited += 10) await realPause(10);
    expect(arrivals[0]).toBe('POST /orders');
    await realPause(50); // its 429 is read
    // A minute of clock time at most (the longest pause a Retry-After gets), not an hour.
    await advance(clock, 61_000, 500);
    for (let waited = 0; arrivals.length < 2 && waited < 2_000; waited += 10) await realPause(10);
    expect(arrivals[1]).toBe(`GET /orders/client:${clientOid}`);
    expect((await placed).id).toBe(order.id);
    expect(arrivals.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });
});
