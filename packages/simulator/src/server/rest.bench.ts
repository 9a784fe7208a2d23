/**
 * REST throughput over loopback from one client (one keep-alive connection pool, a few requests
 * in flight), rate limits off: signed order placements + cancels per second, against a bare
 * `GET /time` measured in the same run as the baseline (the cost of HTTP itself).
 *
 * Run: `pnpm --filter @tradeloop/simulator bench` (BENCH_SMOKE=1 for a short run).
 */
import { Agent, request as httpRequest } from 'node:http';
import { compare, printComparison, scaled } from '@tradeloop-internal/bench';
import { authHeaders } from '../../test/support/signing.js';
import { startSimulator } from '../simulator.js';

const inFlight = 8;

const simulator = await startSimulator({
  rateLimits: false,
  market: { enabled: false },
  balances: { USD: '1000000000', BTC: '1000' },
});
const url = new URL(simulator.restUrl);
const agent = new Agent({ keepAlive: true, maxSockets: inFlight });

function send(method: string, target: string, body = '', signed = true): Promise<string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
  };
  if (signed) Object.assign(headers, authHeaders(simulator.credentials, method, target, body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method, path: target, headers, agent },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          if ((response.statusCode ?? 0) >= 400)
            reject(new Error(`${method} ${target}: ${response.statusCode} ${text}`));
          else resolve(text);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs `total` operations with `inFlight` workers; each worker's step is one or more requests. */
async function inParallel(total: number, step: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await step(next++);
    }),
  );
}

let priceStep = 0;
const placeAndCancel = async () => {
  // Far below any ask: rests, never matches. One placement and one cancel = two requests.
  const price = `${10_000 + (priceStep++ % 5000) / 100}`;
  const body = JSON.stringify({ product_id: 'BTC-USD', side: 'buy', price, size: '0.001' });
  const placed = JSON.parse(await send('POST', '/orders', body)) as { id: string };
  await send('DELETE', `/orders/${placed.id}`);
};

const iterations = scaled(4000);
const comparison = await compare(
  {
    name: 'POST /orders + DELETE /orders/{id}',
    run: (requests) => inParallel(Math.max(1, Math.floor(requests / 2)), placeAndCancel),
  },
  {
    name: 'GET /time (bare HTTP baseline)',
    run: (requests) => inParallel(requests, async () => void (await send('GET', '/time', '', false))),
  },
  { iterations, rounds: 6 },
);
printComparison(
  `REST over loopback, one client, ${inFlight} requests in flight (requests/s; a pair = 2 requests)`,
  comparison,
);

agent.destroy();
await simulator.stop();
