/**
 * REST throughput over loopback from one client (a worker thread with one keep-alive pool and a
 * few requests in flight), rate limits off: signed order placements + cancels per second, against
 * a bare `GET /time` measured in the same run as the baseline (the cost of HTTP itself).
 *
 * Run: `pnpm --filter @tradeloop/simulator bench` (BENCH_SMOKE=1 for a short run).
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { compare, printComparison, scaled } from '@tradeloop-internal/bench-harness';
import { startSimulator } from '../simulator.js';

const inFlight = 8;

const simulator = await startSimulator({
  rateLimits: false,
  market: { enabled: false },
  balances: { USD: '1000000000', BTC: '1000' },
});
// The worker's entry is TypeScript: register tsx's loader inside the worker, then import it.
const tsxApi = import.meta.resolve('tsx/esm/api');
const entry = new URL('./rest-client.bench.ts', import.meta.url).href;
const client = new Worker(
  `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
  { eval: true, workerData: { restUrl: simulator.restUrl, credentials: simulator.credentials, inFlight } },
);

function load(kind: 'orders' | 'time', requests: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.once('message', (result: { ok: boolean; message?: string }) =>
      result.ok ? resolve() : reject(new Error(result.message)),
    );
    client.postMessage({ kind, requests });
  });
}

// The server's own cost, less sensitive to a shared machine than wall time: how long its event
// loop was busy per request (the client runs on another thread).
const busy = { orders: { ms: 0, requests: 0 }, time: { ms: 0, requests: 0 } };
async function measured(kind: 'orders' | 'time', requests: number): Promise<void> {
  const before = performance.eventLoopUtilization();
  await load(kind, requests);
  const used = performance.eventLoopUtilization(before);
  busy[kind].ms += used.active;
  busy[kind].requests += kind === 'orders' ? Math.max(1, Math.floor(requests / 2)) * 2 : requests;
}

const comparison = await compare(
  { name: 'POST /orders + DELETE /orders/{id}', run: (requests) => measured('orders', requests) },
  { name: 'GET /time (bare HTTP baseline)', run: (requests) => measured('time', requests) },
  { iterations: scaled(4000), rounds: 6 },
);
printComparison(
  `REST over loopback, one client (worker thread, ${inFlight} requests in flight), requests/s; a pair = 2 requests`,
  comparison,
);

for (const [kind, { ms, requests }] of Object.entries(busy)) {
  const perRequestUs = (ms * 1000) / requests;
  console.log(
    `  server event loop busy per request (${kind}): ${perRequestUs.toFixed(0)} µs → ${Math.round(1e6 / perRequestUs).toLocaleString('en-US')} requests/s per busy core`,
  );
}

client.postMessage('stop');
await simulator.stop();
