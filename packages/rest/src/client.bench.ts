/**
 * What the client costs per request, against a bare `fetch` of the same simulator endpoint in the
 * same run (alternating rounds), and how many requests per second it sustains with rate limiting
 * off. Run: `pnpm --filter @tradeloop/rest bench` (BENCH_SMOKE=1 for a short run).
 *
 * "Bare fetch" is the least any client must do: for a private endpoint it still signs (one HMAC)
 * and parses the JSON, but it validates nothing, types nothing and never retries.
 */
import { createHmac } from 'node:crypto';
import { createExchangeCredentials } from '@tradeloop/auth';
import { startSimulator } from '@tradeloop/simulator';
import {
  type Comparison,
  compare,
  formatRate,
  printComparison,
  scaled,
  smoke,
} from '@tradeloop-internal/bench-harness';
import { CoinbaseExchangeClient } from './client.js';
import { FetchTransport } from './http/fetch-transport.js';
import type { HttpTransport } from './http/transport.js';

const simulator = await startSimulator({
  port: 0,
  seed: 1,
  rateLimits: false,
  faults: 'none',
  market: { enabled: false },
  balances: { USD: '100000000', BTC: '1000' },
});
const credentials = createExchangeCredentials(simulator.credentials);
const secretKey = Buffer.from(simulator.credentials.apiSecret, 'base64');

function client(transport?: HttpTransport): CoinbaseExchangeClient {
  return new CoinbaseExchangeClient({
    baseUrl: simulator.restUrl,
    credentials,
    rateLimit: false,
    ...(transport ? { transport } : {}),
  });
}

const defaultClient = client();
const fetchClient = client(new FetchTransport());

/** The bare baseline: fetch, one HMAC for private calls, JSON.parse. */
async function bareFetch(method: string, path: string, body?: string): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (path !== '/products/BTC-USD/ticker') {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers['CB-ACCESS-KEY'] = simulator.credentials.apiKey;
    headers['CB-ACCESS-PASSPHRASE'] = simulator.credentials.passphrase;
    headers['CB-ACCESS-TIMESTAMP'] = timestamp;
    headers['CB-ACCESS-SIGN'] = createHmac('sha256', secretKey)
      .update(timestamp + method + path + (body ?? ''))
      .digest('base64');
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(simulator.restUrl + path, { method, headers, body: body ?? null });
  const parsed: unknown = JSON.parse(await response.text());
  if (response.status !== 200) throw new Error(`bare fetch ${method} ${path}: ${response.status}`);
  return parsed;
}

// The client's own layers with no network at all: a transport that answers from memory, against
// the least a caller must do by hand for the same request (one HMAC, JSON.parse).
const accountsBody = JSON.stringify(
  Array.from({ length: 3 }, (_, index) => ({
    id: `6a8f2b1c-0000-4000-8000-00000000000${index}`,
    currency: ['BTC', 'USD', 'ETH'][index],
    balance: '10.0000000000000000',
    hold: '0.0000000000000000',
    available: '10',
    profile_id: 'e2d4f5a6-0000-4000-8000-000000000000',
    trading_enabled: true,
  })),
);
const inMemory: HttpTransport = {
  send: async () => ({ status: 200, body: accountsBody, header: () => undefined }),
};
const offline = client(inMemory);
const layers = await compare(
  {
    name: 'client.getAccounts() (in-memory transport)',
    run: async (count) => {
      for (let index = 0; index < count; index += 1) await offline.getAccounts();
    },
  },
  {
    name: 'HMAC + JSON.parse by hand',
    run: async (count) => {
      for (let index = 0; index < count; index += 1) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        createHmac('sha256', secretKey).update(`${timestamp}GET/accounts`).digest('base64');
        await Promise.resolve(JSON.parse(accountsBody));
      }
    },
  },
  { iterations: scaled(50_000) },
);
printComparison('Client layers alone, no network (GET /accounts)', layers);
console.log(
  `  client overhead beyond HMAC + parse: ${(layers.candidate.nanosecondsPerOp / 1000 - layers.baseline.nanosecondsPerOp / 1000).toFixed(1)} µs per request\n`,
);

const iterations = scaled(2_000);
const rounds = { iterations, rounds: smoke ? 2 : 6 };
const results: Array<[string, Comparison]> = [];

async function run(
  title: string,
  name: string,
  once: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
) {
  const comparison = await compare(
    {
      name,
      run: async (count) => {
        for (let index = 0; index < count; index += 1) await once();
      },
    },
    {
      name: 'bare fetch (+ HMAC for private)',
      run: async (count) => {
        for (let index = 0; index < count; index += 1) await baseline();
      },
    },
    rounds,
  );
  printComparison(title, comparison);
  console.log(
    `  time per request, client ÷ bare fetch: ${(1 / comparison.ratio).toFixed(2)}× (target ≤ 1.20×)\n`,
  );
  results.push([title, comparison]);
}

await run(
  'GET /products/BTC-USD/ticker (public)',
  'client (node:http keep-alive)',
  () => defaultClient.getProductTicker('BTC-USD'),
  () => bareFetch('GET', '/products/BTC-USD/ticker'),
);
await run(
  'GET /accounts (private: sign + parse)',
  'client (node:http keep-alive)',
  () => defaultClient.getAccounts(),
  () => bareFetch('GET', '/accounts'),
);
await run(
  'GET /accounts, both over fetch (the client layers alone)',
  'client (FetchTransport)',
  () => fetchClient.getAccounts(),
  () => bareFetch('GET', '/accounts'),
);

// Placing: a resting order far from the market, then its cancel, so the book does not grow.
let priceCents = 100;
const nextPrice = () => {
  priceCents = priceCents >= 99_999 ? 100 : priceCents + 1;
  return `${Math.floor(priceCents / 100)}.${String(priceCents % 100).padStart(2, '0')}`;
};
await run(
  'POST /orders + DELETE /orders/{id} (validate, serialize once, sign, parse)',
  'client (node:http keep-alive)',
  async () => {
    const order = await defaultClient.placeOrder({
      product_id: 'BTC-USD',
      side: 'buy',
      price: nextPrice(),
      size: '1',
    });
    await defaultClient.cancelOrder(order.id);
  },
  async () => {
    const body = JSON.stringify({
      client_oid: crypto.randomUUID(),
      type: 'limit',
      side: 'buy',
      product_id: 'BTC-USD',
      price: nextPrice(),
      size: '1',
    });
    const order = (await bareFetch('POST', '/orders', body)) as { id: string };
    await bareFetch('DELETE', `/orders/${order.id}`);
  },
);

// Throughput with rate limiting off: sequential, and 16 requests in flight.
async function throughput(label: string, concurrency: number, total: number): Promise<void> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await defaultClient.getProductTicker('BTC-USD');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`  ${label.padEnd(44)} ${formatRate(total / seconds).padStart(14)}`);
}
console.log('Requests per second against the simulator, rate limiting off (GET ticker)');
await throughput('sequential', 1, scaled(3_000));
await throughput('16 in flight', 16, scaled(6_000));

console.log('\nSummary (time per request, client ÷ bare fetch):');
for (const [title, comparison] of results) console.log(`  ${(1 / comparison.ratio).toFixed(2)}×  ${title}`);

defaultClient.close();
fetchClient.close();
await simulator.stop();
